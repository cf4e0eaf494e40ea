// A libvirt storage volume: identity, sizes, XML, upload, delete, wipe, resize.
import { fn, koffi, type Ptr } from './lib';
import { ConnectionObject, type ConnectionRef } from './handle';
import { VIR_STORAGE_VOL_TYPE, VIR_STORAGE_VOL_WIPE_ALG } from './constants';
import { parseStorageVolumeXml, type StorageVolumeDescription } from './xml/storage';
import { Stream } from './stream';

koffi.struct('virStorageVolInfo', {
  type: 'int',
  capacity: 'unsigned long long',
  allocation: 'unsigned long long',
});

const virStorageVolFree = fn('int virStorageVolFree(virStorageVol *vol)');
const virStorageVolGetName = fn('const char *virStorageVolGetName(virStorageVol *vol)');
const virStorageVolGetKey = fn('const char *virStorageVolGetKey(virStorageVol *vol)');
const virStorageVolGetPath = fn('char *! virStorageVolGetPath(virStorageVol *vol)');
const virStorageVolGetInfo = fn('int virStorageVolGetInfo(virStorageVol *vol, _Out_ virStorageVolInfo *info)');
const virStorageVolGetInfoFlags = fn('int virStorageVolGetInfoFlags(virStorageVol *vol, _Out_ virStorageVolInfo *info, unsigned int flags)');
const virStorageVolGetXMLDesc = fn('char *! virStorageVolGetXMLDesc(virStorageVol *vol, unsigned int flags)');
const virStorageVolUpload = fn('int virStorageVolUpload(virStorageVol *vol, virStream *stream, unsigned long long offset, unsigned long long length, unsigned int flags)');
const virStorageVolDelete = fn('int virStorageVolDelete(virStorageVol *vol, unsigned int flags)');
const virStorageVolWipePattern = fn('int virStorageVolWipePattern(virStorageVol *vol, unsigned int algorithm, unsigned int flags)');
const virStorageVolResize = fn('int virStorageVolResize(virStorageVol *vol, unsigned long long capacity, unsigned int flags)');

export type StorageVolumeType = 'file' | 'block' | 'dir' | 'network' | 'netdir' | 'ploop';

const volTypes = new Map<number, StorageVolumeType>(
  Object.entries(VIR_STORAGE_VOL_TYPE).map(([k, v]): [number, StorageVolumeType] => [v, k.toLowerCase() as StorageVolumeType]),
);

export interface StorageVolumeInfo {
  type: StorageVolumeType;
  /** Virtual size in bytes. */
  capacity: number;
  /** Bytes in use on the host (or, with VIR_STORAGE_VOL_GET_PHYSICAL, the file's physical size). */
  allocation: number;
}

export class StorageVolume extends ConnectionObject {
  /** Takes ownership of a volume pointer libvirt handed out. */
  static wrap(ptr: Ptr, connection: ConnectionRef): StorageVolume {
    return new StorageVolume(ptr, virStorageVolFree, connection);
  }

  name(): string {
    return this.call('virStorageVolGetName', virStorageVolGetName(this.ptr) as string | null);
  }

  /** The volume's unique key (for files: the path). */
  key(): string {
    return this.call('virStorageVolGetKey', virStorageVolGetKey(this.ptr) as string | null);
  }

  path(): string {
    return this.call('virStorageVolGetPath', virStorageVolGetPath(this.ptr) as string | null);
  }

  /** Sizes; `flags` VIR_STORAGE_VOL_GET_PHYSICAL reports the file's size as allocation. */
  info(flags = 0): StorageVolumeInfo {
    const out: Record<string, number | bigint> = {};
    // Without flags, the older call: every driver has it (the test driver lacks the Flags one).
    if (flags === 0) this.call('virStorageVolGetInfo', virStorageVolGetInfo(this.ptr, out) as number);
    else this.call('virStorageVolGetInfoFlags', virStorageVolGetInfoFlags(this.ptr, out, flags) as number);
    return { type: volTypes.get(Number(out.type)) ?? 'file', capacity: Number(out.capacity), allocation: Number(out.allocation) };
  }

  /** info() off the JS thread (see Connection.findStorageVolumeByPath for why that matters). */
  async fetchInfo(): Promise<StorageVolumeInfo> {
    const out: Record<string, number | bigint> = {};
    await this.callAsync('virStorageVolGetInfo', virStorageVolGetInfo, out);
    return { type: volTypes.get(Number(out.type)) ?? 'file', capacity: Number(out.capacity), allocation: Number(out.allocation) };
  }

  xml(flags = 0): string {
    return this.call('virStorageVolGetXMLDesc', virStorageVolGetXMLDesc(this.ptr, flags) as string | null);
  }

  describe(): StorageVolumeDescription {
    return parseStorageVolumeXml(this.xml());
  }

  /**
   * Writes `chunks` into the volume from byte 0 through a libvirt stream (the host may be remote:
   * the bytes travel over the connection), `length` bytes in all; returns the bytes sent.
   */
  async upload(chunks: Iterable<Uint8Array> | AsyncIterable<Uint8Array>, length: number): Promise<number> {
    using stream = Stream.create(this.connection.ptr);
    await this.callAsync(`virStorageVolUpload ${this.name()}`, virStorageVolUpload, stream.ptr, 0n, BigInt(length), 0);
    return await stream.sendAll(chunks);
  }

  /** Deletes the volume's data off the JS thread (VIR_STORAGE_VOL_DELETE_* flags); close() the handle after. */
  async delete(flags = 0): Promise<void> {
    await this.callAsync(`virStorageVolDelete ${this.name()}`, virStorageVolDelete, flags);
  }

  /** Overwrites the volume's data off the JS thread (VIR_STORAGE_VOL_WIPE_ALG_*). */
  async wipe(algorithm: number = VIR_STORAGE_VOL_WIPE_ALG.ZERO): Promise<void> {
    await this.callAsync(`virStorageVolWipePattern ${this.name()}`, virStorageVolWipePattern, algorithm, 0);
  }

  /** Changes the capacity off the JS thread (VIR_STORAGE_VOL_RESIZE_* flags). */
  async resize(capacityBytes: number, flags = 0): Promise<void> {
    await this.callAsync(`virStorageVolResize ${this.name()}`, virStorageVolResize, BigInt(capacityBytes), flags);
  }
}
