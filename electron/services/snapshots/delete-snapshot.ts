// Deleting: the plan the confirmation dialog shows (dependents, re-parented children, what
// blocks it), and the deletion itself, cascading to dependents. An external snapshot's frozen
// images are freed by pending merges (merge-run.ts), recorded in the same transaction that marks
// the snapshot `deleting` and run in the delete's own job once its row is gone.
import { VIR_DOMAIN_SNAPSHOT_DELETE, VIR_ERR } from '../../../native';
import type { DeletePlan, DeleteRequest } from '../api';
import { announce, record, type EngineContext } from '../core/context';
import { SnapvisorError } from '../../../shared/errors';
import type { JobContext } from '../core/job-queue';
import { isNotFound, toSnapvisorError } from '../hosts/libvirt-errors';
import { runPendingMerges } from '../merges/merge-run';
import type { Snapshot } from '../../../shared/model';
import { TRANSIENT_STATES } from '../../../shared/model';
import { nameConfirmed } from '../../../shared/rules';
import { syncCurrent } from '../vms/vm-info';
import { changeSnapshotNames, keepNamesOrNote } from '../vms/snapshot-names';

export function requireSnapshot(ctx: EngineContext, id: string): Snapshot {
  const s = ctx.snapshots.get(id);
  if (!s) throw new SnapvisorError('snapshot_not_found', { id });
  return s;
}

/** What holds a snapshot so that it cannot be deleted, or null. */
export function holderOf(ctx: EngineContext, s: Snapshot): { code: 'snapshot_in_use'; params: Record<string, string> } | null {
  const restored = ctx.policies.restoredFrom(s.id)[0];
  if (restored) return { code: 'snapshot_in_use', params: { holder: restored.vmName, reason: 'restored_vm', snapshot: s.name } };
  for (const dep of ctx.snapshots.dependents(s.id)) {
    const r = ctx.policies.restoredFrom(dep.id)[0];
    if (r) return { code: 'snapshot_in_use', params: { holder: r.vmName, reason: 'restored_vm', snapshot: dep.name } };
  }
  return null;
}

/** `ownJobId`: the delete's own job, when checking again from inside it. */
export function deletePlan(ctx: EngineContext, id: string, ownJobId?: string): DeletePlan {
  const snapshot = requireSnapshot(ctx, id);
  const dependents = ctx.snapshots.dependents(id);
  const children = ctx.snapshots.children(id);
  const job = ctx.jobs.holding([id, ...dependents.map((d) => d.id)], ownJobId);
  let blockedBy: DeletePlan['blockedBy'] = null;
  if (job && !snapshot.dependentOf) {
    blockedBy = { code: 'snapshot_busy', params: { snapshot: snapshot.name, operation: job.operation, jobState: job.state } };
  } else if (snapshot.dependentOf) {
    const owner = ctx.snapshots.get(snapshot.dependentOf);
    blockedBy = { code: 'dependent_not_deletable', params: { snapshot: snapshot.name, vmSnapshot: owner?.name ?? snapshot.dependentOf } };
  } else if (TRANSIENT_STATES.includes(snapshot.state)) {
    blockedBy = { code: 'snapshot_busy', params: { snapshot: snapshot.name, state: snapshot.state } };
  } else {
    blockedBy = holderOf(ctx, snapshot);
  }
  return { snapshot, dependents, children, newParentId: snapshot.parentId, blockedBy, needsTypedName: snapshot.protected };
}

/** Checks the plan's refusals; the caller then runs `deleteSnapshot` inside the VM's job. */
export function checkDeletable(ctx: EngineContext, id: string, req: DeleteRequest = {}, ownJobId?: string): DeletePlan {
  const plan = deletePlan(ctx, id, ownJobId);
  if (plan.blockedBy) throw new SnapvisorError(plan.blockedBy.code, plan.blockedBy.params);
  if (plan.snapshot.protected && !nameConfirmed(req.confirmName, plan.snapshot.name)) {
    throw new SnapvisorError('protected_needs_name', { snapshot: plan.snapshot.name });
  }
  return plan;
}

/** Whether libvirt still holds the snapshot's metadata (rows in error/missing may have none). */
async function libvirtHolds(ctx: EngineContext, s: Snapshot): Promise<boolean> {
  if (!s.libvirtName) return false;
  try {
    using dom = await ctx.hosts.domain(s.hostId, s.vm.uuid);
    dom.lookupSnapshot(s.libvirtName).close();
    return true;
  } catch (e) {
    if (e instanceof SnapvisorError && e.code === 'vm_not_found') return false;
    if (isNotFound(e, VIR_ERR.NO_DOMAIN_SNAPSHOT)) return false;
    throw toSnapvisorError(e);
  }
}

export async function deleteSnapshot(ctx: EngineContext, plan: DeletePlan, job: JobContext | null): Promise<void> {
  const s = plan.snapshot;
  const ids = [s.id, ...plan.dependents.map((d) => d.id)];
  // Internal snapshots live inside the disks: libvirt frees them. External ones (and extracted
  // volumes) leave their frozen images to the merges.
  const freed = s.location === 'external' ? s.disks.filter((d) => d.file !== null && d.location !== 'none') : [];
  ctx.snapshots.transaction(() => {
    for (const i of ids) ctx.snapshots.update(i, { state: 'deleting' });
    for (const d of freed) ctx.merges.add({ hostId: s.hostId, vmUuid: s.vm.uuid, target: d.target, image: d.file!, format: d.format, snapshotId: s.id });
    record(ctx, { hostId: s.hostId, snapshotId: s.id, vmUuid: s.vm.uuid, action: 'delete', outcome: 'started', detail: { dependents: plan.dependents.map((d) => d.id), children: plan.children.map((c) => c.id), frees: freed.map((d) => d.file) } });
  });
  announce(ctx, s.hostId, s.vm.uuid, ids);
  try {
    if (await libvirtHolds(ctx, s)) {
      using dom = await ctx.hosts.domain(s.hostId, s.vm.uuid);
      using snap = dom.lookupSnapshot(s.libvirtName!);
      // External: libvirt forgets the metadata only (its own external delete rewrites chains
      // under our records and lost data before 11.0); the merges free the images.
      await snap.delete(s.location === 'external' ? VIR_DOMAIN_SNAPSHOT_DELETE.METADATA_ONLY : 0);
      syncCurrent(ctx, s.hostId, dom);
      await keepNamesOrNote(ctx, { hostId: s.hostId, snapshotId: s.id, vmUuid: s.vm.uuid, action: 'delete' }, () => changeSnapshotNames(dom, { drop: [s.libvirtName!] }));
    }
    if (s.memoryFile) await (await ctx.files.host(s.hostId)).remove(s.memoryFile);
    ctx.snapshots.transaction(() => {
      ctx.snapshots.remove(s.id);
      record(ctx, { hostId: s.hostId, snapshotId: s.id, vmUuid: s.vm.uuid, action: 'delete', outcome: 'succeeded', detail: { name: s.name, reparentedTo: plan.newParentId } });
    });
  } catch (e) {
    const err = toSnapvisorError(e, { snapshot: s.name });
    ctx.snapshots.transaction(() => {
      for (const i of ids) ctx.snapshots.update(i, { state: 'error_deleting', error: err.message });
      record(ctx, { hostId: s.hostId, snapshotId: s.id, vmUuid: s.vm.uuid, action: 'delete', outcome: 'failed', detail: { code: err.code, params: err.params } });
    });
    throw err;
  } finally {
    announce(ctx, s.hostId, s.vm.uuid, ids);
  }
  if (freed.length) await runPendingMerges(ctx, s.hostId, s.vm.uuid, job);
}
