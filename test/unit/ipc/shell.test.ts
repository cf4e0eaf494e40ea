// The plain Node pieces the Electron shell is made of (no Electron needed to check them).
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, withCsp } from '../../../electron/app/csp';
import { readShellConfig, servicePaths, threadPoolSize } from '../../../electron/app/config';
import { menuTemplate } from '../../../electron/app/menu';
import { isAppPage, isTrustedSender } from '../../../electron/app/sender';
import { APP_URL, readAppUrl, readStaticFile } from '../../../electron/app/static-files';
import { allowPermission, secureWebPreferences } from '../../../electron/app/web-preferences';
import { DEFAULT_WINDOW_STATE, loadWindowState, sanitizeWindowState, saveWindowState } from '../../../electron/app/window-state';

const dir = mkdtempSync(join(tmpdir(), 'snapvisor-shell-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SCREEN = [{ x: 0, y: 0, width: 1920, height: 1080 }];
const APP = 'file:///opt/Snapvisor/resources/app.asar/dist/renderer/index.html';

describe('window state', () => {
  it('round-trips through the JSON file', () => {
    const file = join(dir, 'ws', 'window-state.json');
    saveWindowState(file, { x: 100, y: 50, width: 1400, height: 900 }, true);
    expect(loadWindowState(file, SCREEN)).toEqual({ x: 100, y: 50, width: 1400, height: 900, maximized: true });
  });

  it('falls back to defaults for a missing or corrupt file', () => {
    expect(loadWindowState(join(dir, 'nope.json'), SCREEN)).toEqual(DEFAULT_WINDOW_STATE);
    const file = join(dir, 'corrupt.json');
    writeFileSync(file, '{"width": 1000,');
    expect(loadWindowState(file, SCREEN)).toEqual(DEFAULT_WINDOW_STATE);
  });

  it('drops a position no display shows and clamps sizes', () => {
    expect(sanitizeWindowState({ x: 5000, y: 5000, width: 1000, height: 700 }, SCREEN)).toEqual({ width: 1000, height: 700, maximized: false });
    expect(sanitizeWindowState({ width: 10, height: 1e9, maximized: 'yes' }, SCREEN)).toEqual({ width: 900, height: DEFAULT_WINDOW_STATE.height, maximized: false });
    expect(sanitizeWindowState({ width: 1.5, height: '800', x: 'a', y: null }, SCREEN)).toEqual(DEFAULT_WINDOW_STATE);
    expect(sanitizeWindowState([], SCREEN)).toEqual({ ...DEFAULT_WINDOW_STATE });
  });

  it('writes the file private to the user', () => {
    const file = join(dir, 'private.json');
    saveWindowState(file, { x: 0, y: 0, width: 1000, height: 700 }, false);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ width: 1000 });
  });
});

describe('sender and navigation checks', () => {
  it('trusts only the top-level frame of the app page', () => {
    expect(isTrustedSender({ url: APP, parent: null }, APP)).toBe(true);
    expect(isTrustedSender({ url: `${APP}#/snapshots?x=1`, parent: null }, APP)).toBe(true);
    expect(isTrustedSender({ url: APP, parent: {} }, APP)).toBe(false);
    expect(isTrustedSender(null, APP)).toBe(false);
    for (const url of [
      'file:///tmp/evil.html', 'https://example.com/', 'file:///opt/Snapvisor/resources/app.asar/dist/renderer/index.html/../../x.html',
      'about:blank', 'devtools://devtools/bundled/inspector.html', '', 'not a url', 'file:///opt/Snapvisor/resources/app.asar/dist/renderer/index.htm',
    ]) {
      expect(isTrustedSender({ url, parent: null }, APP), url).toBe(false);
    }
  });

  it('knows the app:// page from look-alikes', () => {
    expect(isTrustedSender({ url: APP_URL, parent: null }, APP_URL)).toBe(true);
    for (const url of ['app://evil/index.html', 'app://snapvisor/other.html', 'apps://snapvisor/index.html', 'file:///index.html']) {
      expect(isTrustedSender({ url, parent: null }, APP_URL), url).toBe(false);
    }
  });

  it('allows navigation to the app page only', () => {
    expect(isAppPage(APP, APP)).toBe(true);
    expect(isAppPage('https://libvirt.org/', APP)).toBe(false);
    expect(isAppPage(undefined, APP)).toBe(false);
  });
});

describe('content security policy', () => {
  it('allows no inline or remote script, no eval, no framing', () => {
    const directives = Object.fromEntries(CONTENT_SECURITY_POLICY.split('; ').map((d) => [d.split(' ')[0], d]));
    expect(directives['default-src']).toBe("default-src 'none'");
    expect(directives['script-src']).toBe("script-src 'self'");
    expect(directives['object-src']).toBe("object-src 'none'");
    expect(directives['frame-ancestors']).toBe("frame-ancestors 'none'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|http:|https:|\*/);
  });

  it('replaces any policy a response carried, whatever its header case', () => {
    const out = withCsp({ 'content-security-policy': ["default-src *"], 'Content-Type': 'text/html', 'X-Empty': undefined });
    expect(out).toEqual({ 'Content-Type': ['text/html'], 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] });
  });
});

describe('shell config', () => {
  it('reads the demo URI and a temp profile from the environment', () => {
    expect(readShellConfig({ SNAPVISOR_URI: 'test:///default', SNAPVISOR_USER_DATA: '/tmp/p' }, true))
      .toEqual({ defaultUri: 'test:///default', userData: '/tmp/p', dev: false });
    expect(readShellConfig({}, false)).toEqual({ defaultUri: undefined, userData: undefined, dev: true });
    expect(readShellConfig({ SNAPVISOR_DEV: '1' }, true).dev).toBe(true);
  });

  it('refuses nonsense', () => {
    expect(() => readShellConfig({ SNAPVISOR_URI: 'rm -rf /' }, true)).toThrow(/not a libvirt URI/);
    expect(() => readShellConfig({ SNAPVISOR_USER_DATA: 'relative/dir' }, true)).toThrow(/absolute/);
  });

  it('shares the metadata with the CLI and keeps the window state in userData', () => {
    expect(servicePaths('/home/u/.config/Snapvisor', { userData: undefined }, { HOME: '/home/u' })).toEqual({
      dbPath: '/home/u/.local/share/snapvisor/snapvisor.db',
      dataDir: '/home/u/.local/share/snapvisor/data',
      windowState: '/home/u/.config/Snapvisor/window-state.json',
    });
    expect(servicePaths('/x', { userData: undefined }, { XDG_DATA_HOME: '/d', SNAPVISOR_DB: '/db/s.db' }).dbPath).toBe('/db/s.db');
  });

  it('keeps everything in a throw-away profile under SNAPVISOR_USER_DATA', () => {
    expect(servicePaths('/tmp/p', { userData: '/tmp/p' }, { HOME: '/home/u' })).toEqual({
      dbPath: '/tmp/p/snapvisor.db',
      dataDir: '/tmp/p/data',
      windowState: '/tmp/p/window-state.json',
    });
  });

  it('raises the libuv pool to at least 16 threads, never lowers it', () => {
    expect(threadPoolSize(undefined)).toBe('16');
    expect(threadPoolSize('4')).toBe('16');
    expect(threadPoolSize('64')).toBe('64');
    expect(threadPoolSize('lots')).toBe('16');
  });
});

describe('menu and window settings', () => {
  const roles = (dev: boolean) => JSON.stringify(menuTemplate({ dev, onAbout: () => undefined }));

  it('has File, Edit, View, Help with Quit, zoom and About', () => {
    const menu = menuTemplate({ dev: false, onAbout: () => undefined });
    expect(menu.map((m) => m.label)).toEqual(['&File', '&Edit', '&View', '&Help']);
    expect(roles(false)).toContain('"quit"');
    expect(roles(false)).toContain('"zoomIn"');
    expect(roles(false)).toContain('About Snapvisor');
  });

  it('offers reload and devtools in development only', () => {
    expect(roles(false)).not.toMatch(/toggleDevTools|"reload"|forceReload/);
    expect(roles(true)).toMatch(/toggleDevTools/);
    expect(roles(true)).toMatch(/"reload"/);
  });

  it('About calls back', () => {
    let called = 0;
    const help = menuTemplate({ dev: false, onAbout: () => { called++; } }).at(-1);
    const item = Array.isArray(help?.submenu) ? help.submenu[0] : undefined;
    (item?.click as (() => void) | undefined)?.();
    expect(called).toBe(1);
  });

  it('sandboxes the renderer', () => {
    expect(secureWebPreferences('/app/preload.cjs')).toMatchObject({
      preload: '/app/preload.cjs', contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true,
      allowRunningInsecureContent: false, webviewTag: false,
    });
    expect(['media', 'geolocation', 'notifications', 'openExternal'].some(allowPermission)).toBe(false);
  });
});

describe('static files (app:// and the e2e server)', () => {
  const root = join(dir, 'renderer');
  const setup = () => {
    mkdirSync(join(root, 'assets'), { recursive: true });
    writeFileSync(join(root, 'index.html'), '<div id="root"></div>');
    writeFileSync(join(root, 'assets', 'app.js'), 'console.log(1)');
    writeFileSync(join(dir, 'secret.txt'), 'secret');
  };

  it('serves the renderer files with their type and the CSP', async () => {
    setup();
    const index = await readStaticFile(root, '/');
    expect(index).toMatchObject({ status: 200, headers: { 'Content-Type': 'text/html; charset=utf-8', 'Content-Security-Policy': CONTENT_SECURITY_POLICY } });
    expect(index.body?.toString()).toContain('root');
    expect((await readStaticFile(root, '/assets/app.js')).headers['Content-Type']).toBe('text/javascript; charset=utf-8');
    expect((await readAppUrl(root, 'app://snapvisor/assets/app.js')).status).toBe(200);
  });

  it('serves nothing outside the renderer directory, nor for other hosts', async () => {
    setup();
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/%2e%2e/%2e%2e/secret.txt', '/%00', '/%E0%A4%A', '/nope.js', '/assets']) {
      expect((await readStaticFile(root, path)).status, path).toBe(404);
    }
    for (const url of ['app://evil/index.html', 'file:///etc/passwd', 'not a url', 'app://snapvisor/%2e%2e/secret.txt']) {
      expect((await readAppUrl(root, url)).status, url).toBe(404);
    }
  });
});
