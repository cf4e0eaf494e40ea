// What a command works with: the services, the connected host, and how VM and SNAP arguments
// (a name or an id) become the services' ids.
import type { Lang } from '../../shared/error-messages';
import type { SnapvisorServices } from '../services/api';
import { SnapvisorError } from '../../shared/errors';
import type { Snapshot, Vm } from '../../shared/model';

export interface CliContext {
  services: SnapvisorServices;
  hostId: string;
  uri: string;
  lang: Lang;
  dbPath: string;
}

/** The host for --connect: already known, or added now. */
export async function hostIdFor(services: SnapvisorServices, uri: string): Promise<string> {
  const known = services.hosts.list().find((h) => h.uri === uri);
  return known ? known.id : (await services.hosts.add(uri)).id;
}

/** A VM by name, or by UUID (any case). */
export async function resolveVm(ctx: CliContext, nameOrUuid: string): Promise<Vm> {
  const vms = await ctx.services.vms.list(ctx.hostId);
  const vm = vms.find((v) => v.name === nameOrUuid) ?? vms.find((v) => v.uuid.toLowerCase() === nameOrUuid.toLowerCase());
  if (!vm) throw new SnapvisorError('vm_not_found', { vm: nameOrUuid });
  return vm;
}

/**
 * A snapshot by id, or by name: within --vm when given, else on the whole host when the name is
 * unique there. By name, the VM may be one that no longer exists in libvirt (missing rows).
 */
export async function resolveSnapshot(ctx: CliContext, idOrName: string, vmArg?: string): Promise<Snapshot> {
  const all = ctx.services.snapshots.list({ hostId: ctx.hostId, includeDependents: true });
  const byId = all.find((s) => s.id === idOrName);
  if (byId) return byId;
  let candidates = all.filter((s) => s.name === idOrName);
  if (vmArg !== undefined) {
    const vmUuid = await vmUuidFor(ctx, vmArg, candidates);
    candidates = candidates.filter((s) => s.vm.uuid === vmUuid);
  }
  if (candidates.length === 1) return candidates[0]!;
  if (candidates.length > 1) {
    throw new SnapvisorError('invalid_input', { field: 'snapshotArgument', reason: 'ambiguous_name', name: idOrName, count: candidates.length });
  }
  throw new SnapvisorError('snapshot_not_found', vmArg === undefined ? { name: idOrName } : { name: idOrName, vm: vmArg });
}

/**
 * The UUID --vm stands for: a live VM, or failing that (VM undefined, host unreachable) the VM
 * the metadata recorded on its snapshots, so that missing snapshots can still be named.
 */
export async function vmUuidFor(ctx: CliContext, vmArg: string, recordedOn?: readonly Snapshot[]): Promise<string> {
  try {
    return (await resolveVm(ctx, vmArg)).uuid;
  } catch (e) {
    const rows = recordedOn ?? ctx.services.snapshots.list({ hostId: ctx.hostId, includeDependents: true });
    const recorded = rows.find((s) => s.vm.name === vmArg || s.vm.uuid.toLowerCase() === vmArg.toLowerCase());
    if (recorded) return recorded.vm.uuid;
    throw e;
  }
}
