// Merges that cannot run at once, and files nothing needs: a live merge cancelled from its job
// (the chain stays, the merge waits) and finished by the app when the VM stops (lifecycle
// event, helper domain); a branch after a revert waits until the other side is deleted; a VM
// restored as new holds a layer until it is gone (reconcile); reconcile removes a memory file
// whose snapshot was lost, with an audit event.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VIR_DOMAIN_SNAPSHOT_DELETE, VIR_DOMAIN_UNDEFINE, type Connection } from '../../../native';
import { createTestServices, type EngineServices, type TestServices } from '../../../electron/services';
import { openDatabase } from '../../../electron/store/db';
import { SnapshotsRepo } from '../../../electron/store/snapshots-repo';
import { STATE_DIR, SYSTEM_URI, cleanupGuests, cleanupStaleGuests, createGuest, openSystem, until, type Guest } from '../../guest/kit';
import { HOST, chainOf, usageOf } from './engine-kit';

describe('pending merges and leftovers on qemu:///system', () => {
  let conn: Connection;
  let sv: TestServices;
  let s: EngineServices;
  const guests: Guest[] = [];
  const guest = async (label: string): Promise<Guest> => {
    const g = await createGuest(conn, { label });
    guests.push(g);
    return g;
  };
  beforeAll(async () => {
    conn = await openSystem();
    await cleanupStaleGuests(conn);
    // As the app runs them: lifecycle events watched; merges limited so one lasts seconds.
    sv = await createTestServices({ defaultUri: SYSTEM_URI, reconcileOnStart: false, watchLifecycle: true, mergeBandwidthMiBs: 4 }, join(STATE_DIR, 'engine'));
    s = sv.services;
  });
  afterAll(async () => {
    await cleanupGuests();
    await sv?.dispose();
    conn?.close();
  });

  it('cancels a live merge from its job (chain unchanged, merge pending), and the app finishes it when the VM stops', async () => {
    const g = await guest('merge-cancel');
    const a = await s.snapshots.create({ hostId: HOST, vmUuid: g.uuid, kind: 'cold', name: 'a' });
    g.writePattern('vda', 0x5a, { offset: 16 << 20, length: 24 << 20, file: chainOf(g, 'vda')[0] });
    await g.start();
    const chain = chainOf(g, 'vda');
    expect(chain).toHaveLength(2);
    const progress: number[] = [];
    const off = s.on('job.changed', (j) => {
      if (j.operation !== 'delete' || j.vmUuid !== g.uuid || j.state !== 'running' || j.processedBytes === null) return;
      progress.push(j.processedBytes);
      if (j.cancellable && progress.length === 2) void s.jobs.cancel(j.id);
    });
    try {
      await expect(s.snapshots.delete(a.id)).rejects.toMatchObject({ code: 'job_cancelled' });
    } finally {
      off();
    }
    expect(progress.length).toBeGreaterThanOrEqual(2);
    expect(s.snapshots.list({ vmUuid: g.uuid })).toEqual([]);
    expect(chainOf(g, 'vda')).toEqual(chain);
    expect((await usageOf(s, g.uuid)).pendingMerges).toBe(1);
    // The VM stops: the app's lifecycle watch runs the merge in a helper domain.
    await g.destroy();
    await until(() => chainOf(g, 'vda').length === 1, 120_000, 'the merge after the VM stopped');
    await s.idle();
    expect(chainOf(g, 'vda')).toEqual([g.disk('vda').file]);
    expect(g.hasPattern('vda', 0x5a, { offset: 16 << 20, length: 24 << 20 })).toBe(true);
    expect(await usageOf(s, g.uuid)).toEqual({ files: 0, bytes: 0, pendingMerges: 0 });
    expect(s.snapshots.events().some((e) => e.action === 'merge' && e.outcome === 'failed' && e.detail.code === 'job_cancelled')).toBe(true);
  });

  it('waits on a branch after a revert, and merges once the other side is deleted', async () => {
    const g = await guest('merge-branch');
    const a = await s.snapshots.create({ hostId: HOST, vmUuid: g.uuid, kind: 'cold', name: 'a' });
    g.writePattern('vda', 0x61, { file: chainOf(g, 'vda')[0] });
    const b = await s.snapshots.create({ hostId: HOST, vmUuid: g.uuid, kind: 'cold', name: 'b' });
    await s.snapshots.revert(a.id);
    g.writePattern('vda', 0x63, { file: chainOf(g, 'vda')[0] });
    await s.snapshots.delete(a.id);
    expect((await usageOf(s, g.uuid)).pendingMerges).toBe(1);
    expect(chainOf(g, 'vda')).toHaveLength(2);
    expect(s.snapshots.events().filter((e) => e.action === 'merge' && e.vmUuid === g.uuid)).toEqual([]);
    // b's frozen image has no child left: removed; then a's image has one child, the top: merged.
    await s.snapshots.delete(b.id);
    expect(chainOf(g, 'vda')).toEqual([g.disk('vda').file]);
    expect(g.hasPattern('vda', 0x63)).toBe(true);
    expect(await usageOf(s, g.uuid)).toEqual({ files: 0, bytes: 0, pendingMerges: 0 });
  });

  it('a VM restored as new holds the layer it backs onto; reconcile merges once it is gone', async () => {
    const g = await guest('merge-held');
    const a = await s.snapshots.create({ hostId: HOST, vmUuid: g.uuid, kind: 'cold', name: 'a' });
    g.writePattern('vda', 0x71, { file: chainOf(g, 'vda')[0] });
    const b = await s.snapshots.create({ hostId: HOST, vmUuid: g.uuid, kind: 'cold', name: 'b' });
    g.writePattern('vda', 0x72, { file: chainOf(g, 'vda')[0] });
    const copy = await s.snapshots.restoreAsNew(b.id, { name: `${g.name}-copy`, network: null });
    await s.snapshots.delete(a.id);
    expect((await usageOf(s, g.uuid)).pendingMerges).toBe(1);
    expect(chainOf(g, 'vda')).toHaveLength(3);
    const dom = conn.lookupDomainByUuid(copy.uuid);
    dom.undefine(VIR_DOMAIN_UNDEFINE.SNAPSHOTS_METADATA);
    dom.close();
    const report = await s.snapshots.reconcile(HOST);
    expect(report.merged).toBeGreaterThanOrEqual(1);
    expect(chainOf(g, 'vda')).toHaveLength(2);
    expect((await usageOf(s, g.uuid)).pendingMerges).toBe(0);
    await s.snapshots.revert(b.id);
    expect(g.hasPattern('vda', 0x71, { file: chainOf(g, 'vda')[0] })).toBe(true);
    await s.snapshots.delete(b.id);
    expect(chainOf(g, 'vda')).toEqual([g.disk('vda').file]);
    expect(g.hasPattern('vda', 0x71)).toBe(true);
  });

  it('reconcile removes the memory file of a snapshot whose row and metadata were lost, and keeps the disks the VM runs on', async () => {
    const g = await guest('leak');
    await g.start();
    await g.waitForTick(2);
    const m = await s.snapshots.create({ hostId: HOST, vmUuid: g.uuid, kind: 'memory', name: 'lost' });
    const before = await usageOf(s, g.uuid);
    expect(before.files).toBe(2);
    const db = openDatabase(join(sv.dir, 'snapvisor.db'));
    try {
      new SnapshotsRepo(db).remove(m.id);
    } finally {
      db.close();
    }
    const snap = g.domain.lookupSnapshot(m.libvirtName!);
    await snap.delete(VIR_DOMAIN_SNAPSHOT_DELETE.METADATA_ONLY);
    snap.close();
    const report = await s.snapshots.reconcile(HOST);
    expect(report.removedFiles).toBe(1);
    expect(await usageOf(s, g.uuid)).toMatchObject({ files: 1 });
    expect(s.snapshots.events().filter((e) => e.action === 'leak' && e.vmUuid === g.uuid).map((e) => e.detail.removed)).toEqual([m.memoryFile]);
    const ticks = g.console().ticks.length;
    await g.waitForMoreTicks(ticks, 3);
    await g.destroy();
  });
});
