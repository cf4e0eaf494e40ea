// Real tar archives for the export reader's tests, made with tar-stream as the writer makes them:
// a manifest (honest sizes and hashes unless a test says otherwise) and the files' bytes, with
// the ways a file goes bad done to the bytes afterwards (a flipped byte, a cut).
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import tar from 'tar-stream';
import { FORMAT_VERSION, type ExportFile, type ExportManifest } from '../../../../electron/services/exports/format';

export interface KitFile {
  path: string;
  data: Buffer;
  kind?: ExportFile['kind'];
  format?: ExportFile['format'];
  backing?: string | null;
}

const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

/** `length` bytes that look random and occur nowhere else (SHA-256 of the seed and a counter). */
export function bytes(length: number, seed: number): Buffer {
  const parts: Buffer[] = [];
  for (let i = 0; i * 32 < length; i++) parts.push(createHash('sha256').update(`${seed}:${i}`).digest());
  return Buffer.concat(parts).subarray(0, length);
}

export const BASE: KitFile = { path: 'images/base.raw', data: bytes(200_000, 1), format: 'raw' };
export const LAYER: KitFile = { path: 'images/layer.qcow2', data: bytes(70_001, 2), format: 'qcow2', backing: 'images/base.raw' };
export const MEMORY: KitFile = { path: 'memory/s2.save', data: bytes(33_333, 3), kind: 'memory', format: 'raw' };

/** A manifest over `files` with their true sizes and hashes, and a tree of two snapshots using them. */
export function manifestOf(files: readonly KitFile[] = [BASE, LAYER, MEMORY]): ExportManifest {
  const listed = files.map((f): ExportFile => ({
    path: f.path, size: f.data.length, sha256: sha256(f.data), kind: f.kind ?? 'image', format: f.format ?? 'qcow2', backing: f.backing ?? null,
    sourcePath: `/var/lib/libvirt/images/${f.path.replace('/', '-')}`,
  }));
  const has = (p: string): boolean => listed.some((f) => f.path === p);
  const snapshot = (id: string, parentId: string | null, file: string, memory: string | null): ExportManifest['snapshots'][number] => ({
    id, parentId, name: `snapshot ${id} “스냅샷”`, description: '', kind: memory ? 'memory' : 'cold', createdAt: '2026-12-01T10:00:00.000Z',
    notes: [{ at: '2026-12-01T10:01:00.000Z', text: 'a note' }], location: 'external', xml: `<domainsnapshot><name>${id}</name></domainsnapshot>`,
    disks: [{ target: 'vda', file }], memory,
  });
  return {
    formatVersion: FORMAT_VERSION,
    snapvisorVersion: '0.1.0',
    createdAt: '2026-12-04T00:00:00.000Z',
    source: { uri: 'qemu:///system', hostname: 'lab-1' },
    vm: { name: 'vm-1', uuid: '0d4e5a3c-8a48-4c2e-b7b1-1d3c5e7f9a0b', xml: '<domain type="kvm"><name>vm-1</name></domain>' },
    snapshots: [
      ...(has(BASE.path) ? [snapshot('s1', null, BASE.path, null)] : []),
      ...(has(LAYER.path) && has(BASE.path) ? [snapshot('s2', 's1', LAYER.path, has(MEMORY.path) ? MEMORY.path : null)] : []),
    ],
    files: listed,
  };
}

export interface Entry {
  name: string;
  data: Buffer;
  type?: tar.Headers['type'];
  linkname?: string;
}

/** The archive of `entries` in order, as bytes. */
export async function tarOf(entries: readonly Entry[]): Promise<Buffer> {
  const pack = tar.pack();
  const chunks: Buffer[] = [];
  pack.on('data', (c: Buffer) => chunks.push(c));
  const ended = new Promise<void>((resolve, reject) => { pack.on('end', resolve); pack.on('error', reject); });
  for (const e of entries) {
    if (e.type && e.type !== 'file') {
      pack.entry({ name: e.name, type: e.type, linkname: e.linkname });
      continue;
    }
    await new Promise<void>((resolve, reject) => {
      const w = pack.entry({ name: e.name, size: e.data.length, mode: 0o600, type: e.type ?? 'file' }, (err) => (err ? reject(err) : resolve()));
      w.end(e.data);
    });
  }
  pack.finalize();
  await ended;
  return Buffer.concat(chunks);
}

/** The archive of a manifest and files, as the writer lays it out: manifest.json first. */
export async function exportOf(manifest: ExportManifest, files: readonly KitFile[], extra: readonly Entry[] = []): Promise<Buffer> {
  return tarOf([
    { name: 'manifest.json', data: Buffer.from(JSON.stringify(manifest)) },
    ...files.map((f) => ({ name: f.path, data: f.data })),
    ...extra,
  ]);
}

/** The offset of `needle` in `hay` (a test's way to find an entry's data in the archive). */
export function offsetOf(hay: Buffer, needle: Buffer): number {
  const at = hay.indexOf(needle);
  if (at < 0) throw new Error('not in the archive');
  return at;
}

export function save(path: string, b: Buffer): string {
  writeFileSync(path, b);
  return path;
}
