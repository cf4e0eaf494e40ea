// copies refresh | list | verify | remove: a VM's copies on other hosts (docs/copies.md).
import type { CopyInfo } from '../../../shared/model';
import { RULES } from '../../../shared/rules';
import { resolveVm, vmUuidFor, type CliContext } from '../context';
import { t } from '../messages';
import { copiesTable, copyChecksTable } from '../output/views';
import { formatSize } from '../output/locale';
import { required, requiredRuled, text, wholeNumber, type CommandOutput, type HandlerArgs } from './values';

function target(values: HandlerArgs['values']): string {
  return requiredRuled(values, 'to', RULES.uri);
}

export async function copiesRefreshCommand(ctx: CliContext, { values, view }: HandlerArgs): Promise<CommandOutput> {
  const keep = wholeNumber(values, 'keep', RULES.keepLast);
  const to = target(values);
  const vm = await resolveVm(ctx, required(values, 'vm'));
  const r = await ctx.services.copies.refresh({ hostId: ctx.hostId, vmUuid: vm.uuid, to, ...(keep === undefined ? {} : { keep }) });
  return {
    json: r,
    text: () => t(view.lang, 'copies.sent', {
      files: r.sent.length, bytes: formatSize(r.bytesSent), target: r.target, copyVm: r.copyVm.name, kept: r.kept.length, removed: r.removed.length,
    }),
  };
}

export async function copiesListCommand(ctx: CliContext, { values, view }: HandlerArgs): Promise<CommandOutput> {
  const vmArg = text(values, 'vm');
  const vmUuid = vmArg === undefined ? undefined : await vmUuidFor(ctx, vmArg);
  const copies: CopyInfo[] = ctx.services.copies.list({ hostId: ctx.hostId, ...(vmUuid === undefined ? {} : { vmUuid }) });
  return { json: copies, text: () => copiesTable(view, copies) };
}

export async function copiesVerifyCommand(ctx: CliContext, { values, view }: HandlerArgs): Promise<CommandOutput> {
  const to = target(values);
  const vmUuid = await vmUuidFor(ctx, required(values, 'vm'));
  const r = await ctx.services.copies.verify({ hostId: ctx.hostId, vmUuid, to });
  const count = (state: string): number => r.files.filter((f) => f.state === state).length;
  return {
    json: r,
    text: () => `${copyChecksTable(view, r.files)}\n${t(view.lang, 'copies.verified', { ok: count('ok'), differ: r.differ, rewritten: count('rewritten') })}`,
    exitCode: r.differ > 0 ? 1 : 0,
  };
}

export async function copiesRemoveCommand(ctx: CliContext, { values, view }: HandlerArgs): Promise<CommandOutput> {
  const to = target(values);
  const vmUuid = await vmUuidFor(ctx, required(values, 'vm'));
  const r = await ctx.services.copies.remove({ hostId: ctx.hostId, vmUuid, to });
  return {
    json: r,
    text: () => t(view.lang, 'copies.removed', { copyVm: r.copyVm.name, target: r.target, files: r.removedFiles.length, snapshots: r.removedSnapshots.length }),
  };
}
