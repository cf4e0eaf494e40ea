// Restore in place: optional safety snapshot first (so the restore can be undone), then
// libvirt's revert for internal snapshots (and external ones from 9.9), or our own external
// revert before that.
import { VIR_DOMAIN_SNAPSHOT_REVERT, type Domain } from '../../../native';
import type { AfterRevert, RevertRequest, RevertResult } from '../api';
import { announce, record, type EngineContext } from '../core/context';
import { createSnapshot } from './create-snapshot';
import { SnapvisorError } from '../../../shared/errors';
import { revertExternal } from './external-revert';
import { holdSnapshotNames, keepNamesOrNote } from '../vms/snapshot-names';
import type { JobContext } from '../core/job-queue';
import { toSnapvisorError } from '../hosts/libvirt-errors';
import type { Snapshot } from '../../../shared/model';
import { uniqueName } from '../policy/naming';
import { isRunningState } from '../policy/strategy';
import { syncCurrent, vmState } from '../vms/vm-info';

export function checkRevertable(s: Snapshot): void {
  if (s.dependentOf || s.kind === 'volume') throw new SnapvisorError('invalid_input', { snapshot: s.name, reason: 'restore_volume_instead' });
  if (s.state !== 'ready') throw new SnapvisorError('snapshot_not_ready', { snapshot: s.name, state: s.state });
}

function revertFlags(s: Snapshot, after: AfterRevert | undefined): number {
  const R = VIR_DOMAIN_SNAPSHOT_REVERT;
  const memory = s.kind === 'memory';
  if (after === 'paused') return R.PAUSED;
  if (after === 'running' || (memory && after === undefined)) return R.RUNNING;
  return 0;
}

async function takeSafetySnapshot(ctx: EngineContext, dom: Domain, s: Snapshot, job: JobContext): Promise<Snapshot> {
  const running = isRunningState(vmState(dom));
  const name = uniqueName(`before restoring ${s.name}`.slice(0, 200), ctx.snapshots.namesOfVm(s.hostId, s.vm.uuid));
  return createSnapshot(ctx, {
    hostId: s.hostId, dom, kind: running ? 'memory' : 'cold', name, description: `Taken automatically before restoring "${s.name}".`,
    origin: 'safety', withDependents: true,
  }, job);
}

export async function revertSnapshot(ctx: EngineContext, s: Snapshot, req: RevertRequest, job: JobContext): Promise<RevertResult> {
  checkRevertable(s);
  using dom = await ctx.hosts.domain(s.hostId, s.vm.uuid);
  const safety = req.safetySnapshot ? await takeSafetySnapshot(ctx, dom, s, job) : null;
  ctx.snapshots.transaction(() => {
    ctx.snapshots.update(s.id, { state: 'restoring' });
    record(ctx, { hostId: s.hostId, snapshotId: s.id, vmUuid: s.vm.uuid, action: 'revert', outcome: 'started', detail: { safetySnapshotId: safety?.id ?? null, afterState: req.afterState ?? null } });
  });
  announce(ctx, s.hostId, s.vm.uuid, [s.id]);
  try {
    const names = holdSnapshotNames(dom);
    if (s.location === 'internal' || ctx.hosts.capabilities(s.hostId).externalRevert) {
      using snap = dom.lookupSnapshot(s.libvirtName!);
      await snap.revert(revertFlags(s, req.afterState));
    } else {
      await revertExternal(ctx, dom, s, req.afterState);
    }
    await keepNamesOrNote(ctx, { hostId: s.hostId, snapshotId: s.id, vmUuid: s.vm.uuid, action: 'revert' }, () => names.putBack());
    if (req.afterState === 'shutoff' && dom.isActive()) await dom.destroy();
  } catch (e) {
    const err = toSnapvisorError(e, { snapshot: s.name });
    ctx.snapshots.transaction(() => {
      ctx.snapshots.update(s.id, { state: 'ready' });
      record(ctx, { hostId: s.hostId, snapshotId: s.id, vmUuid: s.vm.uuid, action: 'revert', outcome: 'failed', detail: { code: err.code, params: err.params, safetySnapshotId: safety?.id ?? null } });
    });
    announce(ctx, s.hostId, s.vm.uuid, [s.id]);
    throw err;
  }
  const state = vmState(dom);
  ctx.snapshots.transaction(() => {
    ctx.snapshots.update(s.id, { state: 'ready' });
    record(ctx, { hostId: s.hostId, snapshotId: s.id, vmUuid: s.vm.uuid, action: 'revert', outcome: 'succeeded', detail: { safetySnapshotId: safety?.id ?? null, vmState: state } });
  });
  if (s.location === 'internal' || ctx.hosts.capabilities(s.hostId).externalRevert) syncCurrent(ctx, s.hostId, dom);
  else ctx.snapshots.setCurrent(s.hostId, s.vm.uuid, s.id);
  announce(ctx, s.hostId, s.vm.uuid, [s.id]);
  ctx.bus.emit('vm.changed', { hostId: s.hostId, vmUuid: s.vm.uuid });
  return { snapshot: ctx.snapshots.require(s.id), safetySnapshot: safety, vmState: state };
}
