// Where a volume's bytes are read from, for a copy, an export or a verify: through libvirt's
// sparse download stream (virStorageVolDownload), or, when the connection's host is this very
// machine, from the file itself. The stream costs the daemon a copy of every byte through its
// iohelper and its socket, and this process one more out of it: on a two-core host the stream's
// CPU was more than half an export's time (bench exports: `virsh vol-download` alone takes twice
// `cp`). Reading the file gives the same bytes without those copies.
//
// The file is read only when it is certainly the volume's: the URI names no host and no other
// transport than the unix socket, this process may open the path, and the opened file's size,
// mtime and ctime (to the nanosecond) are the ones libvirt reports for the volume. A daemon in
// another mount namespace, a path that names another file here, a file this user may not read:
// each falls back to the stream, which needs nothing on the host but libvirt. The file's holes
// are found as libvirt finds them (SEEK_DATA/SEEK_HOLE) and pass as holes without being read;
// runs of zeros in its data pass as holes too, so a target stays sparse.
import { closeSync, fstatSync, openSync, type BigIntStats } from 'node:fs';
import {
  LibvirtError, VIR_ERR, VIR_STORAGE_VOL_DOWNLOAD, isLocalUri, nextDataRun, type Connection, type StorageVolume, type StorageVolumeDescription, type Stream,
} from '../../../native';
import { SnapvisorError } from '../../../shared/errors';
import { BufferPool } from '../core/buffer-pool';
import { FLUSH_EVERY, OpenFile } from '../core/open-file';
import { toSnapvisorError } from '../hosts/libvirt-errors';

/** A stretch of a file: data, or the length of a hole (bytes that read as zeros). */
export type Piece = { data: Buffer } | { hole: number };

/**
 * Bytes asked of one receive (a daemon sends at most 256 KiB of a stream per message), and the
 * grain at which zeros become holes.
 */
export const CHUNK = 256 * 1024;
/**
 * Bytes of a file read at once, and at most in one piece: 800 MiB went in 0.66–0.77 s in sends
 * of 1 MiB against 0.86–0.95 s in sends of 256 KiB (each send is a round trip through libuv's
 * thread pool). libvirt's own client sends 256 KiB, the limit of daemons from before libvirt enlarged
 * its messages; daemons since take 16 MiB, current ones 32 MiB (VIR_NET_MESSAGE_MAX).
 */
export const READ = 4 * CHUNK;
const ZEROS = Buffer.alloc(CHUNK);

/**
 * `buf` as pieces: each CHUNK-sized stretch of zeros a hole, the rest data; neighbours of a kind
 * joined (data as views of `buf`, not copies).
 */
export function sparseSplit(buf: Buffer): Piece[] {
  const out: Piece[] = [];
  for (let at = 0; at < buf.length; at += CHUNK) {
    const part = buf.subarray(at, Math.min(buf.length, at + CHUNK));
    const last = out.at(-1);
    if (part.equals(ZEROS.subarray(0, part.length))) {
      if (last && 'hole' in last) last.hole += part.length;
      else out.push({ hole: part.length });
    } else if (last && 'data' in last) {
      out[out.length - 1] = { data: buf.subarray(at - last.data.length, at + part.length) };
    } else {
      out.push({ data: part });
    }
  }
  return out;
}

export interface VolumeSource extends Disposable {
  /** How the bytes are read: 'file' on this machine, or libvirt's 'stream'. */
  readonly via: 'file' | 'stream';
  /**
   * The file's pieces in order, each data piece a buffer from the source's pool, at most READ
   * bytes from a stream and at most a buffer from a file (the consumer may keep it, or give it
   * back with release() once done with its bytes); ends after the last one (a stream is finished
   * then).
   */
  pieces(): AsyncGenerator<Piece>;
  /** A data piece's bytes are no longer needed: the source may read into them again. */
  release(data: Buffer): void;
  /** Stops a read that will not go to its end; harmless after the end. */
  abort(): void;
}

/**
 * Buffers for the pieces of volume sources; several sources may share one (an export's files).
 * A file is read a buffer at a time: one larger than READ means fewer, larger pieces.
 */
export const sourceBuffers = (size = READ): BufferPool => new BufferPool(size);

/** A failure to open a volume stream: the driver has none (volume_streams_unavailable) or libvirt failed. */
export function streamsError(e: unknown, conn: Connection): SnapvisorError {
  if (e instanceof LibvirtError && e.code === VIR_ERR.NO_SUPPORT) return new SnapvisorError('volume_streams_unavailable', { uri: conn.uri() });
  return toSnapvisorError(e);
}

/** The volume's bytes, from its file when this machine holds it, else through a sparse download stream. */
export async function openVolumeSource(conn: Connection, vol: StorageVolume, length: number, pool = sourceBuffers()): Promise<VolumeSource> {
  return localSource(conn, vol, length, pool) ?? openVolumeStream(conn, vol, pool);
}

/** The volume's bytes through a sparse download stream, wherever the host is. */
export async function openVolumeStream(conn: Connection, vol: StorageVolume, pool = sourceBuffers()): Promise<VolumeSource> {
  const down = conn.newStream();
  try {
    await vol.download(down, 0, 0, VIR_STORAGE_VOL_DOWNLOAD.SPARSE_STREAM);
  } catch (e) {
    down.close();
    throw streamsError(e, conn);
  }
  return {
    via: 'stream',
    pieces: () => streamPieces(down, pool),
    release: (data) => pool.release(data),
    abort: () => down.abort(),
    [Symbol.dispose]: () => down.close(),
  };
}

/**
 * A sparse download's pieces: its messages (256 KiB at most) received one after another into a
 * buffer of READ bytes, given on as one piece when it is full or a hole or the end comes, so an
 * upload of them goes in sends of READ bytes too.
 */
async function* streamPieces(down: Stream, pool: BufferPool): AsyncGenerator<Piece> {
  let buf = pool.take();
  let filled = 0;
  for (;;) {
    const n = await down.recv(buf.subarray(filled, Math.min(READ, filled + CHUNK)), true);
    if (typeof n === 'number' && n > 0) filled += n;
    if (filled > 0 && (filled === READ || typeof n !== 'number' || n === 0)) {
      pool.lend(buf, 1);
      yield { data: buf.subarray(0, filled) };
      buf = pool.take();
      filled = 0;
    }
    if (n === 0) break;
    if (n === 'hole') yield { hole: await down.recvHole() };
  }
  await down.finish();
}

/** libvirt's timestamp ("1796436605.919154442", or whole seconds) in nanoseconds. */
export function timestampNs(s: string | undefined): bigint | null {
  const m = s === undefined ? null : /^(\d+)(?:\.(\d{1,9}))?$/.exec(s);
  return m ? BigInt(m[1]!) * 1_000_000_000n + BigInt((m[2] ?? '').padEnd(9, '0')) : null;
}

/** What libvirt says of a volume's file, and what this machine finds at its path. */
export type Described = Pick<StorageVolumeDescription, 'type' | 'mtime' | 'ctime'>;
export type Found = Pick<BigIntStats, 'size' | 'mtimeNs' | 'ctimeNs'> & { isFile(): boolean };

/** Whether the file found here is the volume libvirt describes, `length` bytes long (see the header). */
export function isSameFile(d: Described, st: Found, length: number): boolean {
  const mtime = timestampNs(d.mtime);
  const ctime = timestampNs(d.ctime);
  return d.type === 'file' && mtime !== null && ctime !== null && st.isFile()
    && st.size === BigInt(length) && st.mtimeNs === mtime && st.ctimeNs === ctime;
}

/**
 * The volume's file opened here, to read it or to write it (flushing as it goes), when it is the
 * one libvirt describes, `length` bytes long (see the header); else null.
 */
export function openVolumeFile(conn: Connection, vol: StorageVolume, mode: 'read' | 'write', length: number): OpenFile | null {
  if (!isLocalUri(conn.uri())) return null;
  const d = vol.describe();
  if (d.path === undefined) return null;
  let fd: number;
  try {
    fd = openSync(d.path, mode === 'read' ? 'r' : 'r+');
  } catch {
    return null;
  }
  if (!isSameFile(d, fstatSync(fd, { bigint: true }), length)) {
    closeSync(fd);
    return null;
  }
  return mode === 'read' ? new OpenFile(fd) : new OpenFile(fd, FLUSH_EVERY);
}

/** The volume's file opened here, when it is the one libvirt describes; else null. */
function localSource(conn: Connection, vol: StorageVolume, length: number, pool: BufferPool): VolumeSource | null {
  const file = openVolumeFile(conn, vol, 'read', length);
  return file && new FileSource(file, length, pool);
}

/** A file read piece by piece. */
class FileSource implements VolumeSource {
  readonly via = 'file';

  constructor(private readonly file: OpenFile, private readonly length: number, private readonly pool: BufferPool) {}

  /** The file's holes (as the file system knows them) as holes; its data read, its zero runs holes too. */
  async *pieces(): AsyncGenerator<Piece> {
    for (let at = 0; at < this.length;) {
      if (!this.file.isOpen) throw new SnapvisorError('job_cancelled', {});
      const run = nextDataRun(this.file.fd, at);
      const start = Math.min(run?.start ?? this.length, this.length);
      if (start > at) {
        yield { hole: start - at };
        at = start;
      }
      for (const end = Math.min(run?.end ?? this.length, this.length); at < end;) {
        if (!this.file.isOpen) throw new SnapvisorError('job_cancelled', {});
        const buf = this.pool.take();
        const bytesRead = await this.file.read(buf, Math.min(buf.length, end - at), at);
        if (bytesRead === 0) throw new SnapvisorError('transfer_mismatch', { detail: `the file ended at ${at} of ${this.length} bytes` });
        const pieces = sparseSplit(buf.subarray(0, bytesRead));
        this.pool.lend(buf, pieces.filter((p) => 'data' in p).length);
        yield* pieces;
        at += bytesRead;
      }
    }
  }

  release(data: Buffer): void {
    this.pool.release(data);
  }

  abort(): void {
    void this.file.close();
  }

  [Symbol.dispose](): void {
    this.abort();
  }
}
