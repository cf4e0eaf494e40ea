// The Electron shell, kept thin: window, menu, lifecycle, and the IPC contract's handlers.
// Everything it calls is plain Node code tested without Electron (electron/app, electron/ipc).
//
// Lifetime: one instance per user; closing the window quits the app. Schedules run while the
// app is open; the CLI's systemd timer (`snapvisor schedules run`) covers the time it is closed.
import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, screen, session } from 'electron';
import { join } from 'node:path';
import type { SnapvisorServices } from './services/api';
import { CHANNELS, eventChannel } from './ipc/contract';
import { createHandlers } from './ipc/handlers';
import { forwardEvents } from './ipc/events';
import { readShellConfig, servicePaths, threadPoolSize } from './app/config';
import { withCsp } from './app/csp';
import { menuTemplate } from './app/menu';
import { isAppPage, isTrustedSender } from './app/sender';
import { APP_SCHEME, APP_URL, readAppUrl } from './app/static-files';
import { allowPermission, secureWebPreferences } from './app/web-preferences';
import { loadWindowState, MIN_SIZE, saveWindowState } from './app/window-state';

// The services (koffi, better-sqlite3) are imported dynamically below, so this line runs before
// libuv's thread pool exists: koffi's async libvirt calls need more than the default 4 threads.
process.env.UV_THREADPOOL_SIZE = threadPoolSize(process.env.UV_THREADPOOL_SIZE);

const config = readShellConfig(process.env, app.isPackaged);
if (config.userData) app.setPath('userData', config.userData);

const here = import.meta.dirname;
const RENDERER_DIR = join(here, '..', 'dist', 'renderer');
const PRELOAD = join(here, 'preload.cjs');

// The page is served from app://snapvisor/, not file://: a standard, secure origin of its own
// that can read nothing but the renderer's files, with the CSP as a real response header.
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);

let servicesReady: Promise<SnapvisorServices> | null = null;
let mainWindow: BrowserWindow | null = null;
let shutDown = false;

function createWindow(paths: ReturnType<typeof servicePaths>): BrowserWindow {
  const workAreas = screen.getAllDisplays().map((d) => d.workArea);
  const state = loadWindowState(paths.windowState, workAreas);
  const win = new BrowserWindow({
    ...state,
    minWidth: MIN_SIZE.width,
    minHeight: MIN_SIZE.height,
    show: false,
    title: 'Snapvisor',
    backgroundColor: '#1e1f22',
    webPreferences: secureWebPreferences(PRELOAD),
  });
  if (state.maximized) win.maximize();
  win.once('ready-to-show', () => win.show());
  win.on('close', () => saveWindowState(paths.windowState, win.getNormalBounds(), win.isMaximized()));

  // The window never leaves the app's page and never opens another.
  win.webContents.on('will-navigate', (event, url) => { if (!isAppPage(url, APP_URL)) event.preventDefault(); });
  win.webContents.on('will-redirect', (event) => event.preventDefault());
  win.webContents.on('will-attach-webview', (event) => event.preventDefault());
  win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));

  void win.loadURL(APP_URL);
  return win;
}

/**
 * Registers every channel at once; requests wait for the services, so the window can show while
 * hosts connect (a remote host may take a while to answer or time out).
 */
function registerHandlers(ready: Promise<SnapvisorServices>): void {
  const handlers = ready.then((svc) => createHandlers(svc, {
    appInfo: () => ({ version: app.getVersion(), platform: process.platform, locale: app.getLocale() }),
  }));
  handlers.catch(() => { /* start() reports a failed start and exits */ });
  for (const channel of CHANNELS) {
    ipcMain.handle(channel, async (event, request: unknown) => {
      if (!isTrustedSender(event.senderFrame, APP_URL)) {
        console.error(`[ipc] refused ${channel} from ${event.senderFrame?.url ?? 'a destroyed frame'}`);
        return { ok: false, error: { code: 'internal', params: { message: 'refused: not the app page' } } };
      }
      return (await handlers)[channel](request);
    });
  }
}

function hardenSession(): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const r = await readAppUrl(RENDERER_DIR, request.url);
    return new Response(r.body && Uint8Array.from(r.body), { status: r.status, headers: r.headers });
  });
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: withCsp(details.responseHeaders ?? {}) });
  });
  session.defaultSession.setPermissionRequestHandler((_wc, permission, callback) => callback(allowPermission(permission)));
  session.defaultSession.setPermissionCheckHandler((_wc, permission) => allowPermission(permission));
}

async function start(): Promise<void> {
  const paths = servicePaths(app.getPath('userData'), config, process.env);
  hardenSession();
  Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate({
    dev: config.dev,
    onAbout: () => app.showAboutPanel(),
  })));
  app.setAboutPanelOptions({ applicationName: 'Snapvisor', applicationVersion: app.getVersion() });

  const { createServices } = await import('./services/index');
  // schedulesTimer: due schedules run (and retention applies) while the app is open.
  const ready = createServices({ dbPath: paths.dbPath, dataDir: paths.dataDir, defaultUri: config.defaultUri, schedulesTimer: true });
  servicesReady = ready;
  registerHandlers(ready);
  mainWindow = createWindow(paths);
  mainWindow.on('closed', () => { mainWindow = null; });
  forwardEvents(await ready, (event, payload) => {
    if (mainWindow && !mainWindow.isDestroyed()) mainWindow.webContents.send(eventChannel(event), payload);
  });
}

async function stop(): Promise<void> {
  // Also when quitting while the services are still starting: wait, then close them.
  const svc = await servicesReady?.catch(() => null);
  await svc?.close();
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', (event) => {
    if (shutDown) return;
    // Close the services (finish the schedule run, close libvirt and SQLite) before exiting.
    event.preventDefault();
    shutDown = true;
    stop().catch((e: unknown) => console.error('[shutdown]', e)).finally(() => app.quit());
  });
  app.on('web-contents-created', (_event, contents) => {
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });
  app.whenReady().then(start).catch((e: unknown) => {
    console.error('[startup]', e);
    dialog.showErrorBox('Snapvisor could not start', e instanceof Error ? e.message : String(e));
    app.exit(1);
  });
}
