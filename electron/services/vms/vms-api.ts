import { ownAll, type DomainDescription } from '../../../native';
import type { VmsApi } from '../api';
import type { EngineContext } from '../core/context';
import { isLinkLost, toSnapvisorError } from '../hosts/libvirt-errors';
import type { Vm, VmNetwork } from '../../../shared/model';
import { listNetworks } from './networks';
import { describedVm } from './vm-info';
import { removalPlan, removeVm } from './remove-vm';

/** How long vms.list waits for a guest agent's ping (the pings run side by side). */
const AGENT_PING_SECONDS = 1;

/** The virtio-serial port the QEMU guest agent listens on. */
const AGENT_CHANNEL = 'org.qemu.guest_agent.0';

/** Whether the VM's definition (the live one of a running VM) has the QEMU guest agent's channel. */
function hasAgentChannel(d: DomainDescription): boolean {
  return d.channels.some((c) => c.targetName === AGENT_CHANNEL);
}

export function createVmsApi(ctx: EngineContext): VmsApi {
  return {
    async list(hostId): Promise<Vm[]> {
      const conn = await ctx.hosts.connection(hostId);
      const counts = ctx.snapshots.countByVm(hostId);
      const merges = ctx.merges.countByVm(hostId);
      // Where Snapvisor's pool cannot be used (the host's capabilities say why) the usage is unknown,
      // not 0; a driver without external snapshots (the test driver) keeps no files of ours.
      // A link that died is the listing's failure (the first call after it finds out); any other
      // failure of the pool leaves the usage unknown.
      const images = ctx.hosts.capabilities(hostId).kinds.includes('hot')
        ? await ctx.files.host(hostId).then((f) => f.images()).catch((e: unknown) => {
          const err = toSnapvisorError(e, { hostId });
          if (isLinkLost(err)) throw err;
          return null;
        })
        : null;
      const usage = new Map<string, { bytes: number; files: number }>();
      for (const img of images ?? []) {
        if (!img.vmUuid) continue;
        const u = usage.get(img.vmUuid) ?? { bytes: 0, files: 0 };
        usage.set(img.vmUuid, { bytes: u.bytes + img.allocation, files: u.files + 1 });
      }
      try {
        // Inside the try: on a link that just died, listing is the call that finds out.
        using doms = ownAll(conn.listAllDomains());
        const out: Vm[] = [];
        const pings: Promise<void>[] = [];
        for (const d of doms) {
          try {
            const uuid = d.uuid();
            const described = describedVm(hostId, d, counts.get(uuid) ?? 0, images ?? undefined);
            const vm: Vm = {
              ...described.vm, guestAgent: false,
              ...(images ? { snapvisorBytes: usage.get(uuid)?.bytes ?? 0, snapvisorFiles: usage.get(uuid)?.files ?? 0 } : {}),
              pendingMerges: merges.get(uuid) ?? 0,
            };
            out.push(vm);
            if (vm.state === 'running' && hasAgentChannel(described.description)) pings.push(d.agentPing(AGENT_PING_SECONDS).then((ok) => { vm.guestAgent = ok; }, () => undefined));
          } catch {
            // A VM undefined while we listed: not shown.
          }
        }
        await Promise.all(pings);
        return out.sort((a, b) => a.name.localeCompare(b.name));
      } catch (e) {
        throw toSnapvisorError(e, { hostId });
      }
    },

    removalPlan: (hostId, vmUuid) => removalPlan(ctx, hostId, vmUuid),
    remove: (hostId, vmUuid, req) => removeVm(ctx, hostId, vmUuid, req),

    async networks(hostId): Promise<VmNetwork[]> {
      return listNetworks(await ctx.hosts.connection(hostId), hostId);
    },
  };
}
