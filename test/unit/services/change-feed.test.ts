// The change feed: a copy of the host's list patched only from `snapshot.changed` events (with
// the renderer's own patch function) equals a fresh list after every kind of operation, and
// each event carries what changed, not the whole list.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Snapshot } from '../../../shared/model';
import { applySnapshotChanges } from '../../../renderer/src/stores/snapshot-changes';
import { HOST, defineVm, harness, type Harness } from './helpers';

const byId = (rows: readonly Snapshot[]) => [...rows].sort((a, b) => (a.id < b.id ? -1 : 1));

describe('snapshot change events', () => {
  let h: Harness;
  let copy: Snapshot[];
  let sizes: number[];
  let reloads: number;
  beforeEach(async () => {
    h = await harness();
    copy = h.services.snapshots.list({ hostId: HOST, includeDependents: true });
    sizes = [];
    reloads = 0;
    h.services.on('snapshot.changed', (e) => {
      expect(e.hostId).toBe(HOST);
      sizes.push(e.snapshots.length + e.removedIds.length);
      copy = applySnapshotChanges(copy, e.snapshots, e.removedIds);
    });
    h.services.on('snapshots.reconciled', () => { reloads++; });
  });
  afterEach(async () => { await h.dispose(); });

  const expectInStep = () => expect(byId(copy)).toEqual(byId(h.services.snapshots.list({ hostId: HOST, includeDependents: true })));

  it('keeps a patched copy equal to the list through create, edit, protect, note, revert, delete and reconcile', async () => {
    const vm = await defineVm(h.conn, { disks: 2, running: true });
    const off = await defineVm(h.conn);
    const a = await h.services.snapshots.create({ hostId: HOST, vmUuid: vm.uuid, kind: 'memory', name: 'a' });
    expectInStep();
    const b = await h.services.snapshots.create({ hostId: HOST, vmUuid: vm.uuid, kind: 'memory', name: 'b' });
    const c = await h.services.snapshots.create({ hostId: HOST, vmUuid: vm.uuid, kind: 'memory', name: 'c' });
    await h.services.snapshots.create({ hostId: HOST, vmUuid: off.uuid, kind: 'cold', name: 'cold' });
    expectInStep();
    // The current flag moved from a to b and on to c: the rows that lost it changed too.
    expect(copy.filter((s) => s.vm.uuid === vm.uuid && s.current).map((s) => s.name)).toEqual(['c']);

    await h.services.snapshots.edit(b.id, { name: 'b renamed', description: 'now' });
    h.services.snapshots.setProtected(a.id, true);
    expectInStep();
    const before = sizes.length;
    h.services.snapshots.addNote(c.id, 'a note changes no row');
    expect(sizes.length).toBe(before + 1);
    expectInStep();

    await h.services.snapshots.revert(a.id);
    expectInStep();
    expect(copy.find((s) => s.id === a.id)!.current).toBe(true);

    // b's child c moves up to a; b's dependent volume snapshot goes with it.
    await h.services.snapshots.delete(b.id);
    expectInStep();
    expect(copy.find((s) => s.id === c.id)!.parentId).toBe(a.id);
    expect(copy.some((s) => s.dependentOf === b.id)).toBe(false);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(6);

    // Behind Snapvisor's back: reconcile finds it, and asks for a reload instead of a patch.
    const dom = h.conn.lookupDomainByUuid(vm.uuid);
    const snap = dom.lookupSnapshot(c.libvirtName!);
    await snap.delete(0);
    snap.close();
    dom.close();
    const events = sizes.length;
    await h.services.snapshots.reconcile(HOST);
    expect(reloads).toBe(1);
    expect(sizes.length).toBe(events);
    copy = h.services.snapshots.list({ hostId: HOST, includeDependents: true });
    h.services.snapshots.forget(c.id);
    expectInStep();
    await expect(h.services.snapshots.reconcile(HOST)).resolves.toMatchObject({ missing: 0 });
    expect(reloads).toBe(1);
  });
});
