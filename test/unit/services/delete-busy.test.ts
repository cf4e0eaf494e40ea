// A snapshot an in-progress job works on (queued or running, on the same VM) cannot be deleted:
// deletePlan says snapshot_busy and delete refuses; once the job has finished, delete works.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HOST, defineVm, harness, type Harness } from './helpers';

describe('delete of a snapshot held by a job', () => {
  let h: Harness;
  beforeEach(async () => { h = await harness(); });
  afterEach(async () => { await h.dispose(); });

  it('refuses with snapshot_busy while a revert of it runs, then deletes it', async () => {
    const vm = await defineVm(h.conn, { running: true });
    const s = h.services;
    const snap = await s.snapshots.create({ hostId: HOST, vmUuid: vm.uuid, kind: 'memory', name: 'held' });
    const reverting = s.snapshots.revert(snap.id);
    expect(s.snapshots.deletePlan(snap.id).blockedBy).toMatchObject({ code: 'snapshot_busy', params: { snapshot: 'held', operation: 'revert' } });
    await expect(s.snapshots.delete(snap.id)).rejects.toMatchObject({ code: 'snapshot_busy' });
    await reverting;
    expect(s.snapshots.deletePlan(snap.id).blockedBy).toBeNull();
    await s.snapshots.delete(snap.id);
    expect(s.snapshots.list({ vmUuid: vm.uuid })).toEqual([]);
  });

  it('refuses a second delete of the same snapshot while the first is queued or running', async () => {
    const vm = await defineVm(h.conn);
    const s = h.services;
    const snap = await s.snapshots.create({ hostId: HOST, vmUuid: vm.uuid, kind: 'cold', name: 'twice' });
    const first = s.snapshots.delete(snap.id);
    await expect(s.snapshots.delete(snap.id)).rejects.toMatchObject({ code: 'snapshot_busy', params: { operation: 'delete' } });
    await first;
    expect(s.snapshots.list({ vmUuid: vm.uuid })).toEqual([]);
  });
});
