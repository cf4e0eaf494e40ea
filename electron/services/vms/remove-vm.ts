// Removing a VM Snapvisor made (restored as new; copies and imports later): its definition with
// libvirt's snapshot metadata and NVRAM, Snapvisor's rows for it, and every file of it in
// Snapvisor's pool — all named by its UUID: disks, cloud-init seed, memory images, snapshot layers,
// console log. VMs Snapvisor did not make are never removed; a protected one needs its name typed.
import { VIR_DOMAIN_UNDEFINE } from '../../../native';
import type { RemoveVmRequest, RemoveVmResult, VmRemovalPlan } from '../api';
import { announce, record, type EngineContext } from '../core/context';
import { SnapvisorError } from '../../../shared/errors';
import { nameConfirmed } from '../../../shared/rules';
import { describeVm, vmState } from './vm-info';
import { madeBySnapvisor, readVmMeta } from './vm-metadata';

export async function removalPlan(ctx: EngineContext, hostId: string, vmUuid: string): Promise<VmRemovalPlan> {
  using dom = await ctx.hosts.domain(hostId, vmUuid);
  const d = describeVm(dom);
  const state = vmState(dom);
  const meta = readVmMeta(dom);
  const images = await (await ctx.files.host(hostId)).images(vmUuid);
  const snapshots = ctx.snapshots.list({ hostId, vmUuid: d.uuid, includeDependents: true });
  let blockedBy: VmRemovalPlan['blockedBy'] = null;
  const holder = snapshots.flatMap((s) => ctx.policies.restoredFrom(s.id)).find((r) => r.vmUuid !== d.uuid);
  if (!madeBySnapvisor(meta, d.uuid, images)) blockedBy = { code: 'vm_not_removable', params: { vm: d.name } };
  else if (state !== 'shutoff') blockedBy = { code: 'vm_wrong_state', params: { vm: d.name, state, needs: 'shutoff' } };
  else if (holder) blockedBy = { code: 'vm_in_use', params: { vm: d.name, holder: holder.vmName } };
  return {
    vm: { hostId, uuid: d.uuid, name: d.name, state, protected: meta.protected },
    files: images.map((i) => ({ path: i.path, bytes: i.allocation })),
    snapshots: snapshots.map((s) => ({ id: s.id, name: s.name })),
    nvram: d.nvram ?? null,
    blockedBy,
    needsTypedName: meta.protected,
  };
}

async function checkRemovable(ctx: EngineContext, hostId: string, vmUuid: string, req: RemoveVmRequest): Promise<VmRemovalPlan> {
  const plan = await removalPlan(ctx, hostId, vmUuid);
  if (plan.blockedBy) throw new SnapvisorError(plan.blockedBy.code, plan.blockedBy.params);
  if (plan.needsTypedName && !nameConfirmed(req.confirmName, plan.vm.name)) throw new SnapvisorError('vm_protected_needs_name', { vm: plan.vm.name });
  return plan;
}

export async function removeVm(ctx: EngineContext, hostId: string, vmUuid: string, req: RemoveVmRequest = {}): Promise<RemoveVmResult> {
  const first = await checkRemovable(ctx, hostId, vmUuid, req);
  const uuid = first.vm.uuid;
  return ctx.jobs.run({ hostId, vmUuid: uuid, vmName: first.vm.name, operation: 'remove-vm', snapshotId: null }, async () => {
    // Again inside the job: the VM may have been started or changed while this one waited.
    const plan = await checkRemovable(ctx, hostId, uuid, req);
    const ids = plan.snapshots.map((s) => s.id);
    record(ctx, { hostId, snapshotId: null, vmUuid: uuid, action: 'remove-vm', outcome: 'started', detail: { name: plan.vm.name, snapshots: ids } });
    {
      using dom = await ctx.hosts.domain(hostId, uuid);
      dom.undefine(VIR_DOMAIN_UNDEFINE.SNAPSHOTS_METADATA | VIR_DOMAIN_UNDEFINE.MANAGED_SAVE | (plan.nvram ? VIR_DOMAIN_UNDEFINE.NVRAM : 0));
    }
    ctx.snapshots.transaction(() => {
      for (const id of ids) ctx.snapshots.remove(id);
      for (const m of ctx.merges.forVm(hostId, uuid)) ctx.merges.remove(m.id);
      ctx.policies.removeRestored(hostId, uuid);
      ctx.policies.clear(hostId, uuid);
    });
    announce(ctx, hostId, uuid, ids);
    const removedFiles = await (await ctx.files.host(hostId)).removeVm(uuid);
    record(ctx, { hostId, snapshotId: null, vmUuid: uuid, action: 'remove-vm', outcome: 'succeeded', detail: { name: plan.vm.name, files: removedFiles } });
    ctx.bus.emit('vm.changed', { hostId, vmUuid: uuid });
    return { removedFiles, removedSnapshots: ids };
  });
}
