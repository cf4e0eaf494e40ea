// Storage pool and volume XML: typed parsing and builders for what the engine creates
// (transient directory pools, qcow2 overlays on a backing file).
import { attr, obj, parseXml, text, type XmlValue } from './parse';
import { el, renderXml } from './builder';

const UNIT_BYTES: Record<string, number> = {
  b: 1, bytes: 1, k: 1024, kib: 1024, kb: 1000, m: 1024 ** 2, mib: 1024 ** 2, mb: 1e6,
  g: 1024 ** 3, gib: 1024 ** 3, gb: 1e9, t: 1024 ** 4, tib: 1024 ** 4, tb: 1e12,
  p: 1024 ** 5, pib: 1024 ** 5, pb: 1e15, e: 1024 ** 6, eib: 1024 ** 6, eb: 1e18,
};

/** A size element ("<capacity unit='bytes'>N</capacity>") in bytes; undefined when absent. */
export function sizeBytes(v: XmlValue): number | undefined {
  const t = text(v);
  if (t === undefined) return undefined;
  return Number(t) * (UNIT_BYTES[(attr(obj(v), 'unit') ?? 'bytes').toLowerCase()] ?? 1);
}

export interface StoragePoolDescription {
  /** "dir", "fs", "logical", "netfs", ... */
  type: string;
  name: string;
  uuid: string;
  capacity?: number;
  allocation?: number;
  available?: number;
  /** The directory (or device path) volumes live in. */
  targetPath?: string;
  sourceDir?: string;
  sourceDevice?: string;
}

export function parseStoragePoolXml(xml: string): StoragePoolDescription {
  const root = obj(parseXml(xml).pool);
  if (!root) throw new Error('not a storage pool XML document');
  const source = obj(root.source);
  return {
    type: attr(root, 'type') ?? '',
    name: text(root.name) ?? '',
    uuid: text(root.uuid) ?? '',
    capacity: sizeBytes(root.capacity),
    allocation: sizeBytes(root.allocation),
    available: sizeBytes(root.available),
    targetPath: text(obj(root.target)?.path),
    sourceDir: attr(obj(source?.dir), 'path'),
    sourceDevice: attr(obj(source?.device), 'path'),
  };
}

export interface StorageVolumeDescription {
  name: string;
  key?: string;
  /** "file", "block", "dir", ... */
  type: string;
  capacity?: number;
  allocation?: number;
  physical?: number;
  path?: string;
  /** The image format: "qcow2", "raw", ... */
  format?: string;
  /** Octal permission string, e.g. "0600". */
  mode?: string;
  backingStore?: { path?: string; format?: string };
  /** The file's modification and status-change times, as libvirt writes them ("seconds.nanoseconds"). */
  mtime?: string;
  ctime?: string;
}

export function parseStorageVolumeXml(xml: string): StorageVolumeDescription {
  const root = obj(parseXml(xml).volume);
  if (!root) throw new Error('not a storage volume XML document');
  const target = obj(root.target);
  const backing = obj(root.backingStore);
  const backingPath = text(backing?.path);
  const times = obj(target?.timestamps);
  return {
    name: text(root.name) ?? '',
    key: text(root.key),
    type: attr(root, 'type') ?? 'file',
    capacity: sizeBytes(root.capacity),
    allocation: sizeBytes(root.allocation),
    physical: sizeBytes(root.physical),
    path: text(target?.path),
    format: attr(obj(target?.format), 'type'),
    mode: text(obj(target?.permissions)?.mode),
    backingStore: backing && backingPath !== undefined
      ? { path: backingPath, format: attr(obj(backing.format), 'type') }
      : undefined,
    mtime: text(times?.mtime),
    ctime: text(times?.ctime),
  };
}

/** A directory pool: `<pool type='dir'>` with its target path (and the directory's mode when built). */
export function dirPoolXml(o: { name: string; path: string; mode?: string }): string {
  return renderXml(el('pool', { type: 'dir' },
    el('name', {}, o.name),
    el('target', {}, el('path', {}, o.path), o.mode ? el('permissions', {}, el('mode', {}, o.mode)) : null)));
}

export interface VolumeSpec {
  name: string;
  /** Virtual size in bytes; 0 for an overlay takes the backing file's. */
  capacityBytes: number;
  format?: 'qcow2' | 'raw';
  /** Bytes to preallocate (0: sparse). */
  allocationBytes?: number;
  /** Makes the volume a thin overlay on this file. */
  backing?: { path: string; format: 'qcow2' | 'raw' };
  /**
   * Permission bits, octal string. Default "0600": libvirt before 11.10 created overlays
   * world-readable (CVE-2025-13193).
   */
  mode?: string;
}

export function volumeXml(v: VolumeSpec): string {
  return renderXml(
    el('volume', { type: 'file' },
      el('name', {}, v.name),
      el('capacity', { unit: 'bytes' }, v.capacityBytes),
      el('allocation', { unit: 'bytes' }, v.allocationBytes ?? 0),
      el('target', {},
        el('format', { type: v.format ?? 'qcow2' }),
        (v.format ?? 'qcow2') === 'qcow2' ? el('compat', {}, '1.1') : null,
        el('permissions', {}, el('mode', {}, v.mode ?? '0600'))),
      v.backing
        ? el('backingStore', {}, el('path', {}, v.backing.path), el('format', { type: v.backing.format }))
        : null),
  );
}
