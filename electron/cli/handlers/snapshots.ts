// Commands on VM snapshots: list, show, create, edit, delete, restore, restore-as-new.
import type { AfterRevert } from '../../services/api';
import { SnapvisorError } from '../../../shared/errors';
import type { SnapshotKind, SnapshotState } from '../../../shared/model';
import { resolveSnapshot, resolveVm, vmUuidFor, type CliContext } from '../context';
import { t } from '../messages';
import { snapshotJson, vmJson } from '../output/json';
import { snapshotDetailView, snapshotTable } from '../output/views';
import { INIT_SCRIPT_MAX_BYTES, RULES, SSH_KEY_TEXT_MAX_BYTES, nameConfirmed, textProblem } from '../../../shared/rules';
import { readFileSync, statSync } from 'node:fs';
import { validateIdentity } from '../../services/policy/validation';
import { KIND_WORDS, wordOf } from '../../../shared/vocabulary';
import {
  UsageError, badValue, dateBound, exclusive, flag, required, requiredRuled, ruled, text, texts, wholeNumber, type CommandOutput, type HandlerArgs,
} from './values';

export async function listCommand(ctx: CliContext, { values, view }: HandlerArgs): Promise<CommandOutput> {
  const vmArg = text(values, 'vm');
  const vmUuid = vmArg === undefined ? undefined : await vmUuidFor(ctx, vmArg);
  const rows = ctx.services.snapshots.list({
    hostId: ctx.hostId,
    vmUuid,
    kind: text(values, 'kind') as SnapshotKind | undefined,
    state: text(values, 'state') as SnapshotState | undefined,
    search: ruled(values, 'search', RULES.search),
    since: dateBound(values, 'since', false),
    until: dateBound(values, 'until', true),
    includeDependents: true,
  });
  return { json: rows.map(snapshotJson), text: () => snapshotTable(view, rows) };
}

export async function showCommand(ctx: CliContext, { values, positionals, view }: HandlerArgs): Promise<CommandOutput> {
  const snap = await resolveSnapshot(ctx, positionals[0]!, text(values, 'vm'));
  const detail = ctx.services.snapshots.get(snap.id);
  return {
    json: {
      ...snapshotJson(detail.snapshot),
      children: detail.children.map((c) => c.id),
      dependents: detail.dependents.map(snapshotJson),
      notes: detail.notes,
      copyOf: detail.copyOf,
      copies: detail.copies,
    },
    text: () => snapshotDetailView(view, detail),
  };
}

export async function createCommand(ctx: CliContext, { values, view }: HandlerArgs): Promise<CommandOutput> {
  const disks = text(values, 'disks')?.split(',').map((d) => d.trim()).filter(Boolean);
  for (const d of disks ?? []) {
    const problem = textProblem(RULES.diskTarget, d);
    if (problem) throw badValue('disks', d, problem);
  }
  const name = ruled(values, 'name', RULES.displayName);
  const description = ruled(values, 'description', RULES.description);
  const vm = await resolveVm(ctx, required(values, 'vm'));
  const kind = required(values, 'kind') as 'cold' | 'hot' | 'memory';
  const snap = await ctx.services.snapshots.create({
    hostId: ctx.hostId,
    vmUuid: vm.uuid,
    kind,
    name,
    description,
    disks,
    quiesce: flag(values, 'quiesce') || undefined,
    protect: flag(values, 'protect') || undefined,
    orNearest: flag(values, 'or-nearest') || undefined,
  });
  const done = snap.kind === kind
    ? t(view.lang, 'done.created', { name: snap.name, id: snap.id })
    : t(view.lang, 'done.createdNearest', { name: snap.name, id: snap.id, kind: wordOf(KIND_WORDS, snap.kind, view.lang) ?? snap.kind, asked: wordOf(KIND_WORDS, kind, view.lang) ?? kind });
  return { json: snapshotJson(snap), text: () => done };
}

export async function editCommand(ctx: CliContext, { values, positionals, view }: HandlerArgs): Promise<CommandOutput> {
  exclusive(values, 'protect', 'unprotect');
  if (!['name', 'description', 'protect', 'unprotect'].some((o) => values[o] !== undefined)) {
    throw new UsageError({ key: 'usage.nothingToChange', params: {} });
  }
  const name = ruled(values, 'name', RULES.displayName);
  const description = ruled(values, 'description', RULES.description);
  let snap = await resolveSnapshot(ctx, positionals[0]!, text(values, 'vm'));
  if (name !== undefined || description !== undefined) snap = await ctx.services.snapshots.edit(snap.id, { name, description });
  if (flag(values, 'protect') || flag(values, 'unprotect')) snap = ctx.services.snapshots.setProtected(snap.id, flag(values, 'protect'));
  return { json: snapshotJson(snap), text: () => t(view.lang, 'done.edited', { name: snap.name }) };
}

export async function deleteCommand(ctx: CliContext, { values, positionals, view }: HandlerArgs): Promise<CommandOutput> {
  const snap = await resolveSnapshot(ctx, positionals[0]!, text(values, 'vm'));
  const plan = ctx.services.snapshots.deletePlan(snap.id);
  if (plan.blockedBy) throw new SnapvisorError(plan.blockedBy.code, plan.blockedBy.params);
  const confirmName = text(values, 'confirm-name');
  if (plan.needsTypedName && !nameConfirmed(confirmName, snap.name)) throw new SnapvisorError('protected_needs_name', { name: snap.name });
  await ctx.services.snapshots.delete(snap.id, { confirmName });
  const lines = [t(view.lang, 'done.deleted', { name: snap.name })];
  if (plan.dependents.length) lines.push(t(view.lang, 'done.deletedDependents', { names: plan.dependents.map((d) => d.name).join(', ') }));
  return { json: { deleted: snap.id, dependents: plan.dependents.map((d) => d.id) }, text: () => lines.join('\n') };
}

export async function restoreCommand(ctx: CliContext, { values, positionals, view }: HandlerArgs): Promise<CommandOutput> {
  exclusive(values, 'start', 'paused');
  const snap = await resolveSnapshot(ctx, positionals[0]!, text(values, 'vm'));
  const afterState: AfterRevert | undefined = flag(values, 'start') ? 'running' : flag(values, 'paused') ? 'paused' : undefined;
  const result = await ctx.services.snapshots.revert(snap.id, { safetySnapshot: flag(values, 'safety-snapshot'), afterState });
  const lines = [t(view.lang, 'done.restored', { vm: snap.vm.name, name: snap.name, state: result.vmState })];
  if (result.safetySnapshot) lines.push(t(view.lang, 'done.safety', { name: result.safetySnapshot.name, id: result.safetySnapshot.id }));
  return {
    json: {
      snapshot: snapshotJson(result.snapshot),
      safetySnapshot: result.safetySnapshot ? snapshotJson(result.safetySnapshot) : null,
      vmState: result.vmState,
    },
    text: () => lines.join('\n'),
  };
}

/**
 * A file the user named for the new VM's identity, as text; a missing, unreadable or too large
 * file is the services' invalid_input (exit 1), before anything is made.
 */
function readIdentityFile(path: string, field: 'sshKeys' | 'initScript', maxBytes: number): string {
  let size: number;
  try {
    const st = statSync(path);
    if (!st.isFile()) throw new SnapvisorError('invalid_input', { field, reason: 'file_unreadable', name: path });
    size = st.size;
  } catch (e) {
    if (e instanceof SnapvisorError) throw e;
    const missing = (e as NodeJS.ErrnoException).code === 'ENOENT';
    throw new SnapvisorError('invalid_input', { field, reason: missing ? 'file_not_found' : 'file_unreadable', name: path });
  }
  if (size > maxBytes) throw new SnapvisorError('invalid_input', { field, reason: 'file_too_large', max: maxBytes, name: path });
  try {
    return readFileSync(path, 'utf8');
  } catch {
    throw new SnapvisorError('invalid_input', { field, reason: 'file_unreadable', name: path });
  }
}

export async function restoreAsNewCommand(ctx: CliContext, { values, positionals, view }: HandlerArgs): Promise<CommandOutput> {
  const network = text(values, 'network') === 'none' ? null : ruled(values, 'network', RULES.networkName);
  const initScriptFile = text(values, 'init-script');
  const request = {
    name: requiredRuled(values, 'name', RULES.resourceName),
    vcpus: wholeNumber(values, 'vcpus', RULES.vcpus),
    memoryMiB: wholeNumber(values, 'memory', RULES.memoryMiB),
    network,
    start: flag(values, 'start') || undefined,
    protect: flag(values, 'protect') || undefined,
    hostname: ruled(values, 'hostname', RULES.hostname),
    sshKeys: texts(values, 'ssh-key').map((file) => readIdentityFile(file, 'sshKeys', SSH_KEY_TEXT_MAX_BYTES)),
    initScript: initScriptFile === undefined ? undefined : readIdentityFile(initScriptFile, 'initScript', INIT_SCRIPT_MAX_BYTES),
  };
  // Judged before the snapshot is looked up: a bad key file is the user's first problem.
  validateIdentity(request, request.name);
  const snap = await resolveSnapshot(ctx, positionals[0]!, text(values, 'vm'));
  const vm = await ctx.services.snapshots.restoreAsNew(snap.id, request);
  return { json: vmJson(vm), text: () => t(view.lang, 'done.restoredAsNew', { name: vm.name, uuid: vm.uuid }) };
}
