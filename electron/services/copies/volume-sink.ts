// Where a new volume's bytes are written, for a copy or an import: through libvirt's sparse
// upload stream (virStorageVolUpload), or, when the connection's host is this very machine, into
// the volume's file itself. The stream costs the daemon three copies of every byte (its socket,
// its iohelper's pipe, the file) and this process one more into the socket: on a two-core host an
// import through it took twice `virsh vol-upload`'s time, as the daemon's upload and our SHA-256
// took the same cores (bench exports). Written here, the bytes go once, from the reader's buffer
// to the file.
//
// The volume is always made by libvirt (its pool, owner and mode), and its file is written only
// when it is certainly that volume's, by the same test as a read (volume-source.ts): a local URI,
// a file this process may write, and the size and times libvirt reports for it. Anything else
// (another host, a daemon in another mount namespace, a desktop user who may not write root's
// pool) goes through the stream, which needs nothing on the host but libvirt. Holes are left
// unwritten (the file starts empty); the file flushes as it goes and is synced when finished (an
// import that says it is done is on disk; libvirt's iohelper does not sync an upload); the pool
// is then rescanned, as libvirt rescans it after an upload, so that libvirt knows the file's
// format and backing as it does an uploaded one's.
import { VIR_STORAGE_VOL_UPLOAD, type Connection, type StoragePool, type StorageVolume, type Stream } from '../../../native';
import type { OpenFile } from '../core/open-file';
import { refreshPool } from '../files/pool';
import { openVolumeFile, streamsError } from './volume-source';

/** Where a new volume's bytes go, in order: data, holes, then finish() (or abort()). */
export interface VolumeSink extends Disposable {
  /** How the bytes are written: 'file' on this machine, or libvirt's 'stream'. */
  readonly via: 'file' | 'stream';
  send(data: Buffer): Promise<void>;
  sendHole(length: number): Promise<void>;
  /** Everything arrived (on disk, for a file). */
  finish(): Promise<void>;
  /** Gives up a write that will not go to its end; harmless after finish(). */
  abort(): void;
}

/** A sink for the new, empty volume `vol` of `pool`: its file when this machine holds it, else an upload stream. */
export async function openVolumeSink(conn: Connection, pool: StoragePool, vol: StorageVolume): Promise<VolumeSink> {
  const file = openVolumeFile(conn, vol, 'write', 0);
  return file ? new FileSink(file, pool) : openUploadStream(conn, vol);
}

/** A sink through libvirt's sparse upload stream, wherever the host is. */
export async function openUploadStream(conn: Connection, vol: StorageVolume): Promise<VolumeSink> {
  const up = conn.newStream();
  try {
    await vol.upload(up, 0, 0, VIR_STORAGE_VOL_UPLOAD.SPARSE_STREAM);
  } catch (e) {
    up.close();
    throw streamsError(e, conn);
  }
  return streamSink(up);
}

function streamSink(up: Stream): VolumeSink {
  return {
    via: 'stream',
    send: (data) => up.send(data),
    sendHole: (length) => up.sendHole(length),
    finish: () => up.finish(),
    abort: () => up.abort(),
    [Symbol.dispose]: () => up.close(),
  };
}

/** The volume's file written in place: data where it goes, holes skipped. */
class FileSink implements VolumeSink {
  readonly via = 'file';
  private position = 0;

  constructor(private readonly file: OpenFile, private readonly pool: StoragePool) {}

  async send(data: Buffer): Promise<void> {
    await this.file.write([data], this.position);
    this.position += data.length;
  }

  async sendHole(length: number): Promise<void> {
    this.position += length;
  }

  async finish(): Promise<void> {
    await this.file.truncate(this.position);
    await this.file.sync();
    await this.file.close();
    await refreshPool(this.pool);
  }

  abort(): void {
    void this.file.close();
  }

  [Symbol.dispose](): void {
    this.abort();
  }
}
