// A libvirt storage pool: identity, state, XML, start/stop/refresh, and its volumes.
import { callAsync, fn, koffi, takePointerArray, type Ptr } from './lib';
import { checkAsync } from './errors';
import { ConnectionObject, type ConnectionRef } from './handle';
import { StorageVolume } from './storage-volume';
import { VIR_STORAGE_POOL_STATE } from './constants';
import { parseStoragePoolXml, volumeXml, type StoragePoolDescription, type VolumeSpec } from './xml/storage';

koffi.struct('virStoragePoolInfo', {
  state: 'int',
  capacity: 'unsigned long long',
  allocation: 'unsigned long long',
  available: 'unsigned long long',
});

const virStoragePoolFree = fn('int virStoragePoolFree(virStoragePool *pool)');
const virStoragePoolGetName = fn('const char *virStoragePoolGetName(virStoragePool *pool)');
const virStoragePoolGetUUIDString = fn('int virStoragePoolGetUUIDString(virStoragePool *pool, _Out_ char *buf)');
const virStoragePoolGetInfo = fn('int virStoragePoolGetInfo(virStoragePool *pool, _Out_ virStoragePoolInfo *info)');
const virStoragePoolGetXMLDesc = fn('char *! virStoragePoolGetXMLDesc(virStoragePool *pool, unsigned int flags)');
const virStoragePoolIsActive = fn('int virStoragePoolIsActive(virStoragePool *pool)');
const virStoragePoolIsPersistent = fn('int virStoragePoolIsPersistent(virStoragePool *pool)');
const virStoragePoolGetAutostart = fn('int virStoragePoolGetAutostart(virStoragePool *pool, _Out_ int *autostart)');
const virStoragePoolCreate = fn('int virStoragePoolCreate(virStoragePool *pool, unsigned int flags)');
const virStoragePoolBuild = fn('int virStoragePoolBuild(virStoragePool *pool, unsigned int flags)');
const virStoragePoolDestroy = fn('int virStoragePoolDestroy(virStoragePool *pool)');
const virStoragePoolUndefine = fn('int virStoragePoolUndefine(virStoragePool *pool)');
const virStoragePoolDelete = fn('int virStoragePoolDelete(virStoragePool *pool, unsigned int flags)');
const virStoragePoolSetAutostart = fn('int virStoragePoolSetAutostart(virStoragePool *pool, int autostart)');
const virStoragePoolRefresh = fn('int virStoragePoolRefresh(virStoragePool *pool, unsigned int flags)');
const virStoragePoolListAllVolumes = fn('int virStoragePoolListAllVolumes(virStoragePool *pool, _Out_ void **vols, unsigned int flags)');
const virStorageVolLookupByName = fn('virStorageVol *virStorageVolLookupByName(virStoragePool *pool, const char *name)');
const virStorageVolCreateXML = fn('virStorageVol *virStorageVolCreateXML(virStoragePool *pool, const char *xml, unsigned int flags)');
const virStorageVolCreateXMLFrom = fn('virStorageVol *virStorageVolCreateXMLFrom(virStoragePool *pool, const char *xml, virStorageVol *clonevol, unsigned int flags)');

export type StoragePoolStateName = 'inactive' | 'building' | 'running' | 'degraded' | 'inaccessible';

const poolStates = new Map<number, StoragePoolStateName>(
  Object.entries(VIR_STORAGE_POOL_STATE).map(([k, v]): [number, StoragePoolStateName] => [v, k.toLowerCase() as StoragePoolStateName]),
);

export interface StoragePoolInfo {
  state: StoragePoolStateName;
  capacity: number;
  allocation: number;
  available: number;
}

export class StoragePool extends ConnectionObject {
  /** Takes ownership of a pool pointer libvirt handed out. */
  static wrap(ptr: Ptr, connection: ConnectionRef): StoragePool {
    return new StoragePool(ptr, virStoragePoolFree, connection);
  }

  name(): string {
    return this.call('virStoragePoolGetName', virStoragePoolGetName(this.ptr) as string | null);
  }

  uuid(): string {
    return this.uuidVia('virStoragePoolGetUUIDString', virStoragePoolGetUUIDString);
  }

  info(): StoragePoolInfo {
    const out: Record<string, number | bigint> = {};
    this.call('virStoragePoolGetInfo', virStoragePoolGetInfo(this.ptr, out) as number);
    return {
      state: poolStates.get(Number(out.state)) ?? 'inactive',
      capacity: Number(out.capacity),
      allocation: Number(out.allocation),
      available: Number(out.available),
    };
  }

  xml(flags = 0): string {
    return this.call('virStoragePoolGetXMLDesc', virStoragePoolGetXMLDesc(this.ptr, flags) as string | null);
  }

  describe(flags = 0): StoragePoolDescription {
    return parseStoragePoolXml(this.xml(flags));
  }

  isActive(): boolean {
    return this.call('virStoragePoolIsActive', virStoragePoolIsActive(this.ptr) as number) === 1;
  }

  isPersistent(): boolean {
    return this.call('virStoragePoolIsPersistent', virStoragePoolIsPersistent(this.ptr) as number) === 1;
  }

  autostart(): boolean {
    const out = [0];
    this.call('virStoragePoolGetAutostart', virStoragePoolGetAutostart(this.ptr, out) as number);
    return out[0] === 1;
  }

  /** Starts a defined pool (VIR_STORAGE_POOL_CREATE_* flags). */
  async start(flags = 0): Promise<void> {
    await this.callAsync(`virStoragePoolCreate ${this.name()}`, virStoragePoolCreate, flags);
  }

  /** Builds the pool's underlying storage (e.g. creates the directory). */
  async build(flags = 0): Promise<void> {
    await this.callAsync(`virStoragePoolBuild ${this.name()}`, virStoragePoolBuild, flags);
  }

  /** Stops the pool; a transient pool is gone after this (data stays on disk). */
  async destroy(): Promise<void> {
    await this.callAsync(`virStoragePoolDestroy ${this.name()}`, virStoragePoolDestroy);
  }

  undefine(): void {
    this.call(`virStoragePoolUndefine ${this.name()}`, virStoragePoolUndefine(this.ptr) as number);
  }

  /** Removes the (stopped) pool's underlying storage, e.g. its empty directory. */
  async deleteStorage(flags = 0): Promise<void> {
    await this.callAsync(`virStoragePoolDelete ${this.name()}`, virStoragePoolDelete, flags);
  }

  setAutostart(on: boolean): void {
    this.call(`virStoragePoolSetAutostart ${this.name()}`, virStoragePoolSetAutostart(this.ptr, on ? 1 : 0) as number);
  }

  /** Rescans the pool's volumes (after files changed behind libvirt's back). */
  async refresh(): Promise<void> {
    await this.callAsync(`virStoragePoolRefresh ${this.name()}`, virStoragePoolRefresh, 0);
  }

  listAllVolumes(): StorageVolume[] {
    const out: unknown[] = [null];
    const n = this.call('virStoragePoolListAllVolumes', virStoragePoolListAllVolumes(this.ptr, out, 0) as number);
    return takePointerArray(out[0], n, 'virStorageVol *', (p) => StorageVolume.wrap(p, this.connection));
  }

  lookupVolume(name: string): StorageVolume {
    const p = virStorageVolLookupByName(this.ptr, name) as Ptr | null;
    return StorageVolume.wrap(this.call(`virStorageVolLookupByName ${name}`, p), this.connection);
  }

  /** Creates a volume from XML off the JS thread (VIR_STORAGE_VOL_CREATE_* flags). */
  async createVolumeXml(xml: string, flags = 0): Promise<StorageVolume> {
    const p = await callAsync<Ptr | null>(virStorageVolCreateXML, this.ptr, xml, flags);
    return StorageVolume.wrap(checkAsync('virStorageVolCreateXML', this.connection.ptr, p), this.connection);
  }

  /** Creates a volume from a typed spec: a thin qcow2 overlay when `backing` is given. */
  createVolume(spec: VolumeSpec, flags = 0): Promise<StorageVolume> {
    return this.createVolumeXml(volumeXml(spec), flags);
  }

  /** Creates a volume as a full copy of `source` (any pool on this connection) off the JS thread. */
  async cloneVolume(xml: string, source: StorageVolume, flags = 0): Promise<StorageVolume> {
    const p = await callAsync<Ptr | null>(virStorageVolCreateXMLFrom, this.ptr, xml, source.ptr, flags);
    return StorageVolume.wrap(checkAsync('virStorageVolCreateXMLFrom', this.connection.ptr, p), this.connection);
  }
}
