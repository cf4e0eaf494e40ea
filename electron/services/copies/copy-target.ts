// The host a copy goes to, named by its libvirt URI: a host Snapvisor knows, or one added now
// (its rows — the copy VM's snapshots — need it). Never the VM's own host.
import { SnapvisorError } from '../../../shared/errors';
import { RULES } from '../../../shared/rules';
import type { EngineContext } from '../core/context';
import { validateText } from '../policy/validation';

export async function targetHostFor(ctx: EngineContext, sourceHostId: string, uri: string): Promise<string> {
  const wanted = validateText(uri, RULES.uri, 'uri');
  const host = ctx.hosts.list().find((h) => h.uri === wanted) ?? ctx.hosts.add(wanted);
  if (host.id === sourceHostId || ctx.hosts.host(sourceHostId).uri === wanted) throw new SnapvisorError('copy_same_host', { uri: wanted });
  await ctx.hosts.connection(host.id);
  return host.id;
}

/** The known host with this URI, or null (nothing is added). */
export function knownHost(ctx: EngineContext, uri: string): string | null {
  return ctx.hosts.list().find((h) => h.uri === uri)?.id ?? null;
}
