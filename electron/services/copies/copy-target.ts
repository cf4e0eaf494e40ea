// The host a copy goes to, named by its libvirt URI: a host Snapvisor knows, or one added now
// (its rows — the copy VM's snapshots — need it), kept only once it answered: a mistyped or
// unreachable URI does not stay behind as a host in error. Never the VM's own host.
import { SnapvisorError } from '../../../shared/errors';
import { RULES } from '../../../shared/rules';
import type { EngineContext } from '../core/context';
import { validateText } from '../policy/validation';

/** A copy goes to another host: refused when the target is the VM's own host (by id or URI). */
export function refuseSameHost(source: { id: string; uri: string }, target: { id?: string; uri: string }): void {
  if (target.id === source.id || target.uri === source.uri) throw new SnapvisorError('copy_same_host', { uri: target.uri });
}

export async function targetHostFor(ctx: EngineContext, sourceHostId: string, uri: string): Promise<string> {
  const wanted = validateText(uri, RULES.uri, 'uri');
  const known = ctx.hosts.list().find((h) => h.uri === wanted);
  refuseSameHost(ctx.hosts.host(sourceHostId), known ?? { uri: wanted });
  const host = known ?? ctx.hosts.add(wanted);
  try {
    await ctx.hosts.connection(host.id);
  } catch (e) {
    if (!known) await ctx.hosts.remove(host.id);
    throw e;
  }
  return host.id;
}

/** The known host with this URI, or null (nothing is added). */
export function knownHost(ctx: EngineContext, uri: string): string | null {
  return ctx.hosts.list().find((h) => h.uri === uri)?.id ?? null;
}
