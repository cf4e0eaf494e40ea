// Serves the built renderer: in Electron through the privileged app:// scheme (not file://, so
// the page cannot read other local files and the CSP header applies), in the e2e harness
// through a local HTTP server. One function, so both send the same files and headers.
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { CONTENT_SECURITY_POLICY } from './csp';

export const APP_SCHEME = 'app';
export const APP_HOST = 'snapvisor';
export const APP_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
};

export interface StaticResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer | null;
}

const notFound = (): StaticResponse => ({ status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8' }, body: null });

/** The file under `root` a URL path names; never anything outside it. */
export async function readStaticFile(root: string, pathname: string): Promise<StaticResponse> {
  let path: string;
  try {
    path = decodeURIComponent(pathname);
  } catch {
    return notFound();
  }
  if (path.includes('\0')) return notFound();
  const base = normalize(root + sep);
  const file = normalize(join(base, path === '/' || path === '' ? 'index.html' : path));
  if (!file.startsWith(base)) return notFound();
  try {
    const body = await readFile(file);
    return {
      status: 200,
      headers: {
        'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
        'Content-Security-Policy': CONTENT_SECURITY_POLICY,
        'X-Content-Type-Options': 'nosniff',
        'Cache-Control': 'no-store',
      },
      body,
    };
  } catch {
    return notFound();
  }
}

/** For the app:// handler: only the app's own host is served. */
export function readAppUrl(root: string, url: string): Promise<StaticResponse> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return Promise.resolve(notFound());
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST) return Promise.resolve(notFound());
  return readStaticFile(root, parsed.pathname);
}
