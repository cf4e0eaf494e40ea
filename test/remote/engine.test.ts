// Every kind of snapshot of a real kit guest through the qemu+ssh:// URI, from the client
// namespace: each restore judged by data (disk markers read on the host, the guest's RAM counter),
// a restore as a new VM, a volume snapshot restored in place and as a new volume, an extract, and
// reconcile. Every file Snapvisor makes is in its pool on the host (looked at over SSH, 0600),
// none is visible here, and the client's data directory stays empty.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join, posix } from 'node:path';
import { Connection, VIR_DOMAIN_UNDEFINE } from '../../native';
import type { Snapshot } from '../../shared/model';
import { cleanupGuests, cleanupStaleGuests, createGuest, type Guest } from '../guest/kit';
import { clientNamespace, existsOnHost, filesHere, filesOnHost, modeOnHost, remoteUri } from './remote-host';
import { hasPatternOnHost, remoteServices, restoreAndJudgeMemory, writePatternOnHost, type RemoteServices } from './remote-kit';

const MARK = { offset: 8 << 20 };

describe('every kind of snapshot through a remote (SSH) host', () => {
  let conn: Connection;
  let r: RemoteServices;
  let g: Guest;
  let poolDir: string;
  let hot: Snapshot;
  let mem: Snapshot;
  let cold: Snapshot;
  beforeAll(async () => {
    clientNamespace();
    conn = await Connection.open(remoteUri());
    await cleanupStaleGuests(conn);
    r = await remoteServices();
    poolDir = await r.poolDir();
    g = await createGuest(conn, { label: 'remote', dataDisks: 1 });
  });
  afterAll(async () => {
    await cleanupGuests();
    await r?.dispose();
    conn?.close();
  });

  /** The VM's current file for a disk on the host (each snapshot or restore puts a new top on it). */
  const top = (target: string): string => g.domain.describe({ inactive: true }).disks.find((d) => d.target === target)!.source!;
  const filesOf = (s: Snapshot): string[] => [s.memoryFile, ...s.disks.map((d) => d.overlay)].filter((f): f is string => f !== null);

  it('hot and memory snapshots of the running guest: files in the host’s pool only, RAM restored exactly', async () => {
    writePatternOnHost(g.disk('vdb').file, 0x11, MARK);
    await g.start();
    await g.waitForTick(3);
    hot = await r.services.snapshots.create({ hostId: r.hostId, vmUuid: g.uuid, kind: 'hot', name: 'remote hot' });
    expect(hot).toMatchObject({ state: 'ready', kind: 'hot', location: 'external' });
    const low = g.console().lastTick!;
    mem = await r.services.snapshots.create({ hostId: r.hostId, vmUuid: g.uuid, kind: 'memory', name: 'remote memory' });
    const high = g.console().lastTick!;
    expect(mem).toMatchObject({ state: 'ready', kind: 'memory', vmState: 'running' });
    const made = [...filesOf(hot), ...filesOf(mem)];
    expect(made).toHaveLength(5);
    const onHost = filesOnHost(poolDir);
    for (const f of made) {
      expect(posix.dirname(f)).toBe(poolDir);
      expect(onHost).toContain(f);
      expect(modeOnHost(f)).toBe('600');
      expect(existsSync(f), `${f} is visible to the client`).toBe(false);
    }
    const verdict = await restoreAndJudgeMemory(r, g, mem.id, { low, high });
    expect(verdict.reverted, verdict.reason).toBe(true);
  });

  it('cold, hot and memory snapshots restored in any order bring back the disks of their time', async () => {
    await g.destroy();
    writePatternOnHost(top('vdb'), 0x22, MARK);
    cold = await r.services.snapshots.create({ hostId: r.hostId, vmUuid: g.uuid, kind: 'cold', name: 'remote cold' });
    expect(cold).toMatchObject({ state: 'ready', kind: 'cold' });
    writePatternOnHost(top('vdb'), 0x33, MARK);
    await r.services.snapshots.revert(hot.id);
    expect(hasPatternOnHost(top('vdb'), 0x11, MARK)).toBe(true);
    await r.services.snapshots.revert(cold.id);
    expect(hasPatternOnHost(top('vdb'), 0x22, MARK)).toBe(true);
    await r.services.snapshots.revert(mem.id, { afterState: 'shutoff' });
    expect(g.state()).toBe('shutoff');
    expect(hasPatternOnHost(top('vdb'), 0x11, MARK)).toBe(true);
    await r.services.snapshots.revert(cold.id);
    expect(hasPatternOnHost(top('vdb'), 0x22, MARK)).toBe(true);
    for (const t of ['vda', 'vdb']) expect(posix.dirname(top(t))).toBe(poolDir);
  });

  it('restores as a new VM that runs on the host, on thin overlays in the pool; its files go with it', async () => {
    const name = `${g.name}-copy`;
    const vm = await r.services.snapshots.restoreAsNew(cold.id, { name, network: null, start: true });
    expect(vm).toMatchObject({ name, state: 'running' });
    const disks = vm.disks.map((d) => d.source!);
    for (const f of disks) expect(posix.dirname(f)).toBe(poolDir);
    const copy = conn.lookupDomainByUuid(vm.uuid);
    try {
      await copy.destroy();
      expect(hasPatternOnHost(vm.disks.find((d) => d.target === 'vdb')!.source!, 0x22, MARK)).toBe(true);
      // The copy's serial console went where its host's virtlogd could write it: the pool.
      expect(filesOnHost(poolDir).filter((f) => f.startsWith(`${poolDir}/${vm.uuid}.`) && f.endsWith('.log'))).toHaveLength(1);
      copy.undefine(VIR_DOMAIN_UNDEFINE.SNAPSHOTS_METADATA);
    } finally {
      copy.close();
    }
    await r.services.snapshots.reconcile(r.hostId);
    expect(filesOnHost(poolDir).filter((f) => f.startsWith(`${poolDir}/${vm.uuid}.`))).toEqual([]);
    // The source VM was not touched.
    expect(hasPatternOnHost(top('vdb'), 0x22, MARK)).toBe(true);
  });

  it('a volume snapshot restores in place and as a new volume beside the disk; an extract is a volume of its own', async () => {
    const vol = await r.services.snapshots.createVolume({ hostId: r.hostId, vmUuid: g.uuid, disk: 'vdb', name: 'remote vdb' });
    expect(vol).toMatchObject({ state: 'ready', kind: 'volume' });
    writePatternOnHost(top('vdb'), 0x44, MARK);
    expect(await r.services.snapshots.restoreVolume(vol.id)).toMatchObject({ inPlace: true });
    expect(hasPatternOnHost(top('vdb'), 0x22, MARK)).toBe(true);
    writePatternOnHost(top('vdb'), 0x55, MARK);
    const asNew = await r.services.snapshots.restoreVolume(vol.id, { asNewName: 'vdb-restored' });
    // Beside the disk's own image, which sits in no pool: through a transient pool on the host.
    expect(asNew).toEqual({ inPlace: false, path: join(g.dir, 'vdb-restored.qcow2') });
    expect(existsOnHost(asNew.path)).toBe(true);
    expect(hasPatternOnHost(asNew.path, 0x22, MARK)).toBe(true);
    expect(hasPatternOnHost(top('vdb'), 0x55, MARK)).toBe(true);
    const ex = await r.services.snapshots.extractVolume(cold.id, { disk: 'vdb' });
    const exFile = ex.disks[0]!.file!;
    expect(posix.dirname(exFile)).toBe(poolDir);
    expect(hasPatternOnHost(exFile, 0x22, MARK)).toBe(true);
    expect(modeOnHost(exFile)).toBe('600');
  });

  it('reconcile agrees with the host, every snapshot’s files are there, and the client’s data directory is empty', async () => {
    // Other VMs on this shared daemon may hold snapshots of their own (adoptable): not ours to judge.
    expect(await r.services.snapshots.reconcile(r.hostId)).toMatchObject({ missing: 0, resolved: 0 });
    const rows = r.services.snapshots.list({ hostId: r.hostId, vmUuid: g.uuid, includeDependents: true });
    expect(rows.map((s) => s.state).filter((st) => st !== 'ready')).toEqual([]);
    const libvirtNames = g.domain.listAllSnapshots().map((x) => { try { return x.name(); } finally { x.close(); } }).sort();
    expect(rows.filter((s) => s.libvirtName).map((s) => s.libvirtName).sort()).toEqual(libvirtNames);
    const onHost = new Set(filesOnHost(poolDir));
    for (const s of rows) {
      for (const f of [s.memoryFile, ...s.disks.map((d) => d.file)]) if (f?.startsWith(`${poolDir}/`)) expect(onHost.has(f), `${s.name}: ${f}`).toBe(true);
    }
    expect(filesHere(join(r.dir, 'data'))).toEqual([]);
    expect(filesHere(r.dir).filter((f) => !/\/snapvisor\.db(-wal|-shm)?$/.test(f))).toEqual([]);
  });
});
