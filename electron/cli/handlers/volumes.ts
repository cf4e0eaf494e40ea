// Commands on single disks: volume-snapshot, volume-restore, extract-volume.
import { resolveSnapshot, resolveVm, type CliContext } from '../context';
import { t } from '../messages';
import { snapshotJson } from '../output/json';
import { RULES } from '../../../shared/rules';
import { required, requiredRuled, ruled, text, type CommandOutput, type HandlerArgs } from './values';

export async function volumeSnapshotCommand(ctx: CliContext, { values, view }: HandlerArgs): Promise<CommandOutput> {
  const vm = await resolveVm(ctx, required(values, 'vm'));
  const snap = await ctx.services.snapshots.createVolume({
    hostId: ctx.hostId, vmUuid: vm.uuid, disk: requiredRuled(values, 'disk', RULES.diskTarget), name: ruled(values, 'name', RULES.displayName),
    description: ruled(values, 'description', RULES.description),
  });
  return { json: snapshotJson(snap), text: () => t(view.lang, 'done.created', { name: snap.name, id: snap.id }) };
}

export async function volumeRestoreCommand(ctx: CliContext, { values, positionals, view }: HandlerArgs): Promise<CommandOutput> {
  const snap = await resolveSnapshot(ctx, positionals[0]!, text(values, 'vm'));
  const result = await ctx.services.snapshots.restoreVolume(snap.id, { asNewName: ruled(values, 'as-new', RULES.resourceName) });
  return { json: result, text: () => t(view.lang, 'done.volumeRestored', { path: result.path }) };
}

export async function extractVolumeCommand(ctx: CliContext, { values, positionals, view }: HandlerArgs): Promise<CommandOutput> {
  const source = await resolveSnapshot(ctx, positionals[0]!, text(values, 'vm'));
  const snap = await ctx.services.snapshots.extractVolume(source.id, { disk: requiredRuled(values, 'disk', RULES.diskTarget), name: ruled(values, 'name', RULES.displayName) });
  return { json: snapshotJson(snap), text: () => t(view.lang, 'done.created', { name: snap.name, id: snap.id }) };
}
