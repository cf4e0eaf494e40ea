import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { VIR_ERR, LibvirtError } from '../../../native';
import { SnapvisorError } from '../../../shared/errors';
import { HOST, defineVm, harness, type Harness } from './helpers';

async function rejectsWith(p: Promise<unknown>, code: string): Promise<SnapvisorError> {
  const e = await p.then(() => null, (err: unknown) => err);
  expect(e).toBeInstanceOf(SnapvisorError);
  expect((e as SnapvisorError).code).toBe(code);
  return e as SnapvisorError;
}

function libvirtNames(h: Harness, uuid: string): string[] {
  const dom = h.conn.lookupDomainByUuid(uuid);
  try {
    const snaps = dom.listAllSnapshots();
    const names = snaps.map((s) => s.name());
    for (const s of snaps) s.close();
    return names.sort();
  } finally {
    dom.close();
  }
}

describe('snapshots on the test driver', () => {
  let h: Harness;
  beforeEach(async () => { h = await harness(); });
  afterEach(async () => { await h.dispose(); });

  it('starts with the demo host connected and feature-detected', async () => {
    const [host] = h.services.hosts.list();
    expect(host).toMatchObject({ id: HOST, uri: 'test:///default', demo: true, state: 'connected' });
    expect(host!.capabilities!.kinds).toEqual(['cold', 'memory', 'volume']);
    expect(host!.capabilities!.externalRevert).toBe(false);
    const vms = await h.services.vms.list(HOST);
    expect(vms.map((v) => v.name)).toContain('test');
  });

  it('creates a memory snapshot of a running VM with dependent volume rows, events and libvirt name = id', async () => {
    const vm = await defineVm(h.conn, { disks: 3, running: true });
    const s = await h.services.snapshots.create({ hostId: HOST, vmUuid: vm.uuid, kind: 'memory', name: '  before upgrade  ', description: 'a & b' });
    expect(s).toMatchObject({ name: 'before upgrade', state: 'ready', kind: 'memory', location: 'internal', current: true, vmState: 'running' });
    expect(s.libvirtName).toBe(`sv-${s.id}`);
    expect(libvirtNames(h, vm.uuid)).toEqual([`sv-${s.id}`]);
    const detail = h.services.snapshots.get(s.id);
    expect(detail.dependents.map((d) => [d.name, d.kind, d.disks.map((x) => x.target)])).toEqual([
      ['snapshot for before upgrade', 'volume', ['vdb']],
      ['snapshot for before upgrade', 'volume', ['vdc']],
    ]);
    expect(detail.events.map((e) => `${e.action}:${e.outcome}`)).toEqual(['create:succeeded', 'create:started']);
    expect(h.services.snapshots.list({ vmUuid: vm.uuid })).toHaveLength(1);
    expect(h.services.snapshots.list({ vmUuid: vm.uuid, includeDependents: true })).toHaveLength(3);
  });

  it('creates cold snapshots only of shut-off VMs and refuses kinds the host cannot do', async () => {
    const off = await defineVm(h.conn);
    const on = await defineVm(h.conn, { running: true });
    const cold = await h.services.snapshots.create({ hostId: HOST, vmUuid: off.uuid, kind: 'cold', name: 'c' });
    expect(cold).toMatchObject({ kind: 'cold', vmState: 'shutoff', state: 'ready' });
    await rejectsWith(h.services.snapshots.create({ hostId: HOST, vmUuid: on.uuid, kind: 'cold', name: 'x' }), 'vm_wrong_state');
    await rejectsWith(h.services.snapshots.create({ hostId: HOST, vmUuid: off.uuid, kind: 'memory', name: 'x' }), 'vm_wrong_state');
    await rejectsWith(h.services.snapshots.create({ hostId: HOST, vmUuid: on.uuid, kind: 'hot', name: 'x' }), 'kind_unsupported');
    await rejectsWith(h.services.snapshots.create({ hostId: HOST, vmUuid: '00000000-0000-0000-0000-000000000000', kind: 'cold', name: 'x' }), 'vm_not_found');
    await rejectsWith(h.services.snapshots.create({ hostId: 'nope', vmUuid: off.uuid, kind: 'cold', name: 'x' }), 'host_not_found');
  });

  it('validates names and descriptions before anything reaches libvirt', async () => {
    const vm = await defineVm(h.conn);
    const c = (name: string, description?: string) => h.services.snapshots.create({ hostId: HOST, vmUuid: vm.uuid, kind: 'cold', name, description });
    await rejectsWith(c('   '), 'name_required');
    await rejectsWith(c('x'.repeat(201)), 'name_too_long');
    await rejectsWith(c('a\u0007b'), 'name_invalid');
    await rejectsWith(c('ok', 'x'.repeat(10_001)), 'invalid_input');
    await c('x'.repeat(200), 'y'.repeat(10_000));
    await c('dup');
    await rejectsWith(c('dup'), 'name_taken');
    expect(libvirtNames(h, vm.uuid)).toHaveLength(2);
  });

  it('edits name and description; the description is redefined into libvirt escaped', async () => {
    const vm = await defineVm(h.conn, { disks: 2 });
    const s = await h.services.snapshots.create({ hostId: HOST, vmUuid: vm.uuid, kind: 'cold', name: 'one' });
    await h.services.snapshots.create({ hostId: HOST, vmUuid: vm.uuid, kind: 'cold', name: 'two' });
    const desc = `</description><name>evil</name> & "quotes" '\n 한국어 😀`;
    const e = await h.services.snapshots.edit(s.id, { name: 'renamed', description: desc });
    expect(e).toMatchObject({ name: 'renamed', description: desc });
    expect(h.services.snapshots.get(s.id).dependents[0]!.name).toBe('snapshot for renamed');
    const dom = h.conn.lookupDomainByUuid(vm.uuid);
    const snap = dom.lookupSnapshot(s.libvirtName!);
    expect(snap.describe()).toMatchObject({ name: s.libvirtName, description: desc });
    snap.close();
    dom.close();
    await rejectsWith(h.services.snapshots.edit(s.id, { name: 'two' }), 'name_taken');
    expect(h.services.snapshots.get(s.id).events[0]).toMatchObject({ action: 'edit', outcome: 'succeeded' });
  });

  it('protects, refuses dependents alone, cascades and re-parents children on delete', async () => {
    const vm = await defineVm(h.conn, { disks: 2 });
    const a = await h.services.snapshots.create({ hostId: HOST, vmUuid: vm.uuid, kind: 'cold', name: 'a' });
    const b = await h.services.snapshots.create({ hostId: HOST, vmUuid: vm.uuid, kind: 'cold', name: 'b', protect: true });
    const c = await h.services.snapshots.create({ hostId: HOST, vmUuid: vm.uuid, kind: 'cold', name: 'c' });
    expect([b.parentId, c.parentId]).toEqual([a.id, b.id]);
    const dep = h.services.snapshots.get(b.id).dependents[0]!;
    expect(h.services.snapshots.deletePlan(dep.id).blockedBy?.code).toBe('dependent_not_deletable');
    await rejectsWith(h.services.snapshots.delete(dep.id), 'dependent_not_deletable');
    const plan = h.services.snapshots.deletePlan(b.id);
    expect(plan).toMatchObject({ needsTypedName: true, newParentId: a.id, blockedBy: null });
    expect(plan.dependents.map((d) => d.id)).toEqual([dep.id]);
    expect(plan.children.map((x) => x.id)).toEqual([c.id]);
    await rejectsWith(h.services.snapshots.delete(b.id), 'protected_needs_name');
    await rejectsWith(h.services.snapshots.delete(b.id, { confirmName: 'B' }), 'protected_needs_name');
    h.services.snapshots.setProtected(b.id, false);
    h.services.snapshots.setProtected(b.id, true);
    await h.services.snapshots.delete(b.id, { confirmName: 'b' });
    expect(h.services.snapshots.list({ vmUuid: vm.uuid, includeDependents: true }).map((s) => s.name).sort()).toEqual(['a', 'c', 'snapshot for a', 'snapshot for c']);
    expect(h.services.snapshots.get(c.id).snapshot.parentId).toBe(a.id);
    expect(libvirtNames(h, vm.uuid)).toEqual([`sv-${a.id}`, `sv-${c.id}`].sort());
    const dom = h.conn.lookupDomainByUuid(vm.uuid);
    const cs = dom.lookupSnapshot(`sv-${c.id}`);
    expect(cs.describe().parent).toBe(`sv-${a.id}`);
    cs.close();
    dom.close();
    expect(h.services.snapshots.events(b.id).map((e) => `${e.action}:${e.outcome}`)).toContain('delete:succeeded');
  });

  it('reverts with a recorded safety snapshot that can undo the restore', async () => {
    const vm = await defineVm(h.conn, { running: true });
    const a = await h.services.snapshots.create({ hostId: HOST, vmUuid: vm.uuid, kind: 'memory', name: 'a' });
    await h.services.snapshots.create({ hostId: HOST, vmUuid: vm.uuid, kind: 'memory', name: 'b' });
    const r = await h.services.snapshots.revert(a.id, { safetySnapshot: true });
    expect(r.vmState).toBe('running');
    expect(r.safetySnapshot).toMatchObject({ origin: 'safety', kind: 'memory', name: 'before restoring a', state: 'ready' });
    expect(h.services.snapshots.get(a.id).snapshot.current).toBe(true);
    const ev = h.services.snapshots.events(a.id).find((e) => e.action === 'revert' && e.outcome === 'succeeded');
    expect(ev?.detail.safetySnapshotId).toBe(r.safetySnapshot!.id);
    const undo = await h.services.snapshots.revert(r.safetySnapshot!.id, { afterState: 'paused' });
    expect(undo.vmState).toBe('paused');
    expect(h.services.snapshots.get(r.safetySnapshot!.id).snapshot.current).toBe(true);
    const off = await h.services.snapshots.revert(a.id, { afterState: 'shutoff' });
    expect(off.vmState).toBe('shutoff');
  });

  it('reverts and deletes a tree in arbitrary order with libvirt and the store agreeing', async () => {
    const vm = await defineVm(h.conn, { running: true });
    const ids: string[] = [];
    for (const n of ['s1', 's2', 's3']) ids.push((await h.services.snapshots.create({ hostId: HOST, vmUuid: vm.uuid, kind: 'memory', name: n })).id);
    await h.services.snapshots.revert(ids[0]!);
    ids.push((await h.services.snapshots.create({ hostId: HOST, vmUuid: vm.uuid, kind: 'memory', name: 's4' })).id);
    expect(h.services.snapshots.get(ids[3]!).snapshot.parentId).toBe(ids[0]);
    for (const i of [2, 0, 3, 1]) {
      await h.services.snapshots.revert(ids[i]!);
      expect(h.services.snapshots.list({ vmUuid: vm.uuid }).filter((s) => s.current).map((s) => s.id)).toEqual([ids[i]]);
    }
    for (const i of [0, 2]) await h.services.snapshots.delete(ids[i]!);
    const left = [ids[1]!, ids[3]!];
    expect(libvirtNames(h, vm.uuid)).toEqual(left.map((i) => `sv-${i}`).sort());
    for (const i of left) await h.services.snapshots.revert(i);
    expect(h.services.snapshots.get(ids[1]!).snapshot.parentId).toBeNull();
  });

  it('queues a second job on the same VM with the reason visible', async () => {
    const vm = await defineVm(h.conn, { running: true });
    const seen: (string | null)[] = [];
    h.services.on('job.changed', (j) => { if (j.state === 'queued' && j.queueReason) seen.push(j.queueReason.waitingFor); });
    const [a, b] = await Promise.all([
      h.services.snapshots.create({ hostId: HOST, vmUuid: vm.uuid, kind: 'memory', name: 'q1' }),
      h.services.snapshots.create({ hostId: HOST, vmUuid: vm.uuid, kind: 'memory', name: 'q2' }),
    ]);
    expect(seen).toContain('create');
    expect(b.parentId).toBe(a.id);
    expect(h.services.jobs.list().filter((j) => j.vmUuid === vm.uuid).map((j) => j.state)).toEqual(['succeeded', 'succeeded']);
  });

  it('keeps notes and an audit log', async () => {
    const vm = await defineVm(h.conn);
    const s = await h.services.snapshots.create({ hostId: HOST, vmUuid: vm.uuid, kind: 'cold', name: 'n' });
    const note = h.services.snapshots.addNote(s.id, 'checked <ok>');
    expect(h.services.snapshots.get(s.id).notes).toEqual([note]);
    expect(() => h.services.snapshots.addNote(s.id, '  ')).toThrowError(SnapvisorError);
    expect(h.services.snapshots.events().some((e) => e.action === 'note' && e.snapshotId === s.id)).toBe(true);
    expect(() => h.services.snapshots.get('nope')).toThrowError(expect.objectContaining({ code: 'snapshot_not_found' }));
  });

  it('gives default names from the pattern that never collide', async () => {
    const vm = await defineVm(h.conn);
    const s = await h.services.snapshots.create({ hostId: HOST, vmUuid: vm.uuid, kind: 'cold' });
    expect(s.name.startsWith(`${vm.name}-`)).toBe(true);
    await rejectsWith(h.services.snapshots.create({ hostId: HOST, vmUuid: vm.uuid, kind: 'cold', name: s.name }), 'name_taken');
    const next = h.services.snapshots.defaultName(HOST, vm.uuid);
    expect(next).not.toBe(s.name);
    expect(next.startsWith(vm.name)).toBe(true);
  });

  it('maps a libvirt lookup failure to vm_gone/snapshot_not_found', async () => {
    const { toSnapvisorError } = await import('../../../electron/services/hosts/libvirt-errors');
    const e1 = new LibvirtError('x', { code: VIR_ERR.NO_DOMAIN, domain: 0, message: 'no domain' });
    expect(toSnapvisorError(e1).code).toBe('vm_gone');
    expect(toSnapvisorError(new Error('write failed: No space left on device')).code).toBe('no_space');
  });
});
