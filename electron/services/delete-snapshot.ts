// Deleting: the plan the confirmation dialog shows (dependents, re-parented children, what
// blocks it), and the deletion itself, cascading to dependents.
import { VIR_ERR } from '../../native';
import type { DeletePlan, DeleteRequest } from './api';
import { announce, record, type EngineContext } from './context';
import { SnapvisorError } from './errors';
import { deleteExternal } from './external-delete';
import { collapseImage } from './image-chain';
import { isNotFound, toSnapvisorError } from './libvirt-errors';
import type { Snapshot } from './model';
import { TRANSIENT_STATES } from './model';
import { syncCurrent } from './vm-info';

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
  if (plan.snapshot.protected && req.confirmName?.trim() !== plan.snapshot.name) {
    throw new SnapvisorError('protected_needs_name', { snapshot: plan.snapshot.name });
  }
  return plan;
}

/** Whether libvirt still holds the snapshot's metadata (rows in error/missing may have none). */
async function libvirtHolds(ctx: EngineContext, s: Snapshot): Promise<boolean> {
  if (!s.libvirtName) return false;
  try {
    const dom = await ctx.hosts.domain(s.hostId, s.vm.uuid);
    try {
      dom.lookupSnapshot(s.libvirtName).close();
      return true;
    } finally {
      dom.close();
    }
  } catch (e) {
    if (e instanceof SnapvisorError && e.code === 'vm_not_found') return false;
    if (isNotFound(e, VIR_ERR.NO_DOMAIN_SNAPSHOT)) return false;
    throw toSnapvisorError(e);
  }
}

export async function deleteSnapshot(ctx: EngineContext, plan: DeletePlan): Promise<void> {
  const s = plan.snapshot;
  const ids = [s.id, ...plan.dependents.map((d) => d.id)];
  ctx.snapshots.transaction(() => {
    for (const i of ids) ctx.snapshots.update(i, { state: 'deleting' });
    record(ctx, { hostId: s.hostId, snapshotId: s.id, vmUuid: s.vm.uuid, action: 'delete', outcome: 'started', detail: { dependents: plan.dependents.map((d) => d.id), children: plan.children.map((c) => c.id) } });
  });
  announce(ctx, s.hostId, s.vm.uuid, ids);
  let images: Record<string, string> = {};
  try {
    if (await libvirtHolds(ctx, s)) {
      const dom = await ctx.hosts.domain(s.hostId, s.vm.uuid);
      try {
        if (s.location === 'external') images = await deleteExternal(ctx, dom, s);
        else {
          const snap = dom.lookupSnapshot(s.libvirtName!);
          try { await snap.delete(0); } finally { snap.close(); }
        }
        syncCurrent(ctx, s.hostId, dom);
      } finally {
        dom.close();
      }
    } else if (s.libvirtName === null) {
      // Nothing in libvirt: an extracted volume's own image, freed like a frozen image (a VM
      // restored from it may back onto it).
      const dom = await ctx.hosts.domain(s.hostId, s.vm.uuid).catch(() => null);
      try {
        for (const d of s.disks) if (d.file && dom) await collapseImage(ctx, dom, s.hostId, s.vm.uuid, d.file, new Set([s.id]));
        if (!dom) await (await ctx.files.host(s.hostId)).removeAll(s.disks.map((d) => d.file));
      } finally {
        dom?.close();
      }
    }
    ctx.snapshots.transaction(() => {
      ctx.snapshots.remove(s.id);
      record(ctx, { hostId: s.hostId, snapshotId: s.id, vmUuid: s.vm.uuid, action: 'delete', outcome: 'succeeded', detail: { name: s.name, reparentedTo: plan.newParentId, images } });
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
}
