// The start-up benchmark's app process (built to one file by test/bench/startup.ts and started
// fresh each run): what electron/main.ts does at start. The services start (open, migrate,
// connect, reconcile) while the page loads: the server answers the page at once and its
// requests wait for the services. Tells the benchmark, as JSON lines on stdout, where it serves
// (with this process's clock origin) and when the services were ready; exits when stdin closes.
import { createServices } from '../../../electron/services/index';
import { createHandlers, type Handlers } from '../../../electron/ipc/handlers';
import { serveApp } from '../../e2e/app-server';

export interface StartupArgs {
  dbPath: string;
  dataDir: string;
  uri: string;
  rendererDir: string;
}

export type StartupLine = { url: string; timeOrigin: number; entryMs: number } | { servicesReadyMs: number };

const say = (line: StartupLine) => process.stdout.write(`${JSON.stringify(line)}\n`);
const entryMs = performance.now();
const args = JSON.parse(process.env.SV_STARTUP_ARGS ?? '{}') as StartupArgs;
let handlers: (h: Handlers) => void = () => undefined;
const server = await serveApp(args.rendererDir, new Promise<Handlers>((ok) => { handlers = ok; }));
say({ url: server.url, timeOrigin: performance.timeOrigin, entryMs });
const ready = createServices({ dbPath: args.dbPath, dataDir: args.dataDir, defaultUri: args.uri, schedulesTimer: false });
void ready.then((s) => {
  handlers(createHandlers(s));
  say({ servicesReadyMs: performance.now() });
});
process.stdin.resume();
process.stdin.on('end', () => {
  void (async () => {
    await server.close();
    await (await ready).close();
  })();
});
