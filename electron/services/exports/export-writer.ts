// Writes an export file (format.ts) from files on a libvirt host, in one pass over each file:
// every file is read once, through libvirt's storage stream (virStorageVolDownload, so a remote
// host needs nothing but libvirt; from the file itself on this machine: volume-source.ts), and goes into the tar as it arrives, its SHA-256 computed on
// the way (on a thread of its own: core/sha256.ts); holes become the zeros they read as (a tar has no holes); a qcow2 layer's backing name
// is rewritten to the file name of the image below it in the archive (as copies do,
// docs/copies.md), so the extracted files form valid chains as they are.
//
// The manifest comes first and holds every file's size and SHA-256 (issue 17), yet the hashes
// are known only once the files have passed: the manifest is written first with each hash as 64
// zeros (the sizes come from libvirt beforehand), and once the last file is in, its bytes are
// overwritten in place with the real hashes: the same length, so no other byte of the archive
// moves, and a tar header covers no data with its checksum. That needs a seekable output, which
// the file is: it is written under a temporary name and appears under its own only complete
// (output-file.ts). docs/export-format.md weighs this against the other placements.
import { once } from 'node:events';
import { pipeline } from 'node:stream/promises';
import tar from 'tar-stream';
import { type Connection, type StorageVolume } from '../../../native';
import { SnapvisorError } from '../../../shared/errors';
import { toSnapvisorError } from '../hosts/libvirt-errors';
import { backingRewrite } from '../copies/qcow2-backing';
import { fileLength, pipePieces, zerosOf } from '../copies/relay';
import { READ, openVolumeSource, sourceBuffers } from '../copies/volume-source';
import type { BufferPool } from '../core/buffer-pool';
import { Sha256 } from '../core/sha256';
import {
  FORMAT_VERSION, MANIFEST_MAX_BYTES, MANIFEST_NAME, SHA256_PLACEHOLDER, fileNameOf, serializeManifest,
  type ExportFile, type ExportManifest,
} from './format';
import { createOutput, writeFailure } from './output-file';

/** The bytes a tar header takes before the first entry's data (manifest.json needs no pax header). */
const FIRST_DATA_OFFSET = 512;
/**
 * Bytes of a file read (and hashed, and written) at once when the file is read here: a quarter as
 * many round trips through libuv's thread pool as in pieces of READ, and each SHA-256 call longer
 * (800 MiB: 0.52–0.60 s instead of 0.58–0.69 s, bench exports). A stream's pieces stay READ.
 */
const FILE_READ = 4 * READ;
/** Pieces in the hash's queue at most (of FILE_READ bytes): the reads and writes run ahead of it by as many. */
const HASH_AHEAD = 4;
/** Entries are private to whoever extracts them, as the files are in Snapvisor's pool. */
const ENTRY_MODE = 0o600;

/** A file to export; `sourcePath` is the file on the source host, a path libvirt reaches as a volume. */
export type ExportFileSource = Omit<ExportFile, 'size' | 'sha256'>;

export interface ExportPlan {
  /** Everything the manifest says but the files' sizes and hashes. */
  manifest: Omit<ExportManifest, 'formatVersion' | 'files'>;
  /** In archive order: an image after the image it backs onto. */
  files: ExportFileSource[];
}

/** How the writer reaches the source host's files (HostFiles does). */
export interface ExportVolumes {
  readonly connection: Connection;
  withVolume<T>(path: string, f: (vol: StorageVolume) => Promise<T>): Promise<T>;
}

export interface ExportProgress {
  /** The archive path of the file being written. */
  path: string;
  /** Bytes of all files written so far, and of all files together. */
  done: number;
  total: number;
}

export interface ExportOptions {
  onProgress?: (p: ExportProgress) => void;
  /** Aborting it stops the export (job_cancelled); no file is left. */
  signal?: AbortSignal;
}

interface Sink {
  /** Writes into the current entry, waiting while the output lags. */
  write(buf: Buffer): Promise<void>;
}

/** Streams one file from its volume into `sink` (its tar entry); returns its SHA-256. */
async function streamFile(conn: Connection, vol: StorageVolume, f: ExportFile, sink: Sink, pool: BufferPool, signal: AbortSignal | undefined, progress: (n: number) => void): Promise<string> {
  using from = await openVolumeSource(conn, vol, f.size, pool);
  using hash = new Sha256();
  let position = 0;
  const put = async (buf: Buffer): Promise<void> => {
    if (position + buf.length > f.size) throw new SnapvisorError('transfer_mismatch', { path: vol.path(), detail: `longer than ${f.size} bytes` });
    position += buf.length;
    // The hash and the archive both only read the piece, so they take it at once, and each gives
    // it back to the pool when done (the archive once written). The hash is the export's longest
    // stage (docs/export-format.md): the pieces after it are read and written meanwhile, and wait
    // for it only when HASH_AHEAD of them are in its queue, so its thread always has the next one.
    pool.share(buf);
    void hash.update(buf, () => pool.release(buf));
    await sink.write(buf);
    progress(buf.length);
    await hash.caughtUp(HASH_AHEAD - 1);
  };
  const rewriteHead = f.backing !== null ? backingRewrite(fileNameOf(f.backing)) : undefined;
  try {
    await pipePieces(from, async (p) => {
      if ('data' in p) await put(p.data);
      else for (const zeros of zerosOf(p.hole)) await put(zeros);
    }, { rewriteHead, signal, cancelled: () => new SnapvisorError('job_cancelled', {}) });
  } catch (e) {
    from.abort();
    await hash.caughtUp(0).catch(() => undefined);
    throw e instanceof SnapvisorError ? e : toSnapvisorError(e);
  }
  if (position !== f.size) throw new SnapvisorError('transfer_mismatch', { path: vol.path(), detail: `${position} of ${f.size} bytes` });
  return hash.digest();
}

/**
 * Writes `plan` as an export file at `output` (which must not exist). The file appears only when
 * complete; a failure or a cancel leaves nothing. Returns the manifest written.
 */
export async function writeExport(output: string, plan: ExportPlan, volumes: ExportVolumes, opts: ExportOptions = {}): Promise<ExportManifest> {
  const { signal } = opts;
  if (signal?.aborted) throw new SnapvisorError('job_cancelled', {});
  const files: ExportFile[] = [];
  for (const f of plan.files) {
    const size = await volumes.withVolume(f.sourcePath, async (vol) => fileLength(vol));
    files.push({ path: f.path, size, sha256: SHA256_PLACEHOLDER, kind: f.kind, format: f.format, backing: f.backing, sourcePath: f.sourcePath });
  }
  const draft: ExportManifest = { formatVersion: FORMAT_VERSION, ...plan.manifest, files };
  const draftBytes = serializeManifest(draft);
  if (draftBytes.length > MANIFEST_MAX_BYTES) throw new SnapvisorError('export_manifest_invalid', { detail: `${draftBytes.length} bytes` });
  const total = files.reduce((n, f) => n + f.size, 0);
  const mtime = new Date(plan.manifest.createdAt);
  if (Number.isNaN(mtime.getTime())) throw new SnapvisorError('export_manifest_invalid', { detail: `createdAt ${plan.manifest.createdAt}` });

  const pool = sourceBuffers(FILE_READ);
  const out = await createOutput(output, (chunk) => pool.release(chunk));
  const pack = tar.pack();
  const written = pipeline(pack, out.stream);
  written.catch(() => undefined); // awaited below; until then a failure shows through the writes
  try {
    pack.entry({ name: MANIFEST_NAME, size: draftBytes.length, mode: ENTRY_MODE, mtime, type: 'file' }, draftBytes);
    let done = 0;
    for (const f of files) {
      let settle!: (err?: Error | null) => void;
      const ended = new Promise<void>((resolve, reject) => { settle = (err) => (err ? reject(err) : resolve()); });
      ended.catch(() => undefined); // awaited below, unless the output failed first
      const entry = pack.entry({ name: f.path, size: f.size, mode: ENTRY_MODE, mtime, type: 'file' }, (err) => settle(err));
      const sink: Sink = {
        async write(buf) {
          if (!entry.write(buf)) await Promise.race([once(entry, 'drain'), written]);
        },
      };
      f.sha256 = await volumes.withVolume(f.sourcePath, (vol) => streamFile(volumes.connection, vol, f, sink, pool, signal, (n) => {
        done += n;
        opts.onProgress?.({ path: f.path, done, total });
      }));
      entry.end();
      await Promise.race([ended, written]);
    }
    pack.finalize();
    await written;
    const final = serializeManifest({ ...draft, files });
    const placed = await out.read(FIRST_DATA_OFFSET, draftBytes.length);
    if (final.length !== draftBytes.length || !placed.equals(draftBytes)) throw new SnapvisorError('internal', { detail: 'manifest placement' });
    await out.patch(final, FIRST_DATA_OFFSET);
    if (signal?.aborted) throw new SnapvisorError('job_cancelled', {});
    await out.commit();
    return { ...draft, files };
  } catch (e) {
    pack.destroy();
    await out.discard();
    throw e instanceof SnapvisorError ? e : writeFailure(e, output);
  }
}
