// The export file format, in one place (docs/export-format.md is its description for people): a
// POSIX tar whose first entry is manifest.json, then the image and memory files under flat names
// (`images/<name>`, `memory/<name>`) and a UEFI VM's NVRAM (`nvram/<name>`). The writer and the reader both take their rules from here:
// the version, the names an entry may have, the manifest's shape and what its parts must agree on.
// Archive names are never made from user-typed names (the export chooses them from ids), and a
// name read from an archive is checked here before anything is made from it.
import { z } from 'zod';
import { SNAPSHOT_KINDS } from '../../../shared/vocabulary';
import { SnapvisorError } from '../../../shared/errors';

export const FORMAT_VERSION = 1;
export const MANIFEST_NAME = 'manifest.json';
/** A manifest larger than this is no export's (it holds XML and metadata, never file data). */
export const MANIFEST_MAX_BYTES = 16 * 1024 * 1024;
/** The folders of the archive and the kind of file each holds. */
export const ARCHIVE_DIRS = { image: 'images', memory: 'memory', nvram: 'nvram' } as const;
export type ExportFileKind = keyof typeof ARCHIVE_DIRS;
const FILE_KINDS = Object.keys(ARCHIVE_DIRS) as [ExportFileKind, ...ExportFileKind[]];
/** A file name inside one of those folders: no separators, no leading dot, nothing to escape with. */
const FILE_NAME = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,199}$/;
/** What the writer puts in the manifest before the files' hashes are known: the same length as a hash. */
export const SHA256_PLACEHOLDER = '0'.repeat(64);

export interface ExportFile {
  /**
   * The entry's name in the archive: `images/<name>`, `memory/<name>`, or `nvram/<name>` (at most
   * one: the VM's NVRAM, which an imported VM's own NVRAM is filled from).
   */
  path: string;
  /** Length in bytes, the entry's size in the tar. */
  size: number;
  /** SHA-256 of the entry's bytes, lowercase hex. */
  sha256: string;
  kind: ExportFileKind;
  format: 'qcow2' | 'raw';
  /** The archive path of the image this qcow2 layer backs onto (its header names that file's name), or null. */
  backing: string | null;
  /** The file's path on the source host: what libvirt's XML in the manifest names it by. */
  sourcePath: string;
}

export interface ExportSnapshot {
  id: string;
  parentId: string | null;
  name: string;
  description: string;
  kind: (typeof SNAPSHOT_KINDS)[number];
  createdAt: string;
  notes: { at: string; text: string }[];
  location: 'internal' | 'external';
  /** libvirt's snapshot XML (virDomainSnapshotGetXMLDesc), for the redefinition on the target. */
  xml: string;
  /** Per disk the archive path of the image (through its backing chain) holding the disk's state. */
  disks: { target: string; file: string }[];
  /** The archive path of the memory file, or null. */
  memory: string | null;
}

export interface ExportManifest {
  formatVersion: typeof FORMAT_VERSION;
  snapvisorVersion: string;
  createdAt: string;
  source: { uri: string; hostname: string };
  vm: { name: string; uuid: string; xml: string };
  /** Parents before children. */
  snapshots: ExportSnapshot[];
  /** In archive order (an image after the image it backs onto). */
  files: ExportFile[];
}

/** The archive path of a file of `kind` named `name`; refused when the name could escape. */
export function archivePath(kind: ExportFileKind, name: string): string {
  if (!FILE_NAME.test(name)) throw new SnapvisorError('export_path_escapes', { path: name });
  return `${ARCHIVE_DIRS[kind]}/${name}`;
}

/** The kind of file an archive path names, or null when it is no plain `<folder>/<name>` of the format. */
export function kindOfPath(path: string): ExportFileKind | null {
  const [dir, name, ...rest] = path.split('/');
  if (rest.length > 0 || name === undefined || !FILE_NAME.test(name)) return null;
  const kind = (Object.keys(ARCHIVE_DIRS) as ExportFileKind[]).find((k) => ARCHIVE_DIRS[k] === dir);
  return kind ?? null;
}

/** The file name (last part) of an archive path: what a qcow2 header names as its backing. */
export function fileNameOf(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

const text = z.string().max(1_000_000);
const SHA256 = /^[0-9a-f]{64}$/;
const schema = z.object({
  formatVersion: z.literal(FORMAT_VERSION),
  snapvisorVersion: z.string().max(100),
  createdAt: z.string().max(100),
  source: z.object({ uri: z.string().max(4096), hostname: z.string().max(1024) }),
  vm: z.object({ name: z.string().min(1).max(1024), uuid: z.string().max(100), xml: text.min(1) }),
  snapshots: z.array(z.object({
    id: z.string().min(1).max(100),
    parentId: z.string().max(100).nullable(),
    name: z.string().max(1024),
    description: text,
    kind: z.enum(SNAPSHOT_KINDS),
    createdAt: z.string().max(100),
    notes: z.array(z.object({ at: z.string().max(100), text })),
    location: z.enum(['internal', 'external']),
    xml: text,
    disks: z.array(z.object({ target: z.string().min(1).max(100), file: z.string() })),
    memory: z.string().nullable(),
  })),
  files: z.array(z.object({
    path: z.string(),
    size: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
    sha256: z.string().regex(SHA256),
    kind: z.enum(FILE_KINDS),
    format: z.enum(['qcow2', 'raw']),
    backing: z.string().nullable(),
    sourcePath: z.string().max(4096),
  })),
});

function invalid(detail: string): SnapvisorError {
  return new SnapvisorError('export_manifest_invalid', { detail });
}

/**
 * What the manifest's parts must agree on: every path a plain name of the format and listed once,
 * of the kind its folder says; backings name images listed before them (in the same folder, so the header's file name finds them); snapshots name
 * listed files and parents listed before them. A path that could escape is named as such.
 */
function checkConsistent(m: ExportManifest): void {
  const files = new Map<string, ExportFile>();
  for (const f of m.files) {
    const kind = kindOfPath(f.path);
    if (kind === null) throw new SnapvisorError('export_path_escapes', { path: f.path });
    if (kind !== f.kind) throw invalid(`${f.path}: kind ${f.kind} in ${ARCHIVE_DIRS[kind]}/`);
    if (files.has(f.path)) throw invalid(`${f.path} listed twice`);
    if (f.kind === 'nvram' && [...files.values()].some((x) => x.kind === 'nvram')) throw invalid(`${f.path}: a second NVRAM`);
    if (f.backing !== null) {
      const below = files.get(f.backing);
      if (below?.kind !== 'image' || f.kind !== 'image' || f.format !== 'qcow2') throw invalid(`${f.path}: backing ${f.backing}`);
    }
    files.set(f.path, f);
  }
  const snapshots = new Set<string>();
  for (const s of m.snapshots) {
    if (snapshots.has(s.id)) throw invalid(`snapshot ${s.id} listed twice`);
    if (s.parentId !== null && !snapshots.has(s.parentId)) throw invalid(`snapshot ${s.id}: parent ${s.parentId}`);
    for (const d of s.disks) if (files.get(d.file)?.kind !== 'image') throw invalid(`snapshot ${s.id}: disk ${d.target} in ${d.file}`);
    if (s.memory !== null && files.get(s.memory)?.kind !== 'memory') throw invalid(`snapshot ${s.id}: memory ${s.memory}`);
    snapshots.add(s.id);
  }
}

/** The manifest in `bytes`, checked: an unknown version, a bad shape or parts that disagree are refused. */
export function parseManifest(bytes: Buffer): ExportManifest {
  let raw: unknown;
  try {
    raw = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw invalid('not JSON');
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw invalid('not an object');
  const version = (raw as { formatVersion?: unknown }).formatVersion;
  if (version !== FORMAT_VERSION) {
    if (typeof version === 'number' || typeof version === 'string') throw new SnapvisorError('export_version_unknown', { version: String(version).slice(0, 40) });
    throw invalid('no formatVersion');
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw invalid(`${issue?.path.join('.') ?? ''}: ${issue?.message ?? ''}`);
  }
  const m = parsed.data as ExportManifest;
  checkConsistent(m);
  return m;
}

/** The manifest's bytes as the archive holds them (parsed back by parseManifest). */
export function serializeManifest(m: ExportManifest): Buffer {
  checkConsistent(m);
  return Buffer.from(`${JSON.stringify(m, null, 2)}\n`, 'utf8');
}

/** The bytes of every file the export holds (the manifest aside). */
export function manifestBytes(m: ExportManifest): number {
  return m.files.reduce((n, f) => n + f.size, 0);
}

/** What a check of an export file tells a person: whose VM, which snapshots, how much data. */
export interface ExportSummary {
  formatVersion: number;
  snapvisorVersion: string;
  createdAt: string;
  source: { uri: string; hostname: string };
  vm: { name: string; uuid: string };
  snapshots: Pick<ExportSnapshot, 'id' | 'parentId' | 'name' | 'kind' | 'createdAt'>[];
  fileCount: number;
  bytes: number;
}

export function exportSummary(m: ExportManifest): ExportSummary {
  return {
    formatVersion: m.formatVersion, snapvisorVersion: m.snapvisorVersion, createdAt: m.createdAt, source: m.source,
    vm: { name: m.vm.name, uuid: m.vm.uuid },
    snapshots: m.snapshots.map((s) => ({ id: s.id, parentId: s.parentId, name: s.name, kind: s.kind, createdAt: s.createdAt })),
    fileCount: m.files.length,
    bytes: manifestBytes(m),
  };
}
