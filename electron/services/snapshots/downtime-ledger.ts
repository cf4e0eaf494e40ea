// The VM's own QEMU downtime limit, kept in the store while a memory snapshot has it lowered
// (memory-pause.ts says why). A snapshot cut short by a dead link or a kill leaves the low value
// in QEMU; reconcile, once the host answers, puts the recorded value back. A VM whose QEMU has
// ended since (shut off, restarted, undefined) has lost the setting with it: nothing to put back.
import { VIR_ERR, type Connection, type Domain } from '../../../native';
import { record, type EngineContext } from '../core/context';
import { isLinkLost, isNotFound, toSnapvisorError } from '../hosts/libvirt-errors';
import type { DowntimeLedger } from './memory-pause';

export function downtimeLedger(ctx: EngineContext, hostId: string, vmUuid: string): DowntimeLedger {
  return {
    previous: () => ctx.downtimes.previous(hostId, vmUuid),
    lowering: (ms) => ctx.downtimes.lowering(hostId, vmUuid, ms),
    restored: () => ctx.downtimes.restored(hostId, vmUuid),
  };
}

/** Puts back every limit left lowered on the host (VMs with a job of ours running are left to it); returns how many. */
export async function putBackLoweredDowntimes(ctx: EngineContext, hostId: string, conn: Connection): Promise<number> {
  let settled = 0;
  for (const { vmUuid, previousMs } of ctx.downtimes.onHost(hostId)) {
    if (ctx.jobs.activeOn(hostId, vmUuid).length) continue;
    let dom: Domain;
    try {
      dom = conn.lookupDomainByUuid(vmUuid);
    } catch (e) {
      if (!isNotFound(e, VIR_ERR.NO_DOMAIN)) throw e;
      ctx.downtimes.restored(hostId, vmUuid);
      settled++;
      continue;
    }
    using d = dom;
    let outcome: 'put back' | 'vm not running' | 'refused' = 'vm not running';
    if (d.isActive()) {
      try {
        await d.setMigrateMaxDowntime(previousMs);
        outcome = 'put back';
      } catch (e) {
        const err = toSnapvisorError(e, { hostId });
        if (isLinkLost(err)) throw err;
        // The QEMU ended meanwhile, or refuses the setting: nothing more can be done for it.
        outcome = d.isActive() ? 'refused' : 'vm not running';
      }
    }
    ctx.downtimes.restored(hostId, vmUuid);
    record(ctx, { hostId, snapshotId: null, vmUuid, action: 'reconcile', outcome: 'info', detail: { downtimeMs: previousMs, downtime: outcome } });
    settled++;
  }
  return settled;
}
