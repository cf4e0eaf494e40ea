// The e2e harness: the built renderer in Debian's Chromium, driven against REAL services and the
// REAL handlers. The page gets window.snapvisor from the same createApiClient as the preload,
// over POSTs to the page's own origin instead of ipcRenderer; service events are forwarded to the page.
//
//   const app = await startApp({ uri: 'test:///default' });
//   await app.page.getByRole('navigation').waitFor();
//   await app.screenshot('sidebar');
//   await app.close();
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createServices } from '../../electron/services/index';
import { CLI_BUNDLE, selfInvocation } from '../../electron/cli/invocation';
import type { SnapvisorServices } from '../../electron/services/api';
import { createApiClient, type SnapvisorApi } from '../../electron/ipc/contract';
import { createHandlers, type PickFile } from '../../electron/ipc/handlers';
import { forwardEvents } from '../../electron/ipc/events';
import { ensureRendererBuilt, pageClientScript } from './build';
import { serveApp } from './app-server';

export const ROOT = resolve(import.meta.dirname, '../..');
export const SCREENSHOTS = join(ROOT, 'test-results', 'screenshots');
export const CHROMIUM = process.env.SNAPVISOR_CHROMIUM ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-dev-shm-usage',
];

export interface StartOptions {
  /** The libvirt URI of the default host; the demo host by default. */
  uri?: string;
  /** The page's language (navigator.language): 'en-US', 'ko-KR' … */
  locale?: string;
  viewport?: { width: number; height: number };
  /** Runs after the services exist and before the page loads: seed hosts, snapshots … */
  seed?: (services: SnapvisorServices, api: SnapvisorApi) => Promise<void>;
  /** Runs before the services exist: write their database file directly (10,000 rows …). */
  prepare?: (paths: { dbPath: string; dataDir: string }) => void;
  /** 'background' starts as the app does: the page is served while the hosts connect and reconcile (default 'all': before). */
  connectHosts?: 'all' | 'background';
  /** False: the page stays blank for the caller to add init scripts and navigate to `url`. */
  navigate?: boolean;
  /** Stands in for the system's file dialog (app.pickFile) as main injects Electron's: answers a path the test chose. */
  pickFile?: PickFile;
}

export interface App {
  page: Page;
  services: SnapvisorServices;
  /** The same contract over the handlers directly (no page): for setting up and checking. */
  api: SnapvisorApi;
  url: string;
  /** Uncaught exceptions in the page, for tests that assert a clean run. */
  pageErrors: string[];
  /** console.error output and failed resource loads. */
  consoleErrors: string[];
  /** Every channel the page called, in order (what a change costs in requests). */
  requests: string[];
  screenshot(name: string): Promise<string>;
  close(): Promise<void>;
}


export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`no Chromium at ${CHROMIUM}: run \`sudo scripts/setup-host.sh\` (apt-get install -y chromium) or set SNAPVISOR_CHROMIUM`);
  }
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, timeout: 60_000 });
}

export async function startApp(options: StartOptions = {}): Promise<App> {
  const uri = options.uri ?? 'test:///default';
  const cleanups: (() => Promise<unknown>)[] = [];
  const close = async () => {
    // Newest first; every step runs even when an earlier one fails.
    const errors: unknown[] = [];
    for (const fn of cleanups.reverse()) await fn().catch((e: unknown) => errors.push(e));
    if (errors.length) throw new AggregateError(errors, 'e2e cleanup failed');
  };
  try {
    const [rendererDir, clientScript] = await Promise.all([ensureRendererBuilt(), pageClientScript()]);

    const dir = await mkdtemp(join(tmpdir(), 'snapvisor-e2e-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    // As main does: the services know the app's command line (for the systemd timer). systemctl
    // runs with an empty XDG_RUNTIME_DIR and no session bus, so no user systemd instance answers
    // and the user's own timer is never looked at: the Schedules screen shows the "unavailable" state.
    await mkdir(join(dir, 'run'), { mode: 0o700 });
    const paths = { dbPath: join(dir, 'snapvisor.db'), dataDir: join(dir, 'data') };
    options.prepare?.(paths);
    const services = await createServices({
      ...paths, defaultUri: uri, connectHosts: options.connectHosts ?? 'all',
      cliInvocation: selfInvocation(join(ROOT, 'dist-electron', CLI_BUNDLE)),
      env: { PATH: process.env.PATH, HOME: dir, XDG_CONFIG_HOME: join(dir, 'config'), XDG_RUNTIME_DIR: join(dir, 'run') },
    });
    cleanups.push(async () => {
      try {
        await services.idle();
        await services.files.destroyAll();
      } finally {
        await services.close();
      }
    });

    const handlers = createHandlers(services, { pickFile: options.pickFile });
    const api = createApiClient((channel, request) => handlers[channel](request), (event, listener) => services.on(event, listener));
    await options.seed?.(services, api);

    const server = await serveApp(rendererDir, handlers);
    cleanups.push(() => server.close());

    const browser = await launchChromium();
    cleanups.push(() => browser.close());
    const context = await browser.newContext({
      viewport: options.viewport ?? { width: 1280, height: 800 },
      locale: options.locale ?? 'en-US',
      timezoneId: 'UTC',
    });
    const page = await context.newPage();
    const pageErrors: string[] = [];
    const consoleErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });

    await page.addInitScript({ content: clientScript });
    const stopEvents = forwardEvents(services, (event, payload) => {
      page.evaluate(([e, p]) => {
        (globalThis as unknown as { __snapvisorEmit?: (e: unknown, p: unknown) => void }).__snapvisorEmit?.(e, p);
      }, [event, payload] as const).catch(() => { /* the page is gone or navigating: the event has no listener */ });
    });
    cleanups.push(async () => stopEvents());

    if (options.navigate !== false) await page.goto(`${server.url}/index.html`, { waitUntil: 'load' });

    return {
      page, services, api, url: server.url, pageErrors, consoleErrors, requests: server.requests,
      screenshot: async (name) => {
        await mkdir(SCREENSHOTS, { recursive: true });
        const path = join(SCREENSHOTS, `${name.replace(/[^A-Za-z0-9._-]+/g, '-')}.png`);
        await page.screenshot({ path, fullPage: true });
        return path;
      },
      close,
    };
  } catch (e) {
    await close().catch(() => { /* the original error matters more */ });
    throw e;
  }
}
