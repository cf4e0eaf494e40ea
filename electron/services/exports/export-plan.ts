// What an export writes, decided from the VM's snapshot rows and the chains under their frozen
// images: the copy planner's answer for a target that holds nothing yet (every image each
// snapshot needs, each after the image it backs onto, named from ids; each memory file; parents
// resolved to the nearest exported ancestor), put into the export's terms (archive paths, the
// manifest's snapshot entries). One snapshot alone is its chain's files with no parent. Pure:
// the caller reads the rows, the chains (readCopySource), the notes and libvirt's XML.
import type { Note, Snapshot } from '../../../shared/model';
import { SnapvisorError } from '../../../shared/errors';
import type { CopySource, SourceNvram } from '../copies/copy-files';
import { planCopy, type SkipReason } from '../copies/copy-plan';
import { archivePath, type ExportManifest, type ExportSnapshot } from './format';
import type { ExportFileSource, ExportPlan } from './export-writer';

export interface ExportPlanInput {
  /** Everything the manifest says of the export as a whole. */
  header: Omit<ExportManifest, 'formatVersion' | 'files' | 'snapshots'>;
  /** The VM's snapshot rows. */
  rows: readonly Snapshot[];
  /** The rows' frozen images followed down their chains, and their memory files. */
  chains: CopySource;
  notes: ReadonlyMap<string, readonly Note[]>;
  /** libvirt's XML of each snapshot (virDomainSnapshotGetXMLDesc), by row id. */
  snapshotXml: ReadonlyMap<string, string>;
  /** Export this snapshot alone (with what it needs); absent: the whole tree. */
  only?: string;
  /** The VM's NVRAM file on the source host, or null. */
  nvram: SourceNvram | null;
}

export interface ExportPlanResult {
  plan: ExportPlan;
  /** Snapshots not exported, and why (the copy planner's reasons). */
  skipped: { snapshotId: string; reason: SkipReason }[];
}

export function planExport(input: ExportPlanInput): ExportPlanResult {
  const rows = new Map(input.rows.map((r) => [r.id, r]));
  const snapshots = input.only === undefined ? input.chains.snapshots : input.chains.snapshots.filter((s) => s.id === input.only);
  if (input.only !== undefined && snapshots.length === 0) throw new SnapvisorError('snapshot_not_found', { id: input.only });
  const copy = planCopy({
    copyVmUuid: input.header.vm.uuid,
    snapshots: snapshots.map((s) => (input.only === undefined ? s : { ...s, parentId: null })),
    images: input.chains.images,
    copies: [],
    keep: null,
  });
  const paths = new Map<string, string>();
  const files: ExportFileSource[] = copy.send.map((f) => {
    const path = archivePath(f.kind, f.name);
    paths.set(f.name, path);
    const backing = f.backing === null ? null : paths.get(f.backing);
    // With nothing on a target yet, an image backs onto one sent before it; anything else is a planner fault.
    if (backing === undefined) throw new SnapvisorError('internal', { detail: `backing of ${f.name}` });
    return { path, kind: f.kind, format: f.format === 'qcow2' ? 'qcow2' : 'raw', backing, sourcePath: f.source };
  });
  if (input.nvram) {
    const { sourcePath, format } = input.nvram;
    files.push({ path: archivePath('nvram', `${input.header.vm.uuid}.nvram.${format}`), kind: 'nvram', format, backing: null, sourcePath });
  }
  const entries = copy.define.map((d): ExportSnapshot => {
    const row = rows.get(d.snapshotId);
    const xml = input.snapshotXml.get(d.snapshotId);
    if (!row || xml === undefined) throw new SnapvisorError('snapshot_not_found', { id: d.snapshotId });
    return {
      id: row.id, parentId: d.parentId, name: row.name, description: row.description, kind: row.kind, createdAt: row.createdAt,
      notes: (input.notes.get(row.id) ?? []).map((n) => ({ at: n.at, text: n.text })), location: row.location, xml,
      disks: d.disks.map((x) => ({ target: x.target, file: paths.get(x.file)! })),
      memory: d.memory === null ? null : paths.get(d.memory)!,
    };
  });
  if (entries.length === 0) {
    // A file with no snapshot would be refused by every import: say so now, and write nothing.
    if (input.only !== undefined) throw new SnapvisorError('export_snapshot_unsupported', { name: rows.get(input.only)?.name ?? input.only });
    throw new SnapvisorError('export_vm_empty', { name: input.header.vm.name });
  }
  return { plan: { manifest: { ...input.header, snapshots: entries }, files }, skipped: copy.skipped };
}
