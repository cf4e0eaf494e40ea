// The Electron shell, kept thin: window, menu, lifecycle, and the IPC contract's handlers.
// Everything it calls is plain Node code tested without Electron (electron/app, electron/ipc).
//
// Lifetime: one instance per user; closing the window quits the app. Schedules run while the
// app is open; the systemd user timer the Schedules screen turns on (`snapvisor schedules run`)
// covers the time it is closed. Started as `<binary> cli …` (the AppImage's way to the command
// line) it runs the bundled CLI instead and opens nothing.
import { app, BrowserWindow, dialog, ipcMain, Menu, Notification, protocol, screen, session } from 'electron';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { SnapvisorServices } from './services/api';
import { CHANNELS, eventChannel } from './ipc/contract';
import { forwardEvents } from './ipc/events';
import { firstListGate, type FirstListGate } from './app/first-list';
import { readShellConfig, servicePaths, threadPoolSize, type ShellConfig } from './app/config';
import { failureNotice, type NoticeMemory } from './app/failure-notice';
import { exitCodeOf, launchMode } from './app/launch-mode';
import { CLI_BUNDLE, selfInvocation } from './cli/invocation';
import { langFromLocale } from '../shared/error-messages';
import { withCsp } from './app/csp';
import { menuTemplate } from './app/menu';
import { isAppPage, isTrustedSender } from './app/sender';
import { APP_SCHEME, APP_URL, readAppUrl } from './app/static-files';
import { allowPermission, secureWebPreferences } from './app/web-preferences';
import { loadWindowState, MIN_SIZE, saveWindowState } from './app/window-state';
import { filePicker } from './app/file-dialog';

const here = import.meta.dirname;
const RENDERER_DIR = join(here, '..', 'dist', 'renderer');
const PRELOAD = join(here, 'preload.cjs');
const CLI = join(here, CLI_BUNDLE);

let config: ShellConfig;
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
 * Registers every channel at once; requests wait for the services (the store open and migrated)
 * and the handlers (their zod schemas), both loaded while the window loads its page.
 */
function registerHandlers(ready: Promise<SnapvisorServices>, gate: FirstListGate): void {
  const handlers = Promise.all([ready, import('./ipc/handlers')]).then(([svc, { createHandlers }]) => gate.watch(createHandlers(svc, {
    appInfo: () => ({ version: app.getVersion(), platform: process.platform, locale: app.getLocale() }),
    // Modal on the window when there is one.
    pickFile: filePicker({
      showSaveDialog: (o) => (mainWindow ? dialog.showSaveDialog(mainWindow, o) : dialog.showSaveDialog(o)),
      showOpenDialog: (o) => (mainWindow ? dialog.showOpenDialog(mainWindow, o) : dialog.showOpenDialog(o)),
    }, app.getPath('documents')),
  })));
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

  // connectHosts 'background': the services answer from the store at once, so the window shows
  // the stored list while hosts connect and reconcile, and what that changes arrives as events;
  // hostsAfter: they start once the window has its first list (electron/app/first-list.ts).
  // schedulesTimer: due schedules run (and retention applies) while the app is open; the
  // systemd timer for the rest of the time runs this app's own command line. watchLifecycle: a
  // VM's pending merges run when it stops, starts or resumes.
  const gate = firstListGate();
  const ready = (async () => {
    const { createServices } = await import('./services/index');
    return createServices({
      dbPath: paths.dbPath, dataDir: paths.dataDir, defaultUri: config.defaultUri, connectHosts: 'background', hostsAfter: gate.opened,
      schedulesTimer: true, watchLifecycle: true, cliInvocation: selfInvocation(CLI),
    });
  })();
  servicesReady = ready;
  registerHandlers(ready, gate);
  // The window's renderer process starts while the services load and open the store.
  mainWindow = createWindow(paths);
  mainWindow.on('closed', () => { mainWindow = null; });
  const services = await ready;
  forwardEvents(services, (event, payload) => {
    if (mainWindow && !mainWindow.isDestroyed()) mainWindow.webContents.send(eventChannel(event), payload);
  });
  notifyScheduleFailures(services);
}

/** A desktop notification for each new failure of a scheduled run while the app runs. */
function notifyScheduleFailures(services: SnapvisorServices): void {
  let memory: NoticeMemory = new Map();
  services.on('schedule.changed', (schedule) => {
    const decided = failureNotice(memory, schedule, langFromLocale(app.getLocale()));
    memory = decided.memory;
    if (!decided.notice || !Notification.isSupported()) return;
    const notification = new Notification(decided.notice);
    notification.on('click', () => mainWindow?.show());
    notification.show();
  });
}

async function stop(): Promise<void> {
  // Also when quitting while the services are still starting: wait, then close them.
  const svc = await servicesReady?.catch(() => null);
  await svc?.close();
}

/** `<binary> cli …`: the bundled CLI on this binary in Node mode, its exit code passed on. */
function runCommandLine(args: string[]): void {
  const r = spawnSync(process.execPath, [CLI, ...args], { stdio: 'inherit', env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } });
  app.exit(exitCodeOf(r));
}

function runWindowApp(): void {
  // The services (koffi, better-sqlite3) are imported dynamically in start(), so this line runs
  // before libuv's thread pool exists: koffi's async libvirt calls need more than 4 threads.
  process.env.UV_THREADPOOL_SIZE = threadPoolSize(process.env.UV_THREADPOOL_SIZE);
  config = readShellConfig(process.env, app.isPackaged);
  if (config.userData) app.setPath('userData', config.userData);
  // The page is served from app://snapvisor/, not file://: a standard, secure origin of its own
  // that can read nothing but the renderer's files, with the CSP as a real response header.
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);

  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
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

const launch = launchMode(process.argv, app.isPackaged);
if (launch.mode === 'cli') runCommandLine(launch.args);
else runWindowApp();
