// The files Snapvisor keeps on one libvirt host, reached only through libvirt's storage API
// (the host may be remote: nothing here opens, stats or removes a path on this machine, except
// files an older Snapvisor left in its local data directory on a local host).
import { rmSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { posix, resolve, sep } from 'node:path';
import { newId } from '../../store/ids';
import {
  VIR_ERR, isLocalUri, ownAll, volumeXml, type Connection, type StoragePool, type StorageVolume, type StorageVolumeDescription,
} from '../../../native';
import { SnapvisorError } from '../../../shared/errors';
import { isNotFound, toSnapvisorError } from '../hosts/libvirt-errors';
import { consoleName, seedName, vmOfVolume, volumeName, type VolumeExtension, type VolumeKey } from './volume-names';
import { refreshPool } from './pool';

export type ImageFormat = 'qcow2' | 'raw';

export interface HostImage {
  /** The path on the libvirt host. */
  path: string;
  /** The volume's name in Snapvisor's pool; null for a file outside it. */
  name: string | null;
  /** The VM the file belongs to (from its name); null when it is not one of ours. */
  vmUuid: string | null;
  format: string;
  /** Virtual size in bytes. */
  capacity: number;
  /** Bytes it takes on the host. */
  allocation: number;
  backing: { path: string; format: string | null } | null;
}

export interface OverlaySpec extends VolumeKey {
  target: string;
  backing: { path: string; format: string };
  /** Virtual size; 0 (default) takes the backing file's. */
  capacity?: number;
}

export interface CopySpec extends VolumeKey {
  target: string;
  /** The image whose content (through its backing chain) is copied into one standalone file. */
  source: { path: string; format: string };
  format: ImageFormat;
}

/** Whether the pool holds a volume of that name (every listed handle freed). */
function holdsVolume(pool: StoragePool, fileName: string): boolean {
  using vols = ownAll(pool.listAllVolumes());
  return vols.some((v) => v.name() === fileName);
}

function toImage(d: StorageVolumeDescription, ours: boolean): HostImage {
  const path = d.path ?? d.key ?? '';
  return {
    path,
    name: ours ? d.name : null,
    vmUuid: ours ? vmOfVolume(d.name) : null,
    format: d.format ?? 'raw',
    capacity: d.capacity ?? 0,
    allocation: d.allocation ?? 0,
    backing: d.backingStore?.path ? { path: d.backingStore.path, format: d.backingStore.format ?? null } : null,
  };
}

/** Whether a process with this id runs on this machine (signal 0 asks without sending anything). */
function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export class HostFiles {
  readonly poolDir: string;

  constructor(
    readonly connection: Connection,
    /** Snapvisor's pool on the host (every file it makes lives there). */
    readonly pool: StoragePool,
    poolDir: string,
    /** A local host's legacy data directory (files of Snapvisor 0.1), or null. */
    private readonly legacyRoot: string | null,
  ) {
    this.poolDir = poolDir.replace(/\/+$/, '');
  }

  /** A file Snapvisor made: in its pool, or in a local legacy data directory. */
  owns(path: string | null | undefined): boolean {
    if (!path) return false;
    return path.startsWith(`${this.poolDir}/`) || (this.legacyRoot !== null && resolve(path).startsWith(this.legacyRoot + sep));
  }

  private inPool(path: string): boolean {
    return path.startsWith(`${this.poolDir}/`) && !path.slice(this.poolDir.length + 1).includes('/');
  }

  /** The path a volume of ours gets on the host, known before it is made (rows record it first). */
  pathOf(key: VolumeKey, ext: VolumeExtension): string {
    return `${this.poolDir}/${volumeName(key, ext)}`;
  }

  /** A thin 0600 qcow2 overlay on `backing` in the pool; returns its path on the host. */
  async overlay(spec: OverlaySpec): Promise<string> {
    const name = volumeName(spec, 'qcow2');
    return this.create(volumeXml({
      name, capacityBytes: spec.capacity ?? 0, format: 'qcow2',
      backing: { path: spec.backing.path, format: spec.backing.format === 'qcow2' ? 'qcow2' : 'raw' },
    }));
  }

  /** An empty 0600 file for a snapshot's memory image (libvirt writes into it). */
  async memoryFile(vmUuid: string, snapshotId: string): Promise<string> {
    return this.create(volumeXml({ name: volumeName({ vmUuid, role: 'mem', id: snapshotId }, 'save'), capacityBytes: 0, format: 'raw' }));
  }

  /**
   * The cloud-init seed image of a VM restored as new, as a 0600 raw file in the pool, its bytes
   * sent through libvirt's storage stream (to a remote host as to the local one).
   */
  async seed(vmUuid: string, chunks: readonly Buffer[]): Promise<string> {
    const length = chunks.reduce((n, c) => n + c.length, 0);
    const path = await this.create(volumeXml({ name: seedName(vmUuid), capacityBytes: length, format: 'raw' }));
    try {
      using vol = this.volume(path);
      using stream = this.connection.newStream();
      await vol.upload(stream, 0, length);
      for (const chunk of chunks) await stream.send(chunk);
      await stream.finish();
    } catch (e) {
      await this.remove(path).catch(() => undefined);
      throw toSnapvisorError(e);
    }
    return path;
  }

  /** An empty 0600 image of `capacity` bytes, for a tool that writes into it (`qemu-img convert -n`). */
  async blank(key: VolumeKey & { target: string }, format: ImageFormat, capacity: number): Promise<string> {
    return this.create(volumeXml({ name: volumeName(key, format === 'qcow2' ? 'qcow2' : 'raw'), capacityBytes: capacity, format }));
  }

  /**
   * A standalone copy of an image's content (its whole backing chain flattened) in the pool:
   * libvirt copies a volume (virStorageVolCreateXMLFrom), so the source is first given a
   * throw-away overlay in the pool, which also works for sources in no pool at all.
   */
  async copy(spec: CopySpec): Promise<string> {
    const via = await this.overlay({ vmUuid: spec.vmUuid, role: 'tmp', id: newId(), target: spec.target, backing: spec.source });
    try {
      return await this.copyVolume(via, this.pool, volumeName(spec, spec.format === 'qcow2' ? 'qcow2' : 'raw'), spec.format);
    } finally {
      await this.remove(via);
    }
  }

  /**
   * The same into `dir` on the host under `fileName` (a volume restored as new beside the VM's
   * disks): through the pool libvirt has for that directory, or a transient one made for it.
   */
  async copyInto(dir: string, fileName: string, source: { path: string; format: string }, format: ImageFormat, vmUuid: string, target: string): Promise<string> {
    const via = await this.overlay({ vmUuid, role: 'tmp', id: newId(), target, backing: source });
    try {
      return await this.inDirPool(dir, async (pool) => {
        if (holdsVolume(pool, fileName)) {
          throw new SnapvisorError('target_exists', { name: fileName });
        }
        return this.copyVolume(via, pool, fileName, format);
      });
    } finally {
      await this.remove(via);
    }
  }

  /**
   * Runs `f` with the (refreshed) pool libvirt has for directory `dir` on the host, or a
   * transient one made for it and stopped afterwards (the files in it stay).
   */
  private async inDirPool<T>(dir: string, f: (pool: StoragePool) => Promise<T>): Promise<T> {
    let own: StoragePool | null = null;
    let pool: StoragePool;
    try {
      pool = this.connection.lookupStoragePoolByTargetPath(dir);
    } catch (e) {
      if (!isNotFound(e, VIR_ERR.NO_STORAGE_POOL)) throw e;
      own = await this.connection.createDirStoragePool(`${this.pool.name()}-tmp-${process.pid}-${newId()}`, dir);
      pool = own;
    }
    try {
      await refreshPool(pool);
      return await f(pool);
    } finally {
      if (own) await own.destroy().catch(() => undefined);
      pool.close();
    }
  }

  /**
   * Transient pools this install made for a directory and left behind because the process that
   * made them died in between (killed mid-copy): named with that process's id, which no live
   * process on this machine has any more (one install is one database, on one machine). Stopped,
   * which makes a transient pool go; their files stay.
   */
  private async dropStaleTransientPools(): Promise<void> {
    const prefix = `${this.pool.name()}-tmp-`;
    using pools = ownAll(this.connection.listAllStoragePools());
    for (const p of pools) {
      const pid = /^(\d+)-[a-z0-9]+$/.exec(p.name().startsWith(prefix) ? p.name().slice(prefix.length) : '')?.[1];
      if (pid === undefined || processAlive(Number(pid)) || p.isPersistent()) continue;
      await p.destroy().catch(() => undefined);
    }
  }

  /**
   * Runs `f` with the volume of any file on the host (a VM's own disk in no pool included: its
   * directory gets a transient pool for the while), e.g. to read its bytes through a stream.
   */
  async withVolume<T>(path: string, f: (vol: StorageVolume, image: HostImage) => Promise<T>): Promise<T> {
    const run = async (vol: StorageVolume): Promise<T> => f(vol, toImage(vol.describe(), this.inPool(path)));
    // A stale transient pool over the file's directory would be taken for the host's own (and live on).
    if (!this.inPool(path)) await this.dropStaleTransientPools();
    const found = this.lookup(path) ?? (this.inPool(path) ? await this.refreshed(() => this.lookup(path)) : null);
    if (found) {
      using vol = found;
      return await run(vol); // awaited: `using` closes the handle when the scope ends
    }
    if (this.inPool(path)) throw new SnapvisorError('file_missing', { path });
    return this.inDirPool(posix.dirname(path), async () => {
      using vol = this.lookup(path);
      if (!vol) throw new SnapvisorError('file_missing', { path });
      return await run(vol);
    });
  }

  private async copyVolume(sourcePath: string, into: StoragePool, name: string, format: ImageFormat): Promise<string> {
    using source = this.volume(sourcePath);
    try {
      using vol = await into.cloneVolume(volumeXml({ name, capacityBytes: 0, format }), source);
      return vol.path();
    } catch (e) {
      throw toSnapvisorError(e);
    }
  }

  /** Removes a file Snapvisor made; returns false (and touches nothing) for any other file. */
  async remove(path: string | null | undefined): Promise<boolean> {
    if (!path || !this.owns(path)) return false;
    if (!this.inPool(path)) {
      rmSync(path, { force: true });
      return true;
    }
    using vol = this.lookup(path) ?? (await this.refreshed(() => this.lookup(path)));
    if (!vol) return true;
    try {
      await vol.delete();
    } catch (e) {
      if (!isNotFound(e, VIR_ERR.NO_STORAGE_VOL)) throw toSnapvisorError(e);
    }
    return true;
  }

  /** Removes each of `paths` that is ours; failures are left to the leak sweep. */
  async removeAll(paths: (string | null | undefined)[]): Promise<void> {
    for (const p of paths) await this.remove(p).catch(() => undefined);
  }

  /** Removes every file of a VM (a VM restored as new that is gone; a VM's leftovers). */
  async removeVm(vmUuid: string): Promise<string[]> {
    const removed: string[] = [];
    for (const img of await this.images(vmUuid)) {
      if (await this.remove(img.path)) removed.push(img.path);
    }
    return removed;
  }

  /** What libvirt knows of the file at `path` (any pool), or null when no pool holds it. */
  async image(path: string): Promise<HostImage | null> {
    using vol = this.lookup(path) ?? (this.inPool(path) ? await this.refreshed(() => this.lookup(path)) : null);
    if (!vol) return null;
    try {
      return toImage(vol.describe(), this.inPool(path));
    } catch (e) {
      if (isNotFound(e, VIR_ERR.NO_STORAGE_VOL)) return null;
      throw toSnapvisorError(e);
    }
  }

  /**
   * Whether a file being written (a memory snapshot's) has any bytes yet. On this machine the file
   * itself says (when this process can see it); else libvirt, asked off the JS thread, so it is
   * safe next to the long call on the same connection that writes the file (over SSH that call
   * can hold back calls from the JS thread). libvirt's answer can wait: on this machine
   * virStorageVolGetInfo on a memory file being written waited for the whole snapshot's end in
   * 3 of 15 tries beside two busy loops (libvirt 9.0), and a cancel that waits for it comes late.
   */
  async hasData(path: string): Promise<boolean> {
    if (isLocalUri(this.connection.uri())) {
      const size = await stat(path).then((st) => st.size, () => null);
      if (size !== null) return size > 0;
    }
    try {
      using vol = await this.connection.findStorageVolumeByPath(path);
      return (await vol.fetchInfo()).capacity > 0;
    } catch (e) {
      if (isNotFound(e, VIR_ERR.NO_STORAGE_VOL)) return false;
      throw toSnapvisorError(e);
    }
  }

  /**
   * Which of `paths` exist on the host: true/false for files in the pool (one rescan of it,
   * however many are asked about); for others true, or null (unknown) when no pool knows the path.
   */
  async presence(paths: Iterable<string>): Promise<Map<string, boolean | null>> {
    const out = new Map<string, boolean | null>();
    let names: Set<string> | null = null;
    for (const p of paths) {
      if (this.inPool(p)) {
        names ??= await this.volumeNames();
        out.set(p, names.has(p.slice(this.poolDir.length + 1)));
      } else {
        out.set(p, this.lookupAnyPool(p) ? true : null);
      }
    }
    return out;
  }

  private async volumeNames(): Promise<Set<string>> {
    await refreshPool(this.pool);
    using vols = ownAll(this.pool.listAllVolumes());
    return new Set(vols.map((v) => v.name()));
  }

  /** The volumes in Snapvisor's pool (rescanned), or only those of one VM. */
  async images(vmUuid?: string): Promise<HostImage[]> {
    await refreshPool(this.pool);
    using vols = ownAll(this.pool.listAllVolumes());
    const out: HostImage[] = [];
    for (const v of vols) {
      const name = v.name();
      if (vmUuid !== undefined && vmOfVolume(name) !== vmUuid.toLowerCase()) continue;
      try {
        out.push(toImage(v.describe(), true));
      } catch (e) {
        if (!isNotFound(e, VIR_ERR.NO_STORAGE_VOL)) throw e;
      }
    }
    return out;
  }

  /** Bytes Snapvisor's files take on the host for one VM. */
  async usage(vmUuid: string): Promise<number> {
    return (await this.images(vmUuid)).reduce((sum, i) => sum + i.allocation, 0);
  }

  /** Bytes per VM for every VM with files in the pool (one scan). */
  async usageByVm(): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    for (const i of await this.images()) if (i.vmUuid) out.set(i.vmUuid, (out.get(i.vmUuid) ?? 0) + i.allocation);
    return out;
  }

  /** Where a VM restored as new writes its serial console on the host (the host's virtlogd creates it). */
  consolePath(vmUuid: string): string {
    return `${this.poolDir}/${consoleName(vmUuid)}`;
  }

  private async create(xml: string): Promise<string> {
    try {
      using vol = await this.pool.createVolumeXml(xml);
      return vol.path();
    } catch (e) {
      throw toSnapvisorError(e);
    }
  }

  private volume(path: string): StorageVolume {
    const v = this.lookup(path);
    if (!v) throw new SnapvisorError('disk_not_found', { path });
    return v;
  }

  private lookup(path: string): StorageVolume | null {
    try {
      return this.connection.lookupStorageVolumeByPath(path);
    } catch (e) {
      if (isNotFound(e, VIR_ERR.NO_STORAGE_VOL)) return null;
      throw toSnapvisorError(e);
    }
  }

  private lookupAnyPool(path: string): boolean {
    using v = this.lookup(path);
    return v !== null;
  }

  /** libvirt learns of files QEMU or virtlogd made (console logs) only on a rescan. */
  private async refreshed<T>(f: () => T): Promise<T> {
    await refreshPool(this.pool);
    return f();
  }
}
