// External snapshots (hot, external memory, cold on an external VM) on libvirt 9.0, where
// Snapvisor reverts and deletes them itself; restore as new on thin overlays; in-use refusal.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { statSync } from 'node:fs';
import { VIR_DOMAIN_UNDEFINE, type Connection } from '../../../native';
import type { EngineServices } from '../../../electron/services';
import type { Snapshot } from '../../../shared/model';
import { cleanupGuests, cleanupStaleGuests, createGuest, judgeMemoryRevert, openSystem, sleep, type Guest } from '../../guest/kit';
import { HOST, systemServices } from './engine-kit';

describe('external snapshots on a real guest (libvirt 9.0: Snapvisor reverts them itself)', () => {
  let conn: Connection;
  let sv: Awaited<ReturnType<typeof systemServices>>;
  let s: EngineServices;
  let g: Guest;
  let hot: Snapshot;
  let mem: Snapshot;
  let cold: Snapshot;
  beforeAll(async () => {
    conn = await openSystem();
    await cleanupStaleGuests(conn);
    sv = await systemServices();
    s = sv.services;
    g = await createGuest(conn, { label: 'eng-ext', dataDisks: 1 });
  });
  afterAll(async () => {
    await cleanupGuests();
    await sv?.dispose();
    conn?.close();
  });

  /** The VM's current file for a disk (it moves to a new overlay with each snapshot/revert). */
  const top = (target: string): string => g.domain.describe({ inactive: true }).disks.find((d) => d.target === target)!.source!;

  it('takes hot and external memory snapshots with 0600 files named by ids, and resumes memory exactly', async () => {
    g.writePattern('vdb', 0x11);
    await g.start();
    await g.waitForTick(3);
    hot = await s.snapshots.create({ hostId: HOST, vmUuid: g.uuid, kind: 'hot', name: 'hot ../../etc' });
    expect(hot).toMatchObject({ state: 'ready', location: 'external', kind: 'hot', quiesced: false });
    const low = g.console().lastTick!;
    mem = await s.snapshots.create({ hostId: HOST, vmUuid: g.uuid, kind: 'memory', name: 'mem' });
    const high = g.console().lastTick!;
    expect(mem).toMatchObject({ state: 'ready', location: 'external', kind: 'memory' });
    const files = await s.files.host(HOST);
    for (const f of [mem.memoryFile!, ...mem.disks.map((d) => d.overlay!), ...hot.disks.map((d) => d.overlay!)]) {
      expect(f.startsWith(`${files.poolDir}/${g.uuid}.`)).toBe(true);
      expect(f).toMatch(/\.(snap-[0-9a-f]{12}\.vd[ab]\.qcow2|mem-[0-9a-f]{12}\.save)$/);
      expect(statSync(f).mode & 0o777).toBe(0o600);
    }
    await g.waitForTick(high + 15);
    const before = g.console();
    const r = await s.snapshots.revert(mem.id);
    expect(r.vmState).toBe('running');
    await g.waitForMoreTicks(before.ticks.length, 12);
    const verdict = judgeMemoryRevert(before, g.console(), { low, high }, { minTicks: 10 });
    expect(verdict.reverted, verdict.reason).toBe(true);
    expect(s.snapshots.get(mem.id).snapshot.current).toBe(true);
  });

  it('reverts hot, cold and memory (to shut off) snapshots in arbitrary order with the disks from snapshot time', async () => {
    await g.destroy();
    g.writePattern('vdb', 0x22, { file: top('vdb') });
    cold = await s.snapshots.create({ hostId: HOST, vmUuid: g.uuid, kind: 'cold', name: 'cold' });
    expect(cold.location).toBe('external');
    g.writePattern('vdb', 0x33, { file: top('vdb') });
    await s.snapshots.revert(hot.id);
    expect(g.hasPattern('vdb', 0x11, { file: top('vdb') })).toBe(true);
    await s.snapshots.revert(cold.id);
    expect(g.hasPattern('vdb', 0x22, { file: top('vdb') })).toBe(true);
    await s.snapshots.revert(mem.id, { afterState: 'shutoff' });
    expect(g.state()).toBe('shutoff');
    expect(g.hasPattern('vdb', 0x11, { file: top('vdb') })).toBe(true);
    await s.snapshots.revert(cold.id);
    expect(g.hasPattern('vdb', 0x22, { file: top('vdb') })).toBe(true);
  });

  it('restores as a new VM on thin overlays, refuses to delete the snapshot it holds, then allows it', async () => {
    const vm = await s.snapshots.restoreAsNew(cold.id, { name: `${g.name}-copy`, network: null });
    const vdb = vm.disks.find((d) => d.target === 'vdb')!.source!;
    expect(g.hasPattern('vdb', 0x22, { file: vdb })).toBe(true);
    expect(statSync(vdb).size).toBeLessThan(2 * 1024 * 1024);
    const plan = s.snapshots.deletePlan(cold.id);
    expect(plan.blockedBy).toMatchObject({ code: 'snapshot_in_use', params: { holder: `${g.name}-copy` } });
    await expect(s.snapshots.delete(cold.id)).rejects.toMatchObject({ code: 'snapshot_in_use' });
    const ex = await s.snapshots.extractVolume(cold.id, { disk: 'vdb' });
    expect(g.hasPattern('vdb', 0x22, { file: ex.disks[0]!.file! })).toBe(true);
    const dom = conn.lookupDomainByUuid(vm.uuid);
    dom.undefine(VIR_DOMAIN_UNDEFINE.SNAPSHOTS_METADATA);
    dom.close();
    await s.snapshots.reconcile(HOST);
    expect(s.snapshots.deletePlan(cold.id).blockedBy).toBeNull();
    // The source VM was not touched.
    expect(g.hasPattern('vdb', 0x22, { file: top('vdb') })).toBe(true);
    await s.snapshots.delete(ex.id);
  });

  it('deletes external snapshots in arbitrary order, the rest still restore, and frees their files', async () => {
    await s.snapshots.delete(hot.id);
    await s.snapshots.revert(mem.id, { afterState: 'shutoff' });
    expect(g.hasPattern('vdb', 0x11, { file: top('vdb') })).toBe(true);
    await s.snapshots.delete(cold.id);
    await s.snapshots.revert(mem.id);
    expect(g.state()).toBe('running');
    await g.destroy();
    await s.snapshots.delete(mem.id);
    expect(s.snapshots.list({ vmUuid: g.uuid, includeDependents: true })).toEqual([]);
    expect(g.hasPattern('vdb', 0x11, { file: top('vdb') })).toBe(true);
    // Every layer merged back: the VM is on its original disks, holding the current data, and
    // no Snapvisor file is left for it (the restored VM's overlays went with it).
    expect([top('vda'), top('vdb')]).toEqual([g.disk('vda').file, g.disk('vdb').file]);
    const why = JSON.stringify(s.snapshots.events().filter((e) => e.action === 'merge').map((e) => e.detail));
    expect((await (await s.files.host(HOST)).images(g.uuid)).map((i) => i.path), why).toEqual([]);
    await g.start();
    await sleep(500);
    expect(g.state()).toBe('running');
    await g.destroy();
  });
});
