// Reconcile at 10,000 snapshots: 50 test-driver VMs with chains of 200, and what an earlier run
// left in the store among them. The first pass is right in bulk (parents, current flags, crash
// leftovers); a second pass finds everything as it was and writes nothing.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestServices, type TestServices } from '../../../electron/services';
import { openDatabase } from '../../../electron/store/db';
import { SnapshotsRepo, type NewSnapshot } from '../../../electron/store/snapshots-repo';
import type { Snapshot } from '../../../shared/model';
import { fixtureVmName, fixtureVmUuid, writeTestDriverNode } from '../../fixtures/test-driver-node';

const DOMAINS = 50;
const SNAPSHOTS = 200;

function seeded(hostId: string, libvirtName: string, over: Partial<NewSnapshot> = {}): NewSnapshot {
  return {
    id: `seed-${libvirtName}`, hostId, vm: { name: fixtureVmName(0), uuid: fixtureVmUuid(0) }, libvirtName, name: libvirtName,
    description: '', kind: 'cold', state: 'ready', location: 'internal', protected: false, parentId: null, dependentOf: null,
    origin: 'manual', scheduleId: null, quiesced: false, vmState: null, memoryFile: null, expiresAt: null,
    disks: [{ target: 'vda', location: 'internal', format: 'qcow2', file: '/seeded/vda.qcow2', overlay: null, sizeBytes: null }],
    ...over,
  };
}

describe('reconcile at 10,000 snapshots', () => {
  let dir: string;
  let t: TestServices;
  let hostId: string;
  const revision = (): number => {
    const db = openDatabase(join(t.dir, 'snapvisor.db'));
    try {
      return new SnapshotsRepo(db).revision();
    } finally {
      db.close();
    }
  };

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sv-reconcile-scale-'));
    const uri = writeTestDriverNode(dir, { domains: DOMAINS, snapshots: SNAPSHOTS, lean: true });
    t = await createTestServices({ defaultUri: uri, connectHosts: 'lazy', reconcileOnStart: false });
    hostId = t.services.hosts.list()[0]!.id;
  });
  afterEach(async () => {
    await t.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('adopts, links and resolves in one pass; the next pass writes nothing', async () => {
    // An earlier run knew s0..s9 of the first VM, crashed while creating s10, and had two rows
    // libvirt no longer has: one it was deleting, one it thought ready.
    const db = openDatabase(join(t.dir, 'snapvisor.db'));
    const side = new SnapshotsRepo(db);
    side.transaction(() => {
      for (let i = 0; i < 10; i++) side.insert(seeded(hostId, `s${i}`));
      side.insert(seeded(hostId, 's10', { state: 'creating' }));
      side.insert(seeded(hostId, 'gone-deleting', { state: 'deleting' }));
      side.insert(seeded(hostId, 'gone-ready'));
    });
    db.close();
    const reloads: string[] = [];
    const changed: number[] = [];
    t.services.on('snapshots.reconciled', (e) => reloads.push(e.hostId));
    t.services.on('snapshot.changed', (e) => changed.push(e.snapshots.length));

    const first = await t.services.snapshots.reconcile(hostId);
    const fresh = DOMAINS * SNAPSHOTS - 11;
    expect(first).toEqual({ adoptable: fresh, missing: 1, resolved: 2, unchanged: 10 });
    expect(reloads).toEqual([hostId]);
    expect(changed).toEqual([]);

    const rows = t.services.snapshots.list({ hostId, includeDependents: true });
    expect(rows).toHaveLength(DOMAINS * SNAPSHOTS + 1);
    const byVm = new Map<string, Map<string, Snapshot>>();
    for (const r of rows) {
      const vm = byVm.get(r.vm.uuid) ?? new Map<string, Snapshot>();
      vm.set(r.libvirtName ?? r.name, r);
      byVm.set(r.vm.uuid, vm);
    }
    expect(byVm.size).toBe(DOMAINS);
    for (let d = 0; d < DOMAINS; d++) {
      const vm = byVm.get(fixtureVmUuid(d))!;
      for (let i = d === 0 ? 11 : 1; i < SNAPSHOTS; i++) {
        const s = vm.get(`s${i}`)!;
        expect(s).toMatchObject({ state: 'unmanaged', kind: 'cold', location: 'internal', vmState: 'shutoff', parentId: vm.get(`s${i - 1}`)!.id });
      }
      expect([...vm.values()].filter((s) => s.current).map((s) => s.libvirtName)).toEqual([`s${SNAPSHOTS - 1}`]);
    }
    const vm0 = byVm.get(fixtureVmUuid(0))!;
    // libvirt had finished s10: ready, its disks as libvirt says (the file the row knew kept).
    expect(vm0.get('s10')).toMatchObject({ state: 'ready', vmState: 'shutoff', disks: [expect.objectContaining({ target: 'vda', file: '/seeded/vda.qcow2' })] });
    expect(vm0.has('gone-deleting')).toBe(false);
    expect(vm0.get('gone-ready')!.state).toBe('missing');
    expect(vm0.get('s0')!.state).toBe('ready');

    const before = revision();
    const second = await t.services.snapshots.reconcile(hostId);
    expect(second).toEqual({ adoptable: fresh, missing: 1, resolved: 0, unchanged: 11 });
    expect(revision()).toBe(before);
    expect(reloads).toEqual([hostId]);
  });
});
