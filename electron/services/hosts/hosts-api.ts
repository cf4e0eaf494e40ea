import { Connection, formatVersion } from '../../../native';
import type { HostsApi } from '../api';
import type { EngineContext } from '../core/context';
import { connectError } from './connect-errors';
import { validateText } from '../policy/validation';
import { RULES } from '../../../shared/rules';

const checkUri = (uri: unknown): string => validateText(uri, RULES.uri, 'uri');

export function createHostsApi(ctx: EngineContext, onAdded: (hostId: string) => Promise<void>): HostsApi {
  return {
    list: () => ctx.hosts.list(),

    async add(uri, name) {
      const host = ctx.hosts.add(checkUri(uri), name?.trim() || undefined);
      try {
        await onAdded(host.id);
      } catch {
        // Unreachable hosts are still added; their status says why.
      }
      return ctx.hosts.status(host);
    },

    remove: (hostId) => ctx.hosts.remove(hostId),

    async test(uri) {
      try {
        using conn = await Connection.open(checkUri(uri));
        return { ok: true, libvirtVersion: formatVersion(conn.libVersion()), error: null };
      } catch (e) {
        const err = connectError(e, String(uri).trim());
        return { ok: false, libvirtVersion: null, error: { code: err.code, params: err.params } };
      }
    },

    async connect(hostId) {
      const host = ctx.hosts.host(hostId);
      try {
        await ctx.hosts.connection(hostId);
      } catch {
        // The status carries the error.
      }
      return ctx.hosts.status(host);
    },
  };
}
