// The e2e transport's main side: the built renderer served on 127.0.0.1, and the page's requests
// (POSTs to its own origin, page-client.ts) dispatched to the real handlers, the way the
// preload's arrive over ipcRenderer. Only the app's own page may call them, as main checks the
// sender's frame. (A Playwright binding carried them before: its replies wait for Playwright's
// utility world after each navigation, and it took a second to carry 6 MB of rows.)
import { dispatch, type Handlers } from '../../electron/ipc/contract';
import { serveDirectory, type StaticServer } from './server';

/** Where the page posts its requests. */
export const IPC_PATH = '/__ipc';

export interface AppServer extends StaticServer {
  /** Every channel the page called, in order. */
  requests: string[];
}

/** Serves `rendererDir`; requests wait for `handlers` (main registers its channels before the services are up). */
export async function serveApp(rendererDir: string, handlers: Handlers | Promise<Handlers>): Promise<AppServer> {
  const requests: string[] = [];
  const server: StaticServer = await serveDirectory(rendererDir, async ({ pathname, origin, body }) => {
    if (pathname !== IPC_PATH || origin !== server.url) {
      return JSON.stringify({ ok: false, error: { code: 'internal', params: { message: 'foreign sender' } } });
    }
    const { channel, request } = JSON.parse(body) as { channel: unknown; request: unknown };
    requests.push(String(channel));
    return JSON.stringify(await dispatch(await handlers, channel, request));
  });
  return { ...server, requests };
}
