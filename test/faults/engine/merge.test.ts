// Faults in the middle of a live merge (block commit of a deleted snapshot's layer under a
// running guest, slowed so it lasts seconds): libvirtd restarted, and Snapvisor SIGKILLed. After
// reconcile the guest's data is intact, the kept snapshot restores, no row is stuck, and the
// merge has completed (recovered from libvirt's chains) — never left half-booked.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection } from '../../../native';
import { createTestServices, type EngineServices, type TestServices } from '../../../electron/services';
import type { Snapshot } from '../../../shared/model';
import { STATE_DIR, SYSTEM_URI, cleanupGuests, cleanupStaleGuests, createGuest, openSystem, type Guest } from '../../guest/kit';
import { HOST, chainOf, usageOf } from '../../integration/engine/engine-kit';
import { checkConsistent, removeGuestDomains, restartLibvirtd, runWorker } from './fault-kit';

const BANDWIDTH_MIBS = 2;
const LAYER = { offset: 16 << 20, length: 24 << 20 };

describe('a live merge interrupted', () => {
  let conn: Connection;
  let sv: TestServices;
  let s: EngineServices;
  const guests: Guest[] = [];
  beforeAll(async () => {
    conn = await openSystem();
    await cleanupStaleGuests(conn);
    sv = await createTestServices({ defaultUri: SYSTEM_URI, reconcileOnStart: false, mergeBandwidthMiBs: BANDWIDTH_MIBS }, join(STATE_DIR, 'engine'));
    s = sv.services;
  });
  afterAll(async () => {
    await removeGuestDomains(guests);
    await cleanupGuests();
    await sv?.dispose();
    try { conn?.close(); } catch { /* dead since a restart */ }
  });

  /** A running guest with snapshots a (its layer holds 24 MiB of 0x5a) and b on top: deleting a commits that layer live. */
  async function prepare(label: string): Promise<{ g: Guest; a: Snapshot; b: Snapshot }> {
    const c = await openSystem();
    const g = await createGuest(c, { label });
    guests.push(g);
    const a = await s.snapshots.create({ hostId: HOST, vmUuid: g.uuid, kind: 'cold', name: 'a' });
    g.writePattern('vda', 0x5a, { ...LAYER, file: chainOf(g, 'vda')[0] });
    await g.start();
    await g.waitForTick(2);
    const b = await s.snapshots.create({ hostId: HOST, vmUuid: g.uuid, kind: 'hot', name: 'b' });
    expect(chainOf(g, 'vda')).toHaveLength(3);
    return { g, a, b };
  }

  /** After reconcile: consistent rows, the merge done, b restores the layer's data, and deleting b leaves the original disk. */
  async function checkAfter(g: Guest, b: Snapshot): Promise<void> {
    await s.snapshots.reconcile(HOST);
    checkConsistent(s, g);
    expect(s.snapshots.list({ vmUuid: g.uuid }).map((r) => r.name)).toEqual(['b']);
    expect((await usageOf(s, g.uuid)).pendingMerges).toBe(0);
    expect(chainOf(g, 'vda')).toHaveLength(2);
    expect(g.state()).toBe('running');
    const ticks = g.console().ticks.length;
    await g.waitForMoreTicks(ticks, 3, 60_000);
    await g.destroy();
    await s.snapshots.revert(b.id);
    expect(g.hasPattern('vda', 0x5a, { ...LAYER, file: chainOf(g, 'vda')[0] })).toBe(true);
    await s.snapshots.delete(b.id);
    expect(chainOf(g, 'vda')).toEqual([g.disk('vda').file]);
    expect(g.hasPattern('vda', 0x5a, LAYER)).toBe(true);
    expect(await usageOf(s, g.uuid)).toEqual({ files: 0, bytes: 0, pendingMerges: 0 });
  }

  it('libvirtd restarted mid merge: the delete stands, reconcile finishes the merge', async () => {
    const { g, a, b } = await prepare('fault-merge-daemon');
    let restart: Promise<void> | null = null;
    const off = s.on('job.changed', (j) => { if (j.vmUuid === g.uuid && j.operation === 'delete' && j.processedBytes !== null && !restart) restart = restartLibvirtd(); });
    try {
      await s.snapshots.delete(a.id);
    } finally {
      off();
    }
    expect(restart).not.toBeNull();
    await restart;
    expect(s.snapshots.list({ vmUuid: g.uuid }).map((r) => r.name)).toEqual(['b']);
    expect(s.snapshots.events().some((e) => e.action === 'merge' && e.outcome === 'failed' && e.vmUuid === g.uuid)).toBe(true);
    const fresh = await openSystem();
    g.domain = fresh.lookupDomainByUuid(g.uuid);
    await checkAfter(g, b);
  });

  it('Snapvisor SIGKILLed mid merge: reconcile waits for the block job and books its result', async () => {
    const { g, a, b } = await prepare('fault-merge-kill');
    const exit = await runWorker({
      dbPath: join(sv.dir, 'snapvisor.db'), dataDir: join(sv.dir, 'data'), uri: SYSTEM_URI, hostId: HOST, op: 'delete', snapshotId: a.id, killAt: 'progress', mergeBandwidthMiBs: BANDWIDTH_MIBS,
    });
    expect(exit.signal, exit.stderr).toBe('SIGKILL');
    const merging = s.snapshots.events().filter((e) => e.vmUuid === g.uuid && e.action === 'merge');
    expect(merging).toEqual([]);
    await checkAfter(g, b);
    expect(s.snapshots.events().some((e) => e.vmUuid === g.uuid && e.action === 'merge' && e.outcome === 'succeeded' && e.detail.recovered === true)).toBe(true);
  });
});
