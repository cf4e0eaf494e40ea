// The packaged shape of the app, for real: `electron .` on the built main, preload and renderer,
// against libvirt's test driver (SNAPVISOR_URI=test:///default) with a throw-away profile
// (SNAPVISOR_USER_DATA). Checks the window, the sandbox, the contract over real IPC, the
// sidebar and the snapshot list.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { _electron, type ElectronApplication, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Snapshot } from '../../shared/model';

const ROOT = resolve(import.meta.dirname, '../..');
const require = createRequire(import.meta.url);

/** Flags for CI: root needs --no-sandbox; with no display, Chromium's headless Ozone backend. */
function electronFlags(): string[] {
  const flags = ['--disable-gpu', '--lang=en-US'];
  if (process.getuid?.() === 0) flags.push('--no-sandbox');
  if (!process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) flags.push('--ozone-platform=headless');
  return flags;
}

describe('Snapvisor under Electron', () => {
  const userData = mkdtempSync(join(tmpdir(), 'snapvisor-electron-'));
  let app: ElectronApplication;
  let win: Page;

  beforeAll(async () => {
    const built = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
    expect(built.status).toBe(0);
    app = await _electron.launch({
      executablePath: require('electron') as string,
      args: [...electronFlags(), '.'],
      cwd: ROOT,
      env: { ...process.env, LANG: 'en_US.UTF-8', LANGUAGE: 'en', SNAPVISOR_URI: 'test:///default', SNAPVISOR_USER_DATA: userData, ELECTRON_ENABLE_LOGGING: '1' },
      timeout: 120_000,
    });
    win = await app.firstWindow({ timeout: 120_000 });
    await win.waitForLoadState('load');
  });

  afterAll(async () => {
    await app?.close();
    rmSync(userData, { recursive: true, force: true });
  });

  it('opens one window on the app page', async () => {
    expect(await win.title()).toBe('Snapvisor');
    expect(win.url()).toMatch(/^app:\/\/snapvisor\/index\.html/);
    expect(app.windows()).toHaveLength(1);
  });

  it('runs the renderer sandboxed, isolated, without Node', async () => {
    const globals = await win.evaluate(() => {
      const g = globalThis as Record<string, unknown>;
      return [typeof g.require, typeof g.process, typeof g.module, typeof g.ipcRenderer];
    });
    expect(globals).toEqual(['undefined', 'undefined', 'undefined', 'undefined']);
  });

  it('exposes exactly the contract, over real IPC', async () => {
    const keys = await win.evaluate(() => Object.keys(window.snapvisor).sort());
    expect(keys).toEqual(['app', 'hosts', 'jobs', 'on', 'schedules', 'snapshots', 'vms']);
    const info = await win.evaluate(() => window.snapvisor.app.info({}));
    expect(info).toMatchObject({ ok: true, value: { platform: 'linux' } });
    const bad = await win.evaluate(() => (window.snapvisor.hosts.add as (r: unknown) => Promise<unknown>)({ uri: 'x\u0000', admin: 1 }));
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('enforces the Content-Security-Policy: no inline script, no local files, no new windows', async () => {
    const csp = await win.evaluate(async () => (await fetch(location.href)).headers.get('content-security-policy'));
    expect(csp).toContain("default-src 'none'");
    const local = await win.evaluate(() => fetch('file:///etc/hostname').then(() => 'read', () => 'refused'));
    expect(local).toBe('refused');
    const inline = await win.evaluate(() => {
      const s = document.createElement('script');
      s.textContent = 'window.__inline = 1';
      document.body.append(s);
      return (window as unknown as { __inline?: number }).__inline ?? null;
    });
    expect(inline).toBeNull();
    expect(await win.evaluate(() => window.open('https://example.com/') === null)).toBe(true);
    expect(app.windows()).toHaveLength(1);
  });

  it('shows the demo host in the sidebar and a new snapshot in the list', async () => {
    const sidebar = win.getByRole('navigation', { name: 'Hosts and VMs' });
    await sidebar.waitFor({ timeout: 60_000 });
    await expect.poll(() => sidebar.textContent(), { timeout: 60_000 }).toContain('Demo');
    await win.locator('[data-vm-name="test"]').waitFor({ timeout: 60_000 });

    const created = await win.evaluate(async () => {
      const hosts = await window.snapvisor.hosts.list({});
      if (!hosts.ok) return hosts;
      const hostId = hosts.value[0]!.id;
      const vms = await window.snapvisor.vms.list({ hostId });
      if (!vms.ok) return vms;
      return window.snapvisor.snapshots.create({ hostId, vmUuid: vms.value[0]!.uuid, kind: 'memory', name: 'electron e2e' });
    });
    expect(created).toMatchObject({ ok: true });
    expect((created as { value: Snapshot }).value.name).toBe('electron e2e');

    // The list refreshes on the snapshot.changed event main forwarded to the window.
    const row = win.locator('[role="row"][data-snapshot-id]', { hasText: 'electron e2e' });
    await row.waitFor({ timeout: 60_000 });
    await win.screenshot({ path: join(ROOT, 'test-results', 'screenshots', 'electron-list.png') });
  });

  it('remembers the window size in userData after closing', async () => {
    await app.close();
    const state = JSON.parse(readFileSync(join(userData, 'window-state.json'), 'utf8')) as { width: number; height: number };
    expect(state.width).toBeGreaterThanOrEqual(900);
    expect(existsSync(join(userData, 'snapvisor.db'))).toBe(true);
  });
});
