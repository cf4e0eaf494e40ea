// The start-up benchmark's app process (built by test/bench/startup.ts and started fresh each
// run): what electron/main.ts does at start. The page is served at once; the services and the
// IPC handlers are imported (in chunks of their own, as main's) and start (open, migrate) while
// it loads, its requests waiting for them; hosts connect and reconcile in the background once
// the page has its first list (electron/app/first-list.ts, as main). Tells the benchmark, as
// JSON lines on stdout, where it serves (with this process's clock origin), when the services
// were ready and when the hosts' start had settled; exits when stdin closes.
import type { Handlers } from '../../../electron/ipc/contract';
import { firstListGate } from '../../../electron/app/first-list';
import { serveApp } from '../../e2e/app-server';

export interface StartupArgs {
  dbPath: string;
  dataDir: string;
  uri: string;
  rendererDir: string;
}

export type StartupLine = { url: string; timeOrigin: number; entryMs: number } | { servicesReadyMs: number } | { hostsStartedMs: number };

const say = (line: StartupLine) => process.stdout.write(`${JSON.stringify(line)}\n`);
const entryMs = performance.now();
const args = JSON.parse(process.env.SV_STARTUP_ARGS ?? '{}') as StartupArgs;
let handlers: (h: Handlers) => void = () => undefined;
const server = await serveApp(args.rendererDir, new Promise<Handlers>((ok) => { handlers = ok; }));
say({ url: server.url, timeOrigin: performance.timeOrigin, entryMs });
const gate = firstListGate();
const ready = (async () => {
  const { createServices } = await import('../../../electron/services/index');
  return createServices({ dbPath: args.dbPath, dataDir: args.dataDir, defaultUri: args.uri, connectHosts: 'background', hostsAfter: gate.opened, schedulesTimer: false });
})();
void Promise.all([ready, import('../../../electron/ipc/handlers')]).then(async ([s, { createHandlers }]) => {
  handlers(gate.watch(createHandlers(s)));
  say({ servicesReadyMs: performance.now() });
  await s.started();
  say({ hostsStartedMs: performance.now() });
});
process.stdin.resume();
process.stdin.on('end', () => {
  void (async () => {
    await server.close();
    await (await ready).close();
  })();
});
