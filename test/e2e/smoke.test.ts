// The harness end to end: the built renderer in Chromium, window.snapvisor from the preload's
// createApiClient over POSTs to the test server, the real handlers and services on test:///default.
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HostStatus } from '../../shared/model';
import { startApp, type App } from './harness';

describe('e2e harness', () => {
  let app: App;

  beforeAll(async () => {
    app = await startApp({ uri: 'test:///default' });
  });
  afterAll(async () => {
    await app?.close();
  });

  it('serves the built renderer under the CSP and renders it', async () => {
    await app.page.locator('#root > *').first().waitFor({ timeout: 30_000 });
    const csp = await app.page.evaluate(async () => (await fetch(location.href)).headers.get('content-security-policy'));
    expect(csp).toContain("script-src 'self'");
    const shot = await app.screenshot('smoke-start');
    expect(existsSync(shot)).toBe(true);
    expect(app.pageErrors).toEqual([]);
  });

  it('exposes exactly the contract as window.snapvisor, read-only', async () => {
    const shape = await app.page.evaluate(() => {
      const api = (window as unknown as { snapvisor: Record<string, unknown> }).snapvisor;
      const out: Record<string, string[]> = {};
      for (const [k, v] of Object.entries(api)) out[k] = typeof v === 'function' ? ['fn'] : Object.keys(v as object).sort();
      const descriptor = Object.getOwnPropertyDescriptor(window, 'snapvisor');
      return { out, writable: descriptor?.writable, frozen: Object.isFrozen(api) };
    });
    expect(Object.keys(shape.out).sort()).toEqual(['app', 'copies', 'exports', 'hosts', 'jobs', 'on', 'schedules', 'snapshots', 'vms']);
    expect(shape.out.hosts).toEqual(['add', 'connect', 'list', 'remove', 'test']);
    expect(shape.out.copies).toEqual(['list', 'refresh', 'remove', 'verify']);
    expect(shape.writable).toBe(false);
    expect(shape.frozen).toBe(true);
  });

  it('calls hosts.list through the real handlers and services', async () => {
    const result = await app.page.evaluate(() => window.snapvisor.hosts.list({}));
    expect(result.ok).toBe(true);
    const hosts = (result as { ok: true; value: HostStatus[] }).value;
    expect(hosts.map((h) => h.uri)).toContain('test:///default');
    expect(hosts.find((h) => h.uri === 'test:///default')?.demo).toBe(true);
  });

  it('lists the demo VM and its snapshots through the page', async () => {
    const out = await app.page.evaluate(async () => {
      const hosts = await window.snapvisor.hosts.list({});
      if (!hosts.ok) return { error: hosts.error.code };
      const hostId = hosts.value[0]!.id;
      const vms = await window.snapvisor.vms.list({ hostId });
      const snaps = await window.snapvisor.snapshots.list({ hostId });
      return { vms: vms.ok ? vms.value.map((v) => v.name) : vms.error.code, snaps: snaps.ok ? snaps.value.length : snaps.error.code };
    });
    expect(out.vms).toContain('test');
    expect(typeof out.snaps).toBe('number');
  });

  it('returns validation failures as typed errors, never throws', async () => {
    const out = await app.page.evaluate(async () => {
      const call = (window.snapvisor.hosts.add as unknown as (r: unknown) => Promise<unknown>);
      return Promise.all([
        call({ uri: 'test:///default\u0000' }),
        call({ uri: 'x'.repeat(3000) }),
        call({ uri: 'test:///default', admin: true }),
        call(42),
      ]);
    });
    for (const r of out) expect(r).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(out[0]).toMatchObject({ error: { params: { field: 'uri', reason: 'control_characters' } } });
    expect(out[1]).toMatchObject({ error: { params: { field: 'uri', reason: 'too_long', max: 2000 } } });
    expect(out[2]).toMatchObject({ error: { params: { field: 'request', issue: 'unrecognized_keys', reason: 'unknown_field', key: 'admin' } } });
  });

  it('refuses requests from another origin at the transport', async () => {
    const r = await fetch(`${app.url}/__ipc`, {
      method: 'POST', headers: { Origin: 'http://attacker.example', 'Content-Type': 'application/json' }, body: JSON.stringify({ channel: 'hosts.list', request: {} }),
    });
    expect(await r.json()).toMatchObject({ ok: false, error: { code: 'internal', params: { message: 'foreign sender' } } });
  });

  it('refuses channels outside the contract at the transport', async () => {
    const r = await app.page.evaluate(async (transport) => {
      const invoke = (window as unknown as Record<string, (channel: string, request: unknown) => Promise<unknown>>)[transport]!;
      return invoke('hosts.__proto__', {});
    }, '__snapvisorInvoke');
    expect(r).toMatchObject({ ok: false, error: { code: 'invalid_input', params: { field: 'channel', reason: 'unknown_channel' } } });
  });

  it('delivers service events to page listeners, and unsubscribes', async () => {
    const hosts = await app.api.hosts.list();
    if (!hosts.ok) throw new Error(hosts.error.code);
    const host = hosts.value.find((h) => h.uri === 'test:///default')!;
    const vms = await app.api.vms.list({ hostId: host.id });
    if (!vms.ok) throw new Error(vms.error.code);
    const vm = vms.value[0]!;
    // The demo VM runs: a memory snapshot is the kind the test driver takes of a running VM.
    const request = { hostId: host.id, vmUuid: vm.uuid, kind: 'memory' as const, name: 'e2e smoke' };

    const created = await app.page.evaluate(async (req) => {
      const w = window as unknown as { seen: string[]; off: () => void };
      w.seen = [];
      const offJob = window.snapvisor.on('job.changed', (j) => { w.seen.push(`job:${j.state}`); });
      const offSnap = window.snapvisor.on('snapshot.changed', (c) => { w.seen.push(`snapshot:${c.snapshotIds.length}`); });
      w.off = () => { offJob(); offSnap(); };
      return window.snapvisor.snapshots.create(req);
    }, request);
    expect(created).toMatchObject({ ok: true, value: { name: 'e2e smoke', state: 'ready' } });
    await expect.poll(() => app.page.evaluate(() => (window as unknown as { seen: string[] }).seen), { timeout: 10_000 })
      .toEqual(expect.arrayContaining(['job:succeeded', expect.stringMatching(/^snapshot:/)]));

    const afterOff = await app.page.evaluate(async (req) => {
      const w = window as unknown as { seen: string[]; off: () => void };
      w.off();
      const before = w.seen.length;
      const again = await window.snapvisor.snapshots.create({ ...req, name: 'e2e smoke 2' });
      await new Promise((r) => setTimeout(r, 300));
      return { ok: again.ok, newEvents: w.seen.length - before };
    }, request);
    expect(afterOff).toEqual({ ok: true, newEvents: 0 });
  });
});
