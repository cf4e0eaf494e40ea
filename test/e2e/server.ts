// A static HTTP server for the built renderer on 127.0.0.1 (random port), serving files the
// way Electron's app:// handler does (same function, same Content-Security-Policy).
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readStaticFile } from '../../electron/app/static-files';

export interface StaticServer {
  url: string;
  close(): Promise<void>;
}

/** A POST the server hands to its owner: the e2e harness's IPC requests. */
export interface PostRequest {
  pathname: string;
  /** The Origin header: the page's own origin, or someone else's. */
  origin: string | undefined;
  body: string;
}

/** Serves `root`'s files; `post` answers POST requests with JSON text (the e2e harness's IPC). */
export async function serveDirectory(root: string, post?: (req: PostRequest) => Promise<string>): Promise<StaticServer> {
  const server = createServer((req, res) => {
    const pathname = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    if (req.method === 'POST' && post) {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        post({ pathname, origin: req.headers.origin, body: Buffer.concat(chunks).toString('utf8') }).then(
          (answer) => res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' }).end(answer),
          () => { res.writeHead(500).end(); },
        );
      });
      return;
    }
    // Browsers ask for a favicon the app does not have; answer without a console error.
    if (pathname === '/favicon.ico') {
      res.writeHead(204).end();
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405).end();
      return;
    }
    readStaticFile(root, pathname).then(
      (r) => {
        res.writeHead(r.status, r.headers);
        res.end(req.method === 'HEAD' ? undefined : r.body ?? undefined);
      },
      () => { res.writeHead(500).end(); },
    );
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => ok());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((ok, fail) => {
      server.closeAllConnections();
      server.close((e) => (e ? fail(e) : ok()));
    }),
  };
}
