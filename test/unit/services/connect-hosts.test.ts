// connectHosts: 'all' contacts every known host at start; 'background' does the same after
// answering from the store (the app's window shows the list first); 'lazy' contacts none until
// first use.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createServices, DEMO_URI, type EngineServices } from '../../../electron/services';
import type { ReconcileReport } from '../../../electron/services/api';
import type { HostStatus, Job } from '../../../shared/model';
import { fixtureVmUuid, pendingTestDriverNode, seedFixtureStore, type PendingNode } from '../../fixtures/test-driver-node';

const BROKEN = 'test:///nonexistent/snapvisor-unit.xml';

describe('createServices connectHosts', () => {
  const open: EngineServices[] = [];
  const dirs: string[] = [];
  const pending: PendingNode[] = [];
  afterEach(async () => {
    // A host still waiting to connect is answered, so its services can close.
    for (const p of pending.splice(0)) await p.answer({ domains: 1, snapshots: 1 });
    for (const s of open.splice(0)) await s.close();
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  async function start(dir: string, connectHosts?: 'all' | 'background' | 'lazy'): Promise<EngineServices> {
    const s = await createServices({ dbPath: join(dir, 'db.sqlite'), dataDir: join(dir, 'data'), defaultUri: DEMO_URI, connectHosts });
    open.push(s);
    return s;
  }

  function tempDir(): string {
    const dir = mkdtempSync(join(tmpdir(), 'snapvisor-hosts-'));
    dirs.push(dir);
    return dir;
  }

  /** A database that knows the demo host and one host whose connection fails. */
  async function twoHosts(): Promise<string> {
    const dir = mkdtempSync(join(tmpdir(), 'snapvisor-hosts-'));
    dirs.push(dir);
    const s = await start(dir, 'lazy');
    await s.hosts.add(BROKEN, 'broken');
    await s.close();
    return dir;
  }

  it("'all' connects every host at start (the broken one reports its error)", async () => {
    const s = await start(await twoHosts());
    const byUri = new Map(s.hosts.list().map((h) => [h.uri, h]));
    expect(byUri.get(DEMO_URI)!.state).toBe('connected');
    expect(byUri.get(BROKEN)!.state).toBe('error');
  });

  it("'lazy' contacts no host at start and connects only the one used", async () => {
    const s = await start(await twoHosts(), 'lazy');
    expect(s.hosts.list().map((h) => h.state)).toEqual(['disconnected', 'disconnected']);
    const demo = s.hosts.list().find((h) => h.uri === DEMO_URI)!;
    expect((await s.vms.list(demo.id)).length).toBeGreaterThan(0);
    const byUri = new Map(s.hosts.list().map((h) => [h.uri, h]));
    expect(byUri.get(DEMO_URI)!.state).toBe('connected');
    expect(byUri.get(BROKEN)!.state).toBe('disconnected');
  });

  it("'background' answers from the store while the host connects; connect and reconcile arrive as events, jobs wait for the rows", async () => {
    const dir = tempDir();
    const node = pendingTestDriverNode(dir);
    pending.push(node);
    const hostId = seedFixtureStore(join(dir, 'db.sqlite'), node.uri, { domains: 2, snapshots: 3 });
    const s = await start(dir, 'background');
    const states: HostStatus['state'][] = [];
    const reconciled: ReconcileReport[] = [];
    s.on('host.changed', (h) => states.push(h.state));
    s.on('snapshots.reconciled', (e) => reconciled.push(e.report));

    // The host has not answered (its node file is still unwritten): the list comes from the store.
    expect(s.hosts.list()).toMatchObject([{ id: hostId, state: 'connecting' }]);
    const before = s.snapshots.list({ hostId });
    expect(before.map((r) => r.state)).toEqual(Array(6).fill('ready'));
    // An operation asked now waits for the connection, then (queued, visibly) for the host's rows.
    const jobs: Job[] = [];
    s.on('job.changed', (j) => jobs.push(j));
    const create = s.snapshots.create({ hostId, vmUuid: fixtureVmUuid(0), kind: 'memory', name: 'asked while connecting' });

    // The host answers without each VM's newest snapshot.
    await node.answer({ domains: 2, snapshots: 2 });
    await s.started();
    expect(states).toEqual(['connected']);
    expect(reconciled).toMatchObject([{ missing: 2 }]);
    const after = s.snapshots.list({ hostId });
    expect(after.filter((r) => r.state === 'missing').map((r) => r.libvirtName)).toEqual(['s2', 's2']);
    // Made after the reconcile compared the rows, not judged by it.
    expect(await create).toMatchObject({ name: 'asked while connecting', state: 'ready' });
    expect(jobs[0]).toMatchObject({ operation: 'create', state: 'queued', queueReason: { waitingFor: 'reconcile' } });
    expect(jobs.at(-1)).toMatchObject({ operation: 'create', state: 'succeeded' });
  });

  it("'background' with a host that cannot connect: the list still answers, the failure arrives as an event, the demo host is offered", async () => {
    const dir = tempDir();
    const hostId = seedFixtureStore(join(dir, 'db.sqlite'), BROKEN, { domains: 1, snapshots: 2 });
    const s = await start(dir, 'background');
    const changed: HostStatus[] = [];
    s.on('host.changed', (h) => changed.push(h));

    expect(s.hosts.list()).toMatchObject([{ uri: BROKEN, state: 'connecting' }]);
    expect(s.snapshots.list({ hostId })).toHaveLength(2);
    await s.started();
    expect(changed.map((h) => [h.uri, h.state])).toEqual([[BROKEN, 'error'], [DEMO_URI, 'connected']]);
    expect(s.hosts.list().map((h) => [h.uri, h.state])).toEqual([[BROKEN, 'error'], [DEMO_URI, 'connected']]);
    expect(s.snapshots.list({ hostId }).map((r) => r.state)).toEqual(['ready', 'ready']);
  });

  it("'background' with hostsAfter: no host connects before it settles (each shows 'connecting'), then they connect and reconcile", async () => {
    const dir = tempDir();
    let openHosts: () => void = () => undefined;
    const hostsAfter = new Promise<void>((ok) => { openHosts = ok; });
    const s = await createServices({ dbPath: join(dir, 'db.sqlite'), dataDir: join(dir, 'data'), defaultUri: DEMO_URI, connectHosts: 'background', hostsAfter });
    open.push(s);
    const hostId = s.hosts.list()[0]!.id;
    let settled = false;
    void s.started().then(() => { settled = true; });
    // The demo host connects within milliseconds when nothing holds it.
    await new Promise((ok) => setTimeout(ok, 300));
    expect(s.hosts.list()).toMatchObject([{ id: hostId, state: 'connecting' }]);
    expect(settled).toBe(false);
    openHosts();
    await s.started();
    expect(s.hosts.list()).toMatchObject([{ id: hostId, state: 'connected' }]);
    expect((await s.vms.list(hostId)).length).toBeGreaterThan(0);
  });
});
