// The built Electron shell, run without Electron (there is no Electron binary here):
//  - dist-electron/main.js under plain Node with a stand-in for the 'electron' module
//    (electron-stand-in/), against the REAL handlers and services on test:///default;
//  - dist-electron/preload.cjs in a bare VM context whose require knows only 'electron', as in a
//    sandboxed renderer.
// test/electron/app.test.ts runs the same files under real Electron where a binary exists.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runInNewContext } from 'node:vm';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNELS, type Result } from '../../../electron/ipc/contract';
import { CONTENT_SECURITY_POLICY } from '../../../electron/app/csp';

const ROOT = resolve(import.meta.dirname, '../../..');
// Inside the repo so the bundle's externals (koffi, better-sqlite3) resolve from node_modules.
const SCRATCH = join(ROOT, 'node_modules', '.cache', 'snapvisor-shell-test');
const STAND_IN = join(import.meta.dirname, 'electron-stand-in', 'register.mjs');

let outDir: string;

beforeAll(async () => {
  mkdirSync(SCRATCH, { recursive: true });
  // <scratch>/dist-electron next to <scratch>/dist/renderer, as in the repo and the asar.
  const scratch = mkdtempSync(join(SCRATCH, 'build-'));
  outDir = join(scratch, 'dist-electron');
  mkdirSync(join(scratch, 'dist', 'renderer'), { recursive: true });
  writeFileSync(join(scratch, 'dist', 'renderer', 'index.html'), '<!doctype html><div id="root"></div>');
  await build({ configFile: join(ROOT, 'vite.electron.config.ts'), logLevel: 'warn', build: { outDir } });
}, 120_000);

afterAll(() => {
  if (outDir) rmSync(join(outDir, '..'), { recursive: true, force: true });
});

describe('dist-electron/main.js', () => {
  const userData = mkdtempSync(join(tmpdir(), 'snapvisor-shell-'));
  const steps = new Map<string, unknown>();
  let stderr = '';
  let status: number | null = null;

  beforeAll(() => {
    const run = spawnSync(process.execPath, ['--import', STAND_IN, join(outDir, 'main.js')], {
      cwd: ROOT,
      env: { ...process.env, SNAPVISOR_URI: 'test:///default', SNAPVISOR_USER_DATA: userData, UV_THREADPOOL_SIZE: '4' },
      encoding: 'utf8',
      timeout: 90_000,
    });
    status = run.status;
    stderr = run.stderr;
    for (const line of run.stdout.split('\n')) {
      if (!line.startsWith('@@ ')) continue;
      const { step, data } = JSON.parse(line.slice(3)) as { step: string; data: unknown };
      steps.set(step, data);
    }
  }, 120_000);
  afterAll(() => rmSync(userData, { recursive: true, force: true }));

  it('starts, serves a whole session and quits cleanly', () => {
    expect(steps.get('failed'), stderr).toBeUndefined();
    expect(status, stderr).toBe(0);
    expect(steps.get('quit')).toEqual({ windowState: true });
  });

  it('opens the window on the built page, sandboxed, with the bundled preload', () => {
    const win = steps.get('window') as { url: string; preload: string; prefs: Record<string, unknown>; title: string };
    expect(win.url).toBe('app://snapvisor/index.html');
    expect(win.preload).toBe(join(outDir, 'preload.cjs'));
    expect(win.prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true });
    expect(win.title).toBe('Snapvisor');
  });

  it('serves the renderer from app://snapvisor with the CSP, and nothing outside it', () => {
    const p = steps.get('protocol') as Record<string, { status: number; csp: string | null; root: boolean }> & { schemes: unknown };
    expect(p.schemes).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
    expect(p.index).toEqual({ status: 200, csp: CONTENT_SECURITY_POLICY, type: 'text/html; charset=utf-8', root: true });
    for (const k of ['parent', 'encoded', 'otherHost', 'missing']) expect(p[k]?.status, k).toBe(404);
  });

  it('raises the thread pool, keeps its data in SNAPVISOR_USER_DATA', () => {
    expect(steps.get('env')).toEqual({ uvThreadpool: '16', userData, db: true });
    expect(JSON.parse(readFileSync(join(userData, 'window-state.json'), 'utf8'))).toMatchObject({ width: 1111, height: 777 });
  });

  it('registers a handler for every channel of the contract, and nothing else', () => {
    expect([...(steps.get('channels') as string[])].sort()).toEqual([...CHANNELS].sort());
  });

  it('answers the app page and refuses every other sender', () => {
    expect(steps.get('trusted')).toMatchObject({ ok: true, value: [{ uri: 'test:///default', demo: true }] });
    for (const step of ['foreign', 'subframe', 'destroyed']) {
      expect(steps.get(step), step).toEqual({ ok: false, error: { code: 'internal', params: { message: 'refused: not the app page' } } });
    }
    expect(steps.get('invalid')).toMatchObject({ ok: false, error: { code: 'invalid_input', params: { field: 'uri' } } });
    expect(steps.get('info')).toEqual({ ok: true, value: { version: '0.1.0', platform: 'linux', locale: 'ko-KR' } });
  });

  it('answers app.pickFile with Electron\'s file dialogs, modal on the window, starting in the documents folder', () => {
    expect(steps.get('pickFile')).toEqual({
      saved: { ok: true, value: { path: '/home/stand-in/Documents/chosen.tar' } },
      opened: { ok: true, value: { path: '/home/stand-in/Documents/picked.tar' } },
      cancelled: { ok: true, value: null },
      shown: [
        { kind: 'save', modal: true, options: { defaultPath: '/home/stand-in/Documents/test-2026-12-05.tar', filters: [{ name: 'Snapvisor export (tar)', extensions: ['tar'] }], properties: ['createDirectory'] } },
        { kind: 'open', modal: true, options: { defaultPath: '/home/stand-in/Documents', filters: [{ name: 'Snapvisor export (tar)', extensions: ['tar'] }], properties: ['openFile'] } },
        { kind: 'save', modal: true, options: { defaultPath: '/home/stand-in/Documents', filters: [{ name: 'Snapvisor export (tar)', extensions: ['tar'] }], properties: ['createDirectory'] } },
      ],
    });
  });

  it('knows its own command line for the systemd timer: the bundled CLI beside main.js', () => {
    const timer = steps.get('timer') as Result<{ cronLine: string; unitDirectory: string }>;
    expect(timer.ok, JSON.stringify(timer)).toBe(true);
    if (timer.ok) expect(timer.value.cronLine).toContain(`${join(outDir, 'cli.cjs')} schedules run --connect test:///default --db ${join(userData, 'snapvisor.db')}`);
  });

  it('forwards service events to the window', () => {
    expect(steps.get('created')).toEqual({ ok: true, sent: expect.arrayContaining(['event:job.changed', 'event:snapshot.changed']) });
  });

  it('keeps the window on its page, opens no windows, sends the CSP, grants no permission', () => {
    expect(steps.get('navigation')).toEqual({ away: true, otherFile: true, self: false, windowOpen: { action: 'deny' } });
    expect(steps.get('headers')).toEqual({ 'content-type': ['text/html'], 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] });
    expect(steps.get('permissions')).toEqual([false, false]);
  });

  it('has a production menu without reload or devtools', () => {
    const menu = JSON.stringify(steps.get('menu'));
    expect(menu).toContain('"quit"');
    expect(menu).not.toMatch(/toggleDevTools|"reload"/);
  });
});

describe('dist-electron/main.js started as `<binary> cli …` (the AppImage\'s command line)', () => {
  const runCli = (...args: string[]) => spawnSync(process.execPath, ['--import', STAND_IN, join(outDir, 'main.js'), 'cli', ...args], {
    cwd: ROOT,
    // Read as `electron <app> cli …`: the stand-in's argv has main.js where a packaged binary has none.
    env: { ...process.env, STAND_IN_UNPACKAGED: '1', LANG: 'C.UTF-8' },
    encoding: 'utf8',
    timeout: 90_000,
  });
  const db = join(mkdtempSync(join(tmpdir(), 'snapvisor-cli-mode-')), 'snapvisor.db');
  afterAll(() => rmSync(join(db, '..'), { recursive: true, force: true }));

  it('runs the bundled CLI (in a process of its own, Node mode), opens no window, passes the exit code on', () => {
    const r = runCli('--connect', 'test:///default', '--db', db, '--json', 'vms');
    expect(r.status, r.stderr).toBe(0);
    const [json, ...rest] = r.stdout.trim().split('\n@@ ');
    expect((JSON.parse(json!) as { name: string }[]).map((v) => v.name)).toEqual(['test']);
    expect(rest.map((l) => (JSON.parse(l) as { step: string }).step)).toEqual(['exit']);

    const usage = runCli('bogus');
    expect(usage.status).toBe(2);
    expect(usage.stderr).toContain('unknown command: bogus');
  }, 120_000);
});

describe('dist-electron/preload.cjs in a sandbox', () => {
  type Listener = (event: unknown, payload: unknown) => void;
  const exposed: Record<string, unknown> = {};
  const invoked: [string, unknown][] = [];
  const listeners = new Map<string, Set<Listener>>();

  beforeAll(() => {
    const electron = {
      contextBridge: { exposeInMainWorld: (key: string, value: unknown) => { exposed[key] = value; } },
      ipcRenderer: {
        invoke: (channel: string, request: unknown) => {
          invoked.push([channel, request]);
          return Promise.resolve({ ok: true, value: channel });
        },
        on: (channel: string, fn: Listener) => { listeners.set(channel, (listeners.get(channel) ?? new Set()).add(fn)); },
        removeListener: (channel: string, fn: Listener) => { listeners.get(channel)?.delete(fn); },
      },
    };
    const sandboxRequire = (id: string) => {
      if (id === 'electron') return electron;
      throw new Error(`a sandboxed preload cannot require ${id}`);
    };
    const code = readFileSync(join(outDir, 'preload.cjs'), 'utf8');
    const module = { exports: {} };
    // A bare context: no Node globals at all, stricter than Electron's sandbox.
    const wrapper = runInNewContext(`(function (require, module, exports) {\n${code}\n})`, {}, { filename: 'preload.cjs' }) as
      (req: typeof sandboxRequire, m: typeof module, e: unknown) => void;
    wrapper(sandboxRequire, module, module.exports);
  });

  it('exposes window.snapvisor and nothing else', () => {
    expect(Object.keys(exposed)).toEqual(['snapvisor']);
    const api = exposed.snapvisor as Record<string, unknown>;
    expect(Object.keys(api).sort()).toEqual(['app', 'copies', 'exports', 'hosts', 'jobs', 'on', 'schedules', 'snapshots', 'vms']);
  });

  it('invokes the channel named by the method, with the request', async () => {
    const api = exposed.snapvisor as { snapshots: { list(f?: unknown): Promise<Result<unknown>> }; hosts: { list(): Promise<Result<unknown>> } };
    expect(await api.snapshots.list({ hostId: 'h' })).toEqual({ ok: true, value: 'snapshots.list' });
    expect(await api.hosts.list()).toEqual({ ok: true, value: 'hosts.list' });
    expect(invoked).toEqual([['snapshots.list', { hostId: 'h' }], ['hosts.list', {}]]);
  });

  it('subscribes on the event channel, passes only the payload, unsubscribes', () => {
    const api = exposed.snapvisor as { on(event: string, fn: (...args: unknown[]) => void): () => void };
    const got: unknown[][] = [];
    const off = api.on('job.changed', (...args) => got.push(args));
    const [forward] = listeners.get('event:job.changed') ?? [];
    forward?.({ sender: 'the IpcRendererEvent' }, { id: 'j1' });
    expect(got).toEqual([[{ id: 'j1' }]]);
    off();
    expect(listeners.get('event:job.changed')?.size).toBe(0);
    expect(() => api.on('anything', () => undefined)).toThrow(/unknown event/);
  });
});
