import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Connection, Domain, DomainLifecycleEvent, VIR_DOMAIN_EVENT, VIR_DOMAIN_EVENT_STOPPED, VIR_DOMAIN_SNAPSHOT_REVERT as REVERT,
  describeLifecycle, eventImplRegistered, eventLoopRunning, stopEventLoop, startEventLoop,
} from '../../../native';
import { defineTestDomain, removeDomain, testDomainXml, uniqueName, until } from './helpers';

const FIXTURE = fileURLToPath(new URL('./fixtures/events-exit.ts', import.meta.url));

describe('event loop and lifecycle events on the test driver', () => {
  let conn: Connection;
  let events: DomainLifecycleEvent[];
  let unsubscribe: () => void;
  beforeAll(async () => {
    conn = await Connection.open('test:///default', { events: true });
    events = [];
    unsubscribe = conn.onDomainLifecycle((e) => events.push(e));
  });
  afterAll(async () => {
    unsubscribe();
    conn.close();
    await stopEventLoop();
  });
  const seen = (name: string): string[] => events.filter((e) => e.domain.name === name).map((e) => `${e.type}/${e.detail}`);

  it('delivers typed events for define, start, suspend, resume, destroy, undefine', async () => {
    expect(eventImplRegistered()).toBe(true);
    expect(eventLoopRunning()).toBe(true);
    const name = uniqueName('ev');
    const d = conn.defineDomain(testDomainXml(name));
    await d.start();
    await d.suspend();
    await d.resume();
    await d.destroy();
    d.undefine();
    await until(() => seen(name).length >= 6);
    expect(seen(name)).toEqual([
      'defined/added', 'started/booted', 'suspended/paused', 'resumed/unpaused', 'stopped/destroyed', 'undefined/removed',
    ]);
    const started = events.find((e) => e.domain.name === name && e.type === 'started');
    expect(started).toMatchObject({ event: VIR_DOMAIN_EVENT.STARTED, detailCode: 0, domain: { name, uuid: d.uuid() } });
    expect(started?.domain.id).toBeGreaterThan(0);
    const stopped = events.find((e) => e.domain.name === name && e.type === 'stopped');
    expect(stopped?.detailCode).toBe(VIR_DOMAIN_EVENT_STOPPED.DESTROYED);
    d.close();
  });

  it('reports snapshot reverts as from-snapshot details', async () => {
    const d = defineTestDomain(conn, 'evsnap');
    try {
      await d.start();
      using snap = await d.createSnapshot('<domainsnapshot><name>r</name></domainsnapshot>');
      await d.destroy();
      await until(() => seen(d.name()).includes('stopped/destroyed'));
      const before = seen(d.name()).length;
      await snap.revert(REVERT.PAUSED);
      await until(() => seen(d.name()).length >= before + 2);
      expect(seen(d.name()).slice(before)).toEqual(['started/from-snapshot', 'suspended/from-snapshot']);
    } finally {
      await removeDomain(d);
    }
  });

  it('filters by domain and stops delivering after unsubscribe', async () => {
    const a = defineTestDomain(conn, 'eva');
    const b = defineTestDomain(conn, 'evb');
    // Events already queued go to every callback registered by the time they are dispatched.
    await until(() => seen(a.name()).includes('defined/added') && seen(b.name()).includes('defined/added'));
    const onlyA: string[] = [];
    const off = conn.onDomainLifecycle((e) => onlyA.push(`${e.domain.name} ${e.type}`), a);
    // A second listener on the same filter shares libvirt's one registration.
    const alsoA: string[] = [];
    const off2 = conn.onDomainLifecycle((e) => alsoA.push(e.type), a);
    try {
      await a.start();
      await b.start();
      await until(() => seen(b.name()).includes('started/booted'));
      await until(() => onlyA.length >= 1);
      expect(onlyA).toEqual([`${a.name()} started`]);
      await until(() => alsoA.length >= 1);
      expect(alsoA).toEqual(['started']);
      off();
      await a.destroy();
      await until(() => seen(a.name()).includes('stopped/destroyed'));
      await until(() => alsoA.length >= 2);
      expect(onlyA).toHaveLength(1);
      expect(alsoA).toEqual(['started', 'stopped']);
      off();
      off2();
    } finally {
      await removeDomain(a);
      await removeDomain(b);
    }
  });

  it('keeps delivering when a listener throws', async () => {
    const thrown: unknown[] = [];
    const onUncaught = (e: unknown): void => {
      thrown.push(e);
    };
    process.on('uncaughtException', onUncaught);
    const off = conn.onDomainLifecycle(() => {
      throw new Error('listener bug');
    });
    let d: Domain | null = null;
    try {
      d = defineTestDomain(conn, 'evthrow');
      await d.start();
      await until(() => seen(d?.name() ?? '').includes('started/booted'));
      await until(() => thrown.length > 0);
      expect(String(thrown[0])).toContain('listener bug');
    } finally {
      off();
      process.off('uncaughtException', onUncaught);
      if (d) await removeDomain(d);
    }
  });

  it('names raw codes', () => {
    expect(describeLifecycle(5, 6)).toEqual({ type: 'stopped', detail: 'from-snapshot' });
    expect(describeLifecycle(99, 1)).toEqual({ type: 'unknown', detail: '1' });
  });

  it('accepts close listeners (the test driver never closes by itself)', () => {
    const reasons: string[] = [];
    const off1 = conn.onClose((r) => reasons.push(r));
    const off2 = conn.onClose((r) => reasons.push(r));
    off1();
    off2();
    off2();
    expect(reasons).toEqual([]);
  });

  it('stops when asked and restarts on demand', async () => {
    const other = await Connection.open('test:///default', { events: true });
    startEventLoop();
    other.close();
    expect(eventLoopRunning()).toBe(true);
    const t0 = Date.now();
    await stopEventLoop();
    // The wake-up timeout is rescheduled to fire at once: no waiting out a 500 ms pass.
    expect(Date.now() - t0).toBeLessThan(400);
    expect(eventLoopRunning()).toBe(false);
    // A new subscription (the first one still holds it) brings it back.
    const off = conn.onDomainLifecycle(() => undefined);
    expect(eventLoopRunning()).toBe(true);
    off();
  });

  it('lets the process exit after close, and refuses events on a connection opened before the loop', async () => {
    const out = await new Promise<string>((resolve, reject) => {
      execFile(process.execPath, ['--import', 'tsx', FIXTURE], { timeout: 20_000 }, (err, stdout, stderr) => {
        if (err) reject(new Error(`${err.message}\n${stdout}\n${stderr}`));
        else resolve(stdout);
      });
    });
    expect(out.trim().split('\n')).toEqual(['THROWS clear', 'EVENT suspended/paused', 'CLOSED']);
  });
});
