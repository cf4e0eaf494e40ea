// Copies on a second host, end to end on a real guest: a kit guest with cold, hot and memory
// snapshots on the first host (this machine's libvirtd, through its loopback sshd) is refreshed
// to the second libvirt host; with the source switched off — the source VM destroyed, and the
// restores made by a Snapvisor whose database (a copy of the first's) knows the source host only
// at an address where nothing answers — each copy restores there with its own data (qemu-io
// patterns, read on the second host through the chains it holds), the memory copy resumes its RAM
// counter, and a copy restores as a new VM. Then: a refresh with nothing new sends nothing; verify finds a byte
// flipped on the target; remove leaves nothing of the copy there.
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Connection, VIR_DOMAIN_AFFECT } from '../../native';
import { SNAPSHOT_NAMES_NS, parseSnapshotNames } from '../../electron/services/vms/snapshot-names';
import { createServices, createTestServices, type EngineServices } from '../../electron/services';
import type { CopyRefreshResult, Snapshot } from '../../shared/model';
import { Guest, createGuest, judgeMemoryRevert } from '../guest/kit';
import { clientDir, remoteUri } from './remote-host';
import { writePatternOnHost, type RemoteServices } from './remote-kit';
import type { SecondHost } from './second-host';
import { closeTwoHosts, consoleOnSecondHost, holdsOnSecondHost, openTwoHosts, vdaOf } from './two-hosts';

const MARK = { offset: 8 << 20 };

describe('copies of a real guest’s snapshots on the second host', () => {
  let host: SecondHost;
  let conn: Connection;
  let r: RemoteServices;
  let g: Guest;
  let first: CopyRefreshResult;
  let targetHostId: string;
  let cold1: Snapshot;
  let mem: Snapshot;
  let cold2: Snapshot;
  const taken = { low: 0, high: 0 };

  beforeAll(async () => {
    ({ host, conn, r } = await openTwoHosts());
    g = await createGuest(conn, { label: 'copies' });
  });

  afterAll(() => closeTwoHosts({ host, conn, r }, first ? g.uuid : undefined));

  const top = (): string => g.domain.describe({ inactive: true }).disks.find((d) => d.target === 'vda')!.source!;
  const copyRows = (): Snapshot[] => r.services.snapshots.list({ hostId: targetHostId, vmUuid: first.copyVm.uuid });
  const copyOf = (s: Snapshot): Snapshot => copyRows().find((c) => c.name === s.name)!;
  const holdsThere = (file: string, pattern: number): boolean => holdsOnSecondHost(host, file, pattern, MARK.offset);
  const copyVmDisk = (): Promise<string> => vdaOf(host.uri, first.copyVm.uuid);
  /** The copy VM's files in Snapvisor's pool on the second host (its /var/lib/libvirt is under libDir here). */
  const filesThere = (): string[] => host.run('sh', '-c', 'ls "$1" 2>/dev/null; true', 'sh', poolThere()).split('\n').filter((n) => n.startsWith(first.copyVm.uuid));
  let poolDirThere = '';
  const poolThere = (): string => poolDirThere;

  it('the first refresh makes a shut-off copy VM on the second host whose snapshots are the source’s', async () => {
    writePatternOnHost(top(), 0x11, MARK);
    cold1 = await r.services.snapshots.create({ hostId: r.hostId, vmUuid: g.uuid, kind: 'cold', name: 'copies cold 1' });
    writePatternOnHost(top(), 0x22, MARK);
    await g.start();
    taken.low = await g.waitForTick(3);
    mem = await r.services.snapshots.create({ hostId: r.hostId, vmUuid: g.uuid, kind: 'memory', name: 'copies memory' });
    taken.high = g.console().lastTick ?? taken.low;
    await r.services.snapshots.create({ hostId: r.hostId, vmUuid: g.uuid, kind: 'hot', name: 'copies hot' });
    await g.destroy();
    writePatternOnHost(top(), 0x33, MARK);
    cold2 = await r.services.snapshots.create({ hostId: r.hostId, vmUuid: g.uuid, kind: 'cold', name: 'copies cold 2' });

    first = await r.services.copies.refresh({ hostId: r.hostId, vmUuid: g.uuid, to: host.uri });
    targetHostId = r.services.hosts.list().find((h) => h.uri === host.uri)!.id;
    poolDirThere = (await r.services.files.host(targetHostId)).poolDir;
    expect(first).toMatchObject({ vm: { name: g.name, uuid: g.uuid }, target: host.uri, copyVm: { name: g.name } });
    expect(first.copyVm.uuid).not.toBe(g.uuid);
    expect(first.kept).toHaveLength(4);
    expect(first.removed).toEqual([]);
    // Every byte written counted: the base, three layers, the memory file.
    expect(first.sent.length).toBe(5);
    expect(first.bytesSent).toBe(first.sent.reduce((n, f) => n + f.bytes, 0));
    expect(copyRows().map((s) => s.name).sort()).toEqual(['copies cold 1', 'copies cold 2', 'copies hot', 'copies memory']);
    expect(copyRows().every((s) => s.state === 'ready' && s.location === 'external')).toBe(true);
    const c2 = await Connection.open(host.uri);
    try {
      using dom = c2.lookupDomainByUuid(first.copyVm.uuid);
      expect(dom.isActive()).toBe(false);
      expect(dom.listSnapshotTree().map((n) => n.name).sort()).toEqual(copyRows().map((s) => s.libvirtName).sort());
    } finally {
      c2.close();
    }
    // Each snapshot's detail says where it was copied, and the copy where it came from.
    const detail = r.services.snapshots.get(cold1.id);
    expect(detail.copies).toMatchObject([{ targetUri: host.uri, copyVm: first.copyVm }]);
    expect(r.services.snapshots.get(copyOf(cold1).id).copyOf).toMatchObject({ sourceUri: remoteUri(), sourceVm: { name: g.name, uuid: g.uuid }, sourceSnapshotId: cold1.id });
    expect(r.services.copies.list({ hostId: r.hostId, vmUuid: g.uuid })).toMatchObject([{ snapshotCount: 4, lastBytesSent: first.bytesSent, lastError: null }]);
  });

  /**
   * Snapvisor on a copy of this test's database in which the source host answers nowhere (its URI
   * names a closed port): what an administrator has on the day the source host is gone.
   */
  async function withSourceGone<T>(work: (s: EngineServices) => Promise<T>): Promise<T> {
    const dir = mkdtempSync(join(clientDir('copies-gone'), 'db-'));
    const src = new Database(join(r.dir, 'snapvisor.db'), { readonly: true });
    await src.backup(join(dir, 'snapvisor.db'));
    src.close();
    const db = new Database(join(dir, 'snapvisor.db'));
    db.prepare('UPDATE hosts SET uri = ? WHERE id = ?').run(remoteUri({ port: 1 }), r.hostId);
    db.close();
    const s = await createServices({ dbPath: join(dir, 'snapvisor.db'), dataDir: join(dir, 'data'), reconcileOnStart: false, connectHosts: 'lazy', schedulesTimer: false });
    try {
      await expect(s.vms.list(r.hostId), 'the source host answers nowhere').rejects.toMatchObject({ code: expect.stringMatching(/^ssh_/) });
      return await work(s);
    } finally {
      await s.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }

  it('with the source gone, each copy restores on the second host: disks of their time, the memory copy’s RAM, a new VM', async () => {
    await g.destroy();
    const c2 = await Connection.open(host.uri);
    const consoleLog = consoleOnSecondHost(host, poolThere(), first.copyVm.uuid);
    const copyGuest = new Guest(c2, first.copyVm.name, '', consoleLog, [], c2.lookupDomainByUuid(first.copyVm.uuid));
    try {
      await withSourceGone(async (gone) => {
        await gone.snapshots.revert(copyOf(cold1).id);
        expect(holdsThere(await copyVmDisk(), 0x11)).toBe(true);
        await gone.snapshots.revert(copyOf(cold2).id);
        expect(holdsThere(await copyVmDisk(), 0x33)).toBe(true);
        expect(holdsThere(await copyVmDisk(), 0x11)).toBe(false);

        const before = copyGuest.console();
        const result = await gone.snapshots.revert(copyOf(mem).id);
        expect(result.vmState).toBe('running');
        await copyGuest.waitForMoreTicks(before.ticks.length, 8);
        const verdict = judgeMemoryRevert(before, copyGuest.console(), taken, { minTicks: 6 });
        expect(verdict.reverted, verdict.reason).toBe(true);

        const asNew = await gone.snapshots.restoreAsNew(copyOf(cold2).id, { name: `${first.copyVm.name}-new`, network: null });
        using dom = c2.lookupDomainByUuid(asNew.uuid);
        expect(holdsThere(dom.describe({ inactive: true }).disks.find((d) => d.target === 'vda')!.source!, 0x33)).toBe(true);
        await gone.vms.remove(targetHostId, asNew.uuid);
      });

      // The restores defined the copies' saved definitions; the copy VM still names its copies.
      expect([...parseSnapshotNames(copyGuest.domain.metadataElement(SNAPSHOT_NAMES_NS, VIR_DOMAIN_AFFECT.CONFIG)).values()].sort())
        .toEqual(['copies cold 1', 'copies cold 2', 'copies hot', 'copies memory']);

      // The administrator runs the copy VM (the source was gone); once the source is back, a
      // refresh adds what is new there and leaves the copy VM running.
      writePatternOnHost(top(), 0x44, MARK);
      const cold3 = await r.services.snapshots.create({ hostId: r.hostId, vmUuid: g.uuid, kind: 'cold', name: 'copies cold 3' });
      const more = await r.services.copies.refresh({ hostId: r.hostId, vmUuid: g.uuid, to: host.uri });
      expect(more.sent.map((f) => f.snapshotId)).toEqual([cold3.id]);
      expect(copyGuest.state()).toBe('running');
      await copyGuest.waitForMoreTicks(copyGuest.console().ticks.length, 2);
      expect(holdsThere(copyOf(cold3).disks[0]!.file!, 0x44)).toBe(true);
      await copyGuest.destroy();
    } finally {
      copyGuest.domain.close();
      c2.close();
    }
  });

  it('with the source host and Snapvisor’s database both gone: a new Snapvisor on the second host adopts the copies, and they restore', async () => {
    const fresh = await createTestServices({ defaultUri: host.uri, reconcileOnStart: true }, clientDir('copies-fresh'));
    try {
      const hostId = fresh.services.hosts.list()[0]!.id;
      const found = fresh.services.snapshots.list({ hostId, vmUuid: first.copyVm.uuid });
      expect(found).toHaveLength(5);
      expect(found.every((s) => s.state === 'unmanaged' && s.location === 'external')).toBe(true);
      // Under the names people gave them, which the copy VM's definition keeps (not libvirt's sv-<id>).
      expect(found.map((s) => s.name).sort()).toEqual(copyRows().map((s) => s.name).sort());
      expect(found.map((s) => s.name)).toContain('copies memory');
      for (const s of found) await fresh.services.snapshots.adopt(s.id);
      const byLibvirt = (s: Snapshot): Snapshot => fresh.services.snapshots.list({ hostId, vmUuid: first.copyVm.uuid }).find((x) => x.libvirtName === s.libvirtName)!;
      await fresh.services.snapshots.revert(byLibvirt(cold1).id);
      expect(holdsThere(await copyVmDisk(), 0x11)).toBe(true);
      await fresh.services.snapshots.revert(byLibvirt(cold2).id);
      expect(holdsThere(await copyVmDisk(), 0x33)).toBe(true);
      const c2 = await Connection.open(host.uri);
      try {
        const consoleLog = consoleOnSecondHost(host, poolThere(), first.copyVm.uuid);
        const copyGuest = new Guest(c2, first.copyVm.name, '', consoleLog, [], c2.lookupDomainByUuid(first.copyVm.uuid));
        const before = copyGuest.console();
        expect((await fresh.services.snapshots.revert(byLibvirt(mem).id)).vmState).toBe('running');
        await copyGuest.waitForMoreTicks(before.ticks.length, 8);
        const verdict = judgeMemoryRevert(before, copyGuest.console(), taken, { minTicks: 6 });
        expect(verdict.reverted, verdict.reason).toBe(true);
        await copyGuest.destroy();
        copyGuest.domain.close();
      } finally {
        c2.close();
      }
      // Back on the copy's own files, so the first Snapvisor's copy stays whole when this one's pool goes.
      await r.services.snapshots.revert(copyOf(cold2).id);
    } finally {
      await fresh.dispose();
    }
  });

  it('a refresh with nothing new sends nothing; verify finds a byte changed on the target; remove leaves nothing there', async () => {
    const again = await r.services.copies.refresh({ hostId: r.hostId, vmUuid: g.uuid, to: host.uri });
    expect(again.sent).toEqual([]);
    expect(again.bytesSent).toBe(0);
    expect(again.kept).toHaveLength(5);

    const clean = await r.services.copies.verify({ hostId: r.hostId, vmUuid: g.uuid, to: host.uri });
    expect(clean.differ).toBe(0);
    expect(clean.files.filter((f) => f.state === 'ok')).toHaveLength(6);

    const victim = first.sent.find((f) => f.file.endsWith('.save'))!.file;
    host.run('sh', '-c', 'printf "\\377" | dd of="$1" bs=1 seek=1048576 conv=notrunc status=none', 'sh', victim);
    const dirty = await r.services.copies.verify({ hostId: r.hostId, vmUuid: g.uuid, to: host.uri });
    expect(dirty.differ).toBe(1);
    expect(dirty.files.find((f) => f.file === victim)?.state).toBe('differs');

    const removed = await r.services.copies.remove({ hostId: r.hostId, vmUuid: g.uuid, to: host.uri });
    expect(removed.removedSnapshots).toHaveLength(5);
    expect(filesThere()).toEqual([]);
    expect(copyRows()).toEqual([]);
    expect(r.services.copies.list({ hostId: r.hostId })).toEqual([]);
  });
});
