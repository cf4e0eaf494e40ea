// import FILE --check: the export file read through and checked (docs/export-format.md) without
// writing anything anywhere, so it opens neither libvirt nor the database.
import { resolve } from 'node:path';
import { formatBytes } from '../../../shared/format';
import { checkExport } from '../../services/exports/export-reader';
import { t } from '../messages';
import { printable } from '../output/text';
import type { CommandOutput, HandlerArgs } from './values';

export async function importCheckCommand({ positionals, view }: Omit<HandlerArgs, 'values'>): Promise<CommandOutput> {
  const file = resolve(positionals[0]!);
  const m = await checkExport(file);
  const bytes = m.files.reduce((n, f) => n + f.size, 0);
  return {
    json: {
      file, formatVersion: m.formatVersion, snapvisorVersion: m.snapvisorVersion, createdAt: m.createdAt, source: m.source,
      vm: { name: m.vm.name, uuid: m.vm.uuid },
      snapshots: m.snapshots.map((s) => ({ id: s.id, parentId: s.parentId, name: s.name, kind: s.kind, createdAt: s.createdAt })),
      files: m.files, bytes,
    },
    text: () => t(view.lang, 'done.exportChecked', { vm: printable(m.vm.name), snapshots: m.snapshots.length, files: m.files.length, size: formatBytes(bytes) }),
  };
}
