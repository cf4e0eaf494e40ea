// Internal snapshots on qemu:///system with a real kit guest whose libvirt already holds an
// internal snapshot made outside Snapvisor (the one case Snapvisor stays internal): memory and
// cold snapshots, hot refused with the nearest kind offered, a tree reverted and deleted in
// arbitrary order, volumes, restore as new, adopt; once the last internal snapshot is deleted
// the VM's snapshots are external.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { VIR_DOMAIN_UNDEFINE, type Connection } from '../../../native';
import type { EngineServices } from '../../../electron/services';
import { cleanupGuests, cleanupStaleGuests, createGuest, judgeMemoryRevert, openSystem, parseConsole, sleep, type Guest } from '../../guest/kit';
import { HOST, systemServices } from './engine-kit';
import { readFileSync } from 'node:fs';

describe('internal snapshots on a real guest', () => {
  let conn: Connection;
  let sv: Awaited<ReturnType<typeof systemServices>>;
  let s: EngineServices;
  let g: Guest;
  beforeAll(async () => {
    conn = await openSystem();
    await cleanupStaleGuests(conn);
    sv = await systemServices();
    s = sv.services;
    g = await createGuest(conn, { label: 'eng-int', dataDisks: 1 });
    // Another tool's internal snapshot (native, not virsh), taken before Snapvisor sees the VM.
    g.writePattern('vdb', 0x77);
    (await g.domain.createSnapshot('<domainsnapshot><name>by-hand</name></domainsnapshot>')).close();
    g.writePattern('vdb', 0x78);
  });
  afterAll(async () => {
    await cleanupGuests();
    await sv?.dispose();
    conn?.close();
  });

  it('reverts a memory snapshot: the RAM counter resumes from snapshot time, no new boot (and a reboot is judged not a revert)', async () => {
    await g.start();
    await g.waitForTick(5);
    const low = g.console().lastTick!;
    const m = await s.snapshots.create({ hostId: HOST, vmUuid: g.uuid, kind: 'memory', name: 'mem <1>' });
    const high = g.console().lastTick!;
    expect(m).toMatchObject({ state: 'ready', location: 'internal', kind: 'memory', vmState: 'running' });
    // A hot snapshot would be external next to internal ones: refused, naming the nearest kind.
    await expect(s.snapshots.create({ hostId: HOST, vmUuid: g.uuid, kind: 'hot', name: 'hot?' }))
      .rejects.toMatchObject({ code: 'mixed_chain', params: { kind: 'hot', nearest: 'memory', reason: 'existing_internal' } });
    const nearest = await s.snapshots.create({ hostId: HOST, vmUuid: g.uuid, kind: 'hot', name: 'hot or nearest', orNearest: true });
    expect(nearest).toMatchObject({ kind: 'memory', location: 'internal', state: 'ready' });
    await s.snapshots.delete(nearest.id);
    expect(s.snapshots.get(m.id).dependents.map((d) => d.disks[0]!.target)).toEqual(['vdb']);
    await g.waitForTick(high + 15);
    const before = g.console();
    const r = await s.snapshots.revert(m.id);
    expect(r.vmState).toBe('running');
    await g.waitForMoreTicks(before.ticks.length, 12);
    const verdict = judgeMemoryRevert(before, g.console(), { low, high }, { minTicks: 10 });
    expect(verdict.reverted, verdict.reason).toBe(true);
    // Negative control: a destroy + start is not a revert.
    const before2 = g.console();
    await g.destroy();
    await g.start();
    await g.waitForMoreTicks(before2.ticks.length, 12);
    expect(judgeMemoryRevert(before2, g.console(), { low, high }, { minTicks: 10 }).reverted).toBe(false);
    await g.destroy();
  });

  it('reverts cold snapshots of a tree in arbitrary order, deletes in arbitrary order, and the rest still restore', async () => {
    const pat = { c1: 0x11, c2: 0x22, c3: 0x44 } as const;
    g.writePattern('vda', pat.c1, { offset: 8 << 20 }); g.writePattern('vdb', pat.c1);
    const c1 = await s.snapshots.create({ hostId: HOST, vmUuid: g.uuid, kind: 'cold', name: 'c1' });
    g.writePattern('vda', pat.c2, { offset: 8 << 20 }); g.writePattern('vdb', pat.c2);
    const c2 = await s.snapshots.create({ hostId: HOST, vmUuid: g.uuid, kind: 'cold', name: 'c2', protect: true });
    g.writePattern('vda', 0x33, { offset: 8 << 20 }); g.writePattern('vdb', 0x33);
    await s.snapshots.revert(c1.id);
    expect(g.hasPattern('vda', pat.c1, { offset: 8 << 20 }) && g.hasPattern('vdb', pat.c1)).toBe(true);
    g.writePattern('vda', pat.c3, { offset: 8 << 20 }); g.writePattern('vdb', pat.c3);
    const c3 = await s.snapshots.create({ hostId: HOST, vmUuid: g.uuid, kind: 'cold', name: 'c3' });
    expect(c3.parentId).toBe(c1.id);
    const check = async (id: string, p: number): Promise<void> => {
      const r = await s.snapshots.revert(id);
      expect(r.vmState).toBe('shutoff');
      expect(g.hasPattern('vda', p, { offset: 8 << 20 }), `vda after ${id}`).toBe(true);
      expect(g.hasPattern('vdb', p), `vdb after ${id}`).toBe(true);
    };
    await check(c2.id, pat.c2);
    await check(c3.id, pat.c3);
    await check(c1.id, pat.c1);
    await check(c2.id, pat.c2);
    await expect(s.snapshots.delete(c2.id)).rejects.toMatchObject({ code: 'protected_needs_name' });
    const dep = s.snapshots.get(c1.id).dependents[0]!;
    await expect(s.snapshots.delete(dep.id)).rejects.toMatchObject({ code: 'dependent_not_deletable' });
    await s.snapshots.delete(c1.id);
    expect(s.snapshots.get(c3.id).snapshot.parentId).not.toBe(c1.id);
    await check(c3.id, pat.c3);
    await check(c2.id, pat.c2);
    await s.snapshots.delete(c2.id, { confirmName: 'c2' });
    await check(c3.id, pat.c3);
  });

  it('restores a volume in place and as a new volume, and extracts one disk of a VM snapshot', async () => {
    const [c3] = s.snapshots.list({ vmUuid: g.uuid, search: 'c3' });
    g.writePattern('vda', 0x66, { offset: 8 << 20 }); g.writePattern('vdb', 0x66);
    const dep = s.snapshots.get(c3!.id).dependents[0]!;
    const inPlace = await s.snapshots.restoreVolume(dep.id);
    expect(inPlace.inPlace).toBe(true);
    expect(g.hasPattern('vdb', 0x44)).toBe(true);
    expect(g.hasPattern('vda', 0x66, { offset: 8 << 20 })).toBe(true);
    const asNew = await s.snapshots.restoreVolume(dep.id, { asNewName: `${g.name}-vdb-copy` });
    expect(asNew.inPlace).toBe(false);
    expect(g.hasPattern('vdb', 0x44, { file: asNew.path })).toBe(true);
    const ex = await s.snapshots.extractVolume(c3!.id, { disk: 'vda' });
    expect(ex).toMatchObject({ kind: 'volume', dependentOf: null, state: 'ready' });
    expect(g.hasPattern('vda', 0x44, { offset: 8 << 20, file: ex.disks[0]!.file! })).toBe(true);
    await s.snapshots.delete(ex.id);
    expect(existsSync(ex.disks[0]!.file!)).toBe(false);
  });

  it('restores a snapshot as a new VM that boots with the snapshot\'s disks while the source stays untouched', async () => {
    const [c3] = s.snapshots.list({ vmUuid: g.uuid, search: 'c3' });
    const vm = await s.snapshots.restoreAsNew(c3!.id, { name: `${g.name}-copy`, vcpus: 1, memoryMiB: 160, network: null, start: false });
    try {
      expect(vm).toMatchObject({ name: `${g.name}-copy`, vcpus: 1, memoryMiB: 160, state: 'shutoff' });
      expect(vm.uuid).not.toBe(g.uuid);
      const vda = vm.disks.find((d) => d.target === 'vda')!.source!;
      expect(vda).not.toBe(g.disk('vda').file);
      expect(g.hasPattern('vda', 0x44, { offset: 8 << 20, file: vda })).toBe(true);
      const dom = conn.lookupDomainByUuid(vm.uuid);
      await dom.start();
      const log = (await s.files.host(HOST)).consolePath(vm.uuid);
      expect(log.startsWith(`${(await s.files.host(HOST)).poolDir}/${vm.uuid}.`)).toBe(true);
      for (let i = 0; i < 450 && !(existsSync(log) && parseConsole(readFileSync(log, 'utf8')).ticks.length > 2); i++) await sleep(200);
      expect(parseConsole(readFileSync(log, 'utf8')).boots).toHaveLength(1);
      await dom.destroy();
      dom.undefine(VIR_DOMAIN_UNDEFINE.SNAPSHOTS_METADATA);
      dom.close();
      expect(g.state()).toBe('shutoff');
      expect(g.hasPattern('vda', 0x66, { offset: 8 << 20 })).toBe(true);
    } finally {
      try { const d = conn.lookupDomainByUuid(vm.uuid); if (d.isActive()) await d.destroy(); d.undefine(0); d.close(); } catch { /* gone */ }
    }
  });

  it('adopts the snapshot made outside Snapvisor and restores it', async () => {
    const report = await s.snapshots.reconcile(HOST);
    expect(report.adoptable).toBeGreaterThanOrEqual(1);
    const [u] = s.snapshots.list({ vmUuid: g.uuid, state: 'unmanaged' });
    expect(u).toMatchObject({ name: 'by-hand', kind: 'cold', location: 'internal' });
    const a = await s.snapshots.adopt(u!.id);
    expect(a.state).toBe('ready');
    await s.snapshots.revert(a.id);
    expect(g.hasPattern('vdb', 0x77)).toBe(true);
  });

  it('moves the VM to external snapshots once its last internal snapshot is deleted', async () => {
    for (const r of s.snapshots.list({ vmUuid: g.uuid })) await s.snapshots.delete(r.id, { confirmName: r.name });
    expect(g.domain.snapshotCount()).toBe(0);
    g.writePattern('vdb', 0x79);
    const cold = await s.snapshots.create({ hostId: HOST, vmUuid: g.uuid, kind: 'cold', name: 'now external' });
    expect(cold.location).toBe('external');
    await g.start();
    await g.waitForTick(2);
    const hot = await s.snapshots.create({ hostId: HOST, vmUuid: g.uuid, kind: 'hot', name: 'hot too' });
    expect(hot.location).toBe('external');
    await s.snapshots.delete(hot.id);
    await s.snapshots.revert(cold.id);
    expect(g.hasPattern('vdb', 0x79, { file: g.domain.describe({ inactive: true }).disks.find((d) => d.target === 'vdb')!.source! })).toBe(true);
    await s.snapshots.delete(cold.id);
    // All merged back: the VM runs on its own disks again.
    const merges = JSON.stringify(s.snapshots.events().filter((e) => e.action === 'merge' && e.vmUuid === g.uuid).map((e) => [e.outcome, e.detail]));
    expect(g.domain.describe({ inactive: true }).disks.filter((d) => d.device === 'disk').map((d) => d.source), merges).toEqual([g.disk('vda').file, g.disk('vdb').file]);
  });
});
