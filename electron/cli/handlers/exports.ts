// export and import FILE --check (docs/export-format.md). The check reads the file through
// without writing anything anywhere, so it opens neither libvirt nor the database (its progress
// bar is fed by the check itself, not by a job). An export interrupted by Ctrl-C or a TERM is
// cancelled, so its temporary file goes too.
import { resolve } from 'node:path';
import { formatBytes } from '../../../shared/format';
import { checkExport } from '../../services/exports/export-reader';
import { exportSummary, manifestBytes } from '../../services/exports/format';
import { resolveSnapshot, resolveVm, type CliContext } from '../context';
import { t } from '../messages';
import { printable } from '../output/text';
import type { ProgressBar } from '../progress';
import { UsageError, text, type CommandOutput, type HandlerArgs } from './values';

export async function exportCommand(ctx: CliContext, { values, positionals, view }: HandlerArgs): Promise<CommandOutput> {
  const output = resolve(text(values, 'output')!);
  const snapArg = positionals[0];
  const vmArg = text(values, 'vm');
  if (snapArg === undefined && vmArg === undefined) throw new UsageError({ key: 'usage.missingArgument', params: { argument: 'SNAP' } });
  const snap = snapArg === undefined ? null : await resolveSnapshot(ctx, snapArg, vmArg);
  const vmUuid = snap ? snap.vm.uuid : (await resolveVm(ctx, vmArg!)).uuid;
  const stop = new AbortController();
  const onSignal = (): void => stop.abort();
  process.once('SIGINT', onSignal).once('SIGTERM', onSignal);
  try {
    const { manifest, skipped } = await ctx.services.exports.exportVm({ hostId: ctx.hostId, vmUuid, snapshotId: snap?.id, output, signal: stop.signal });
    const bytes = manifestBytes(manifest);
    const lines = [t(view.lang, 'done.exported', { vm: printable(manifest.vm.name), snapshots: manifest.snapshots.length, file: output, size: formatBytes(bytes) })];
    if (skipped.length > 0) lines.push(t(view.lang, 'done.exportSkipped', { count: skipped.length }));
    return {
      json: { file: output, vm: { name: manifest.vm.name, uuid: manifest.vm.uuid }, snapshots: manifest.snapshots.map((s) => s.id), files: manifest.files, bytes, skipped },
      text: () => lines.join('\n'),
    };
  } finally {
    process.off('SIGINT', onSignal).off('SIGTERM', onSignal);
  }
}

export async function importCommand(ctx: CliContext, { values, positionals, view }: HandlerArgs): Promise<CommandOutput> {
  const file = resolve(positionals[0]!);
  const name = text(values, 'name');
  const stop = new AbortController();
  const onSignal = (): void => stop.abort();
  process.once('SIGINT', onSignal).once('SIGTERM', onSignal);
  try {
    const r = await ctx.services.exports.importVm({ hostId: ctx.hostId, file, ...(name === undefined ? {} : { name }), signal: stop.signal });
    return {
      json: r,
      text: () => t(view.lang, 'done.imported', { vm: printable(r.vm.name), uuid: r.vm.uuid, snapshots: r.snapshots.length, size: formatBytes(r.bytes) }),
    };
  } finally {
    process.off('SIGINT', onSignal).off('SIGTERM', onSignal);
  }
}

/** `import FILE --check`; `bar` shows the bytes checked (the check is no job: it runs without a host). */
export async function importCheckCommand({ positionals, view }: Omit<HandlerArgs, 'values'>, bar: ProgressBar | null): Promise<CommandOutput> {
  const file = resolve(positionals[0]!);
  const startedAt = new Date().toISOString();
  let vmName = '';
  const m = await checkExport(file, {
    onManifest: (manifest) => { vmName = manifest.vm.name; },
    onProgress: (done, total) => bar?.update({
      operation: 'export-check', vmName, state: 'running', queueReason: null,
      progress: total > 0 ? done / total : null, processedBytes: done, totalBytes: total, startedAt,
    }),
  });
  const summary = exportSummary(m);
  return {
    json: { file, ...summary, files: m.files },
    text: () => t(view.lang, 'done.exportChecked', { vm: printable(m.vm.name), snapshots: m.snapshots.length, files: m.files.length, size: formatBytes(summary.bytes) }),
  };
}
