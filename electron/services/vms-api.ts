import type { VmsApi } from './api';
import type { EngineContext } from './context';
import { toSnapvisorError } from './libvirt-errors';
import type { Vm } from './model';
import { toVm } from './vm-info';

export function createVmsApi(ctx: EngineContext): VmsApi {
  return {
    async list(hostId): Promise<Vm[]> {
      const conn = await ctx.hosts.connection(hostId);
      const counts = ctx.snapshots.countByVm(hostId);
      const doms = conn.listAllDomains();
      try {
        const out: Vm[] = [];
        for (const d of doms) {
          try {
            out.push(toVm(hostId, d, counts.get(d.uuid()) ?? 0));
          } catch {
            // A VM undefined while we listed: not shown.
          }
        }
        return out.sort((a, b) => a.name.localeCompare(b.name));
      } catch (e) {
        throw toSnapvisorError(e, { hostId });
      } finally {
        for (const d of doms) d.close();
      }
    },

    async networks(hostId): Promise<string[]> {
      const conn = await ctx.hosts.connection(hostId);
      const c = conn as unknown as { listAllNetworks?: () => { name(): string; close(): void }[]; listNetworks?: () => string[] };
      if (typeof c.listNetworks === 'function') return c.listNetworks();
      if (typeof c.listAllNetworks === 'function') {
        const nets = c.listAllNetworks();
        const names = nets.map((n) => n.name());
        for (const n of nets) n.close();
        return names.sort();
      }
      return [];
    },
  };
}
