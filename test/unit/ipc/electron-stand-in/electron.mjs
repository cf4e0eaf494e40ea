// A stand-in for Electron's main-process API, just enough to run the built dist-electron/main.js
// in plain Node (no Electron binary here). When main loads its page, a scripted session runs
// against the REAL handlers and services main created, and reports what happened as one JSON
// line per step on stdout ("@@ {...}").
import { EventEmitter } from 'node:events';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const report = (step, data) => process.stdout.write(`@@ ${JSON.stringify({ step, data })}\n`);
const paths = { userData: join(process.env.HOME ?? '/tmp', '.config', 'Snapvisor-stand-in'), documents: '/home/stand-in/Documents' };
const handlers = new Map();
const sent = [];
let menuTemplate = null;
let windowOpenHandler = null;
const windows = [];
let headersHook = null;

class AppStandIn extends EventEmitter {
  // Packaged by default; STAND_IN_UNPACKAGED=1 makes argv read as `electron <app> ...` does.
  isPackaged = process.env.STAND_IN_UNPACKAGED !== '1';
  getPath(name) { return paths[name]; }
  setPath(name, value) { paths[name] = value; }
  getVersion() { return '0.1.0'; }
  getLocale() { return 'ko-KR'; }
  requestSingleInstanceLock() { return true; }
  whenReady() { this.readyCalled = true; return Promise.resolve(); }
  setAboutPanelOptions() {}
  showAboutPanel() {}
  quit() {
    let prevented = false;
    this.emit('will-quit', { preventDefault: () => { prevented = true; } });
    if (!prevented) {
      report('quit', { windowState: existsSync(join(paths.userData, 'window-state.json')) });
      process.exit(0);
    }
  }
  exit(code) { report('exit', { code }); process.exit(code); }
}
export const app = new AppStandIn();

const schemes = [];
const protocolHandlers = new Map();
export const protocol = {
  registerSchemesAsPrivileged: (list) => { if (app.readyCalled) throw new Error('too late'); schemes.push(...list); },
  handle: (scheme, fn) => protocolHandlers.set(scheme, fn),
};

export const ipcMain = { handle: (channel, fn) => handlers.set(channel, fn) };
export class Notification extends EventEmitter {
  static isSupported() { return true; }
  constructor(options) { super(); this.options = options; }
  show() { report('notification', this.options); }
}
export const Menu = {
  buildFromTemplate: (template) => { menuTemplate = template; return {}; },
  setApplicationMenu: () => {},
};
export const screen = { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] };
// The file dialogs answer what the session scripts (a path the "user" chose, or a cancel).
const dialogsShown = [];
const dialogAnswers = [];
const shown = (kind, args) => {
  const [parent, options] = args.length === 2 ? args : [null, args[0]];
  dialogsShown.push({ kind, modal: parent instanceof BrowserWindow, options });
  return Promise.resolve(dialogAnswers.shift());
};
export const dialog = {
  showErrorBox: (title, text) => report('error-box', { title, text }),
  showSaveDialog: (...args) => shown('save', args),
  showOpenDialog: (...args) => shown('open', args),
};
const permissionChecks = [];
export const session = {
  defaultSession: {
    webRequest: { onHeadersReceived: (fn) => { headersHook = fn; } },
    setPermissionRequestHandler: (fn) => permissionChecks.push(fn),
    setPermissionCheckHandler: (fn) => permissionChecks.push(fn),
  },
};

class WebContentsStandIn extends EventEmitter {
  send(channel, payload) { sent.push([channel, payload]); }
  setWindowOpenHandler(fn) { windowOpenHandler = fn; }
}

export class BrowserWindow extends EventEmitter {
  constructor(options) {
    super();
    this.options = options;
    this.webContents = new WebContentsStandIn();
    windows.push(this);
  }
  static getAllWindows() { return [...windows]; }
  maximize() {}
  show() {}
  isDestroyed() { return false; }
  isMinimized() { return false; }
  isMaximized() { return false; }
  getNormalBounds() { return { x: 10, y: 20, width: 1111, height: 777 }; }
  loadURL(url) {
    setImmediate(() => session_(this, url).catch((e) => { report('failed', { message: String(e?.stack ?? e) }); process.exit(1); }));
    return Promise.resolve();
  }
}

const trusted = (url) => ({ senderFrame: { url, parent: null } });

async function session_(win, url) {
  const prefs = win.options.webPreferences;
  report('window', { url, preload: prefs.preload, prefs: { ...prefs, preload: undefined }, title: win.options.title });
  report('channels', [...handlers.keys()]);
  const fetchApp = async (target) => {
    const res = await protocolHandlers.get('app')({ url: target });
    const body = await res.text();
    return { status: res.status, csp: res.headers.get('content-security-policy'), type: res.headers.get('content-type'), root: body.includes('id="root"') };
  };
  report('protocol', {
    schemes,
    index: await fetchApp(url),
    parent: await fetchApp('app://snapvisor/../../package.json'),
    encoded: await fetchApp('app://snapvisor/%2e%2e/%2e%2e/%2e%2e/etc/passwd'),
    otherHost: await fetchApp('app://evil/index.html'),
    missing: await fetchApp('app://snapvisor/nope.js'),
  });
  report('menu', JSON.parse(JSON.stringify(menuTemplate)));

  const call = (channel, request, event = trusted(url)) => handlers.get(channel)(event, request);
  report('trusted', await call('hosts.list', {}));
  // Requests wait for the services, which open the store (the window loads meanwhile).
  report('env', { uvThreadpool: process.env.UV_THREADPOOL_SIZE, userData: paths.userData, db: existsSync(join(paths.userData, 'snapvisor.db')) });
  report('foreign', await call('hosts.list', {}, trusted('https://evil.example/index.html')));
  report('subframe', await call('hosts.list', {}, { senderFrame: { url, parent: {} } }));
  report('destroyed', await call('hosts.list', {}, { senderFrame: null }));
  report('invalid', await call('hosts.add', { uri: 'test:///default\u0000' }));
  report('info', await call('app.info', {}));

  const hosts = await call('hosts.list', {});
  const hostId = hosts.value[0].id;
  const vms = await call('vms.list', { hostId });
  const created = await call('snapshots.create', { hostId, vmUuid: vms.value[0].uuid, kind: 'memory', name: 'stand-in' });
  report('created', { ok: created.ok, sent: [...new Set(sent.map(([c]) => c))] });
  report('timer', await call('schedules.timer', {}));
  dialogAnswers.push(
    { canceled: false, filePath: '/home/stand-in/Documents/chosen.tar' },
    { canceled: false, filePaths: ['/home/stand-in/Documents/picked.tar'] },
    { canceled: true, filePath: '' },
  );
  report('pickFile', {
    saved: await call('app.pickFile', { mode: 'save', defaultName: 'test-2026-12-05.tar' }),
    opened: await call('app.pickFile', { mode: 'open' }),
    cancelled: await call('app.pickFile', { mode: 'save' }),
    shown: dialogsShown,
  });

  const navigate = (target) => { let prevented = false; win.webContents.emit('will-navigate', { preventDefault: () => { prevented = true; } }, target); return prevented; };
  report('navigation', {
    away: navigate('https://evil.example/'), otherFile: navigate('file:///etc/passwd'), self: navigate(`${url}#/schedules`),
    windowOpen: windowOpenHandler?.({ url: 'https://example.com/' }),
  });
  let headers = null;
  headersHook?.({ responseHeaders: { 'content-type': ['text/html'] } }, (r) => { headers = r.responseHeaders; });
  report('headers', headers);
  const permissions = permissionChecks.map((fn) => { let answer; const r = fn(null, 'media', (a) => { answer = a; }); return answer ?? r; });
  report('permissions', permissions);

  win.emit('close');
  app.emit('window-all-closed');
}
