// vms, remove-vm, reconcile, adopt, forget, events, note.
import { isSnapvisorError } from '../../../shared/errors';
import type { SnapshotEvent } from '../../../shared/model';
import { resolveSnapshot, resolveVm, type CliContext } from '../context';
import { t } from '../messages';
import { snapshotJson, vmJson } from '../output/json';
import { eventTable, vmTable } from '../output/views';
import { RULES } from '../../../shared/rules';
import { UsageError, ruledArgument, text, type CommandOutput, type HandlerArgs } from './values';

export async function vmsCommand(ctx: CliContext, { view }: HandlerArgs): Promise<CommandOutput> {
  const vms = await ctx.services.vms.list(ctx.hostId);
  return { json: vms.map(vmJson), text: () => vmTable(view, vms) };
}

export async function removeVmCommand(ctx: CliContext, { values, positionals, view }: HandlerArgs): Promise<CommandOutput> {
  const vm = await resolveVm(ctx, positionals[0]!);
  const result = await ctx.services.vms.remove(ctx.hostId, vm.uuid, { confirmName: text(values, 'confirm-name') });
  const lines = [t(view.lang, 'done.removedVm', { name: vm.name, files: result.removedFiles.length, snapshots: result.removedSnapshots.length })];
  return { json: { removed: vm.uuid, ...result }, text: () => lines.concat(result.removedFiles).join('\n') };
}

export async function reconcileCommand(ctx: CliContext, { view }: HandlerArgs): Promise<CommandOutput> {
  const report = await ctx.services.snapshots.reconcile(ctx.hostId);
  return { json: report, text: () => t(view.lang, 'done.reconciled', { ...report }) };
}

/**
 * `adopt SNAP`, or `adopt --all`: the host reconciled first (it finds the snapshots made outside
 * this Snapvisor, or by one whose database is gone: copies on a host that outlived their source),
 * then every unmanaged one (of --vm VM) adopted.
 */
export async function adoptCommand(ctx: CliContext, { values, positionals, view }: HandlerArgs): Promise<CommandOutput> {
  if (values.all === true) {
    if (positionals[0] !== undefined) throw new UsageError({ key: 'usage.extraArgument', params: { argument: positionals[0] } });
    const vmArg = text(values, 'vm');
    const vm = vmArg === undefined ? null : await resolveVm(ctx, vmArg);
    await ctx.services.snapshots.reconcile(ctx.hostId);
    const found = ctx.services.snapshots.list({ hostId: ctx.hostId, state: 'unmanaged', ...(vm ? { vmUuid: vm.uuid } : {}) });
    const adopted = [];
    for (const s of found) adopted.push(await ctx.services.snapshots.adopt(s.id));
    return { json: adopted.map(snapshotJson), text: () => t(view.lang, 'done.adoptedAll', { count: adopted.length }) };
  }
  if (positionals[0] === undefined) throw new UsageError({ key: 'usage.missingArgument', params: { argument: 'SNAP' } });
  const target = await resolveSnapshot(ctx, positionals[0], text(values, 'vm'));
  const snap = await ctx.services.snapshots.adopt(target.id);
  return { json: snapshotJson(snap), text: () => t(view.lang, 'done.adopted', { name: snap.name, id: snap.id }) };
}

export async function forgetCommand(ctx: CliContext, { values, positionals, view }: HandlerArgs): Promise<CommandOutput> {
  const snap = await resolveSnapshot(ctx, positionals[0]!, text(values, 'vm'));
  ctx.services.snapshots.forget(snap.id);
  return { json: { forgotten: snap.id }, text: () => t(view.lang, 'done.forgotten', { name: snap.name }) };
}

export async function eventsCommand(ctx: CliContext, { values, positionals, view }: HandlerArgs): Promise<CommandOutput> {
  const snapArg = positionals[0];
  const events = snapArg === undefined ? ctx.services.snapshots.events() : await eventsOf(ctx, snapArg, text(values, 'vm'));
  return { json: events, text: () => eventTable(view, events) };
}

export async function noteCommand(ctx: CliContext, { values, positionals, view }: HandlerArgs): Promise<CommandOutput> {
  const noteText = ruledArgument('TEXT', positionals[1]!, RULES.note);
  const snap = await resolveSnapshot(ctx, positionals[0]!, text(values, 'vm'));
  const note = ctx.services.snapshots.addNote(snap.id, noteText);
  return { json: note, text: () => t(view.lang, 'done.noted') };
}

/** The audit log outlives what it describes: a deleted snapshot's id still shows its events. */
async function eventsOf(ctx: CliContext, snapArg: string, vmArg: string | undefined): Promise<SnapshotEvent[]> {
  try {
    return ctx.services.snapshots.events((await resolveSnapshot(ctx, snapArg, vmArg)).id);
  } catch (e) {
    const past = isSnapvisorError(e) && e.code === 'snapshot_not_found' ? ctx.services.snapshots.events(snapArg) : [];
    if (past.length) return past;
    throw e;
  }
}
