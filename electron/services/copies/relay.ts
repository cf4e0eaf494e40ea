// One volume relayed from one libvirt host to another through libvirt's storage streams: the
// source's bytes are downloaded (virStorageVolDownload) and uploaded (virStorageVolUpload) into a
// volume created for them on the target, chunk by chunk (read from the file itself when the
// source is this machine, volume-source.ts; written into it when the target is, volume-sink.ts),
// with both directions in flight at once
// and a small bounded queue between them (back-pressure: the download waits while the upload
// lags; never a whole image in memory). Streams are sparse: a hole in the source file passes as
// its length and stays a hole on the target. The file's SHA-256 is computed as the bytes pass
// (holes hashed as the zeros they read as), so it equals `sha256sum` of the file on either side.
//
// Complete or nothing: libvirt cannot rename a volume, so the file is written under its final
// name, and the relay removes it when anything goes wrong (a failed call on either side, a
// length that does not match, a cancel). A relay cut short by the process dying leaves a volume
// no record calls complete: docs/copies.md says how the copies service tells and removes those.
import { VIR_STORAGE_VOL_INFO, volumeXml, type Connection, type StoragePool, type StorageVolume } from '../../../native';
import { SnapvisorError } from '../../../shared/errors';
import { sharedBuffer } from '../core/buffer-pool';
import { Sha256 } from '../core/sha256';
import { toSnapvisorError } from '../hosts/libvirt-errors';
import { openVolumeSink, type VolumeSink } from './volume-sink';
import { openVolumeSource, sparseSplit, type Piece, type VolumeSource } from './volume-source';

/** Pieces waiting between the read and the upload: at most 32 of them, and 4 MiB of data beyond one. */
const QUEUE = { pieces: 32, bytes: 4 * 1024 * 1024 };
const ZEROS = sharedBuffer(1024 * 1024);

/** The zeros a hole of `length` bytes reads as, in shared read-only slices of at most 1 MiB. */
export function* zerosOf(length: number): Generator<Buffer> {
  for (let left = length; left > 0; left -= ZEROS.length) yield left >= ZEROS.length ? ZEROS : ZEROS.subarray(0, left);
}

export interface RelayProgress {
  /** Data bytes written to the target's stream so far (holes not counted). */
  bytesSent: number;
  /** How far into the file the relay is (data and holes). */
  position: number;
  /** The file's length, as the source host reports it. */
  length: number;
}

export interface RelayTarget {
  conn: Connection;
  pool: StoragePool;
  /** The volume's name in `pool`; it must not exist yet. */
  name: string;
}

/** A change to the first bytes of the file as it passes (a qcow2 header's backing name). */
export interface HeadRewrite {
  /** How many bytes `length` needs to see. */
  peek: number;
  /** How many bytes of the file's start the rewrite takes, from its first `peek` bytes. */
  length(start: Buffer): number;
  /** Those bytes as the target gets them (the same length). */
  rewrite(head: Buffer): Buffer;
}

export interface RelayOptions {
  onProgress?: (p: RelayProgress) => void;
  rewriteHead?: HeadRewrite;
  /** Aborting it stops the relay (job_cancelled) and removes what arrived. */
  signal?: AbortSignal;
}

/** What an upload put on the target. */
export interface UploadResult {
  /** The file's path on the target host. */
  path: string;
  length: number;
  bytesSent: number;
}

export interface RelayResult extends UploadResult {
  sha256: string;
}

/** A bounded queue between the two loops; `fail` wakes whichever side waits. */
class Pipe {
  private readonly items: Piece[] = [];
  /** Data bytes in `items`. */
  private bytes = 0;
  private ended = false;
  private failure: unknown = null;
  private wake: (() => void) | null = null;

  private notify(): void {
    const w = this.wake;
    this.wake = null;
    w?.();
  }

  private async wait(): Promise<void> {
    await new Promise<void>((resolve) => { this.wake = resolve; });
  }

  private throwIfFailed(): void {
    if (this.failure !== null) throw this.failure;
  }

  async put(p: Piece): Promise<void> {
    while (this.items.length >= QUEUE.pieces || (this.items.length > 0 && this.bytes >= QUEUE.bytes)) {
      this.throwIfFailed();
      await this.wait();
    }
    this.throwIfFailed();
    this.items.push(p);
    if ('data' in p) this.bytes += p.data.length;
    this.notify();
  }

  end(): void {
    this.ended = true;
    this.notify();
  }

  /** The next piece, or null once the producer ended and everything was taken. */
  async take(): Promise<Piece | null> {
    for (;;) {
      this.throwIfFailed();
      const p = this.items.shift();
      if (p) {
        if ('data' in p) this.bytes -= p.data.length;
        this.notify();
        return p;
      }
      if (this.ended) return null;
      await this.wait();
    }
  }

  fail(e: unknown): void {
    this.failure ??= e;
    this.notify();
  }
}

/** The length of the volume's file (what its download carries). */
export function fileLength(vol: StorageVolume): number {
  try {
    return vol.info(VIR_STORAGE_VOL_INFO.GET_PHYSICAL).allocation;
  } catch {
    return vol.info().capacity; // drivers without the flags call: a raw file's length is its capacity
  }
}

/**
 * Copies the bytes of `source` (a volume on `sourceConn`) into a new volume `target.name` in
 * `target.pool`, as they are: a qcow2 file stays the same qcow2 file, header included.
 */
export async function relayVolume(sourceConn: Connection, source: StorageVolume, target: RelayTarget, opts: RelayOptions = {}): Promise<RelayResult> {
  const cancelled = (): SnapvisorError => new SnapvisorError('job_cancelled', { name: target.name });
  if (opts.signal?.aborted) throw cancelled();
  const length = fileLength(source);
  using from = await openVolumeSource(sourceConn, source, length);
  try {
    return await uploadVolume(target, length, (up) => pump(from, up, length, opts, cancelled));
  } catch (e) {
    from.abort();
    throw e;
  }
}

/**
 * A new volume `target.name` filled by `fill` (through a sparse upload stream, or into its file on
 * this machine: volume-sink.ts); its length checked against `length`. Complete or nothing: the
 * volume is removed when anything goes wrong.
 */
async function uploadVolume<R extends { position: number; bytesSent: number }>(target: RelayTarget, length: number, fill: (up: VolumeSink) => Promise<R>): Promise<Omit<R, 'position'> & UploadResult> {
  let vol: StorageVolume;
  try {
    vol = await target.pool.createVolumeXml(volumeXml({ name: target.name, capacityBytes: 0, format: 'raw' }));
  } catch (e) {
    throw toSnapvisorError(e, { name: target.name });
  }
  let up: VolumeSink | null = null;
  try {
    up = await openVolumeSink(target.conn, target.pool, vol);
    const result = await fill(up);
    const arrived = fileLength(vol);
    if (arrived !== result.position || result.position !== length) {
      throw new SnapvisorError('transfer_mismatch', { path: vol.path(), detail: `${length} bytes sent, ${arrived} arrived` });
    }
    return { ...result, path: vol.path(), length };
  } catch (e) {
    up?.abort();
    await vol.delete().catch(() => undefined);
    throw e instanceof SnapvisorError ? e : toSnapvisorError(e, { name: target.name });
  } finally {
    up?.[Symbol.dispose]();
    vol.close();
  }
}

/** How an upload of a byte stream's chunks goes on. */
export interface UploadOptions extends RelayOptions {
  /** Told of each chunk once all of it went (the giver may reuse it). */
  release?: (chunk: Buffer) => void;
}

/**
 * Uploads a file's bytes, as a byte stream gives them (a verified entry of an export file), into
 * a new volume: sparse (runs of zeros pass as holes), its head rewritten when asked, back-pressure
 * down to the reader (each chunk is sent before the next is taken). Complete or nothing, as the
 * relay. No hash of its own: the giver checks the bytes (the export reader's SHA-256 of each
 * entry), and a second hash on the same thread cost the import a tenth of its time.
 */
export async function uploadBytes(target: RelayTarget, length: number, data: AsyncIterable<Buffer>, opts: UploadOptions = {}): Promise<UploadResult> {
  const cancelled = (): SnapvisorError => new SnapvisorError('job_cancelled', { name: target.name });
  if (opts.signal?.aborted) throw cancelled();
  return uploadVolume(target, length, async (up) => {
    using out = new Sender(up, length, { onProgress: opts.onProgress });
    const head = opts.rewriteHead ? new Head(opts.rewriteHead) : null;
    // Pieces are views of the chunk, not copies (a Node stream never writes into a chunk it handed on).
    for await (const chunk of data) {
      for (const p of sparseSplit(chunk)) {
        for (const q of head ? head.feed(p) : [p]) {
          if (opts.signal?.aborted) throw cancelled();
          await out.put(q);
        }
      }
      // All of it went; a head still collecting keeps views of it, and then it is not given back.
      if (!head || head.done) opts.release?.(chunk);
    }
    if (head && !head.done) throw new SnapvisorError('transfer_mismatch', { detail: 'the file is shorter than its header' });
    return out.finish();
  });
}

/**
 * Collects the file's first bytes (holes as zeros) until the rewrite has what it needs, then
 * passes them on rewritten: as data up to their last non-zero byte and a hole for the rest.
 */
class Head {
  private readonly parts: Buffer[] = [];
  private got = 0;
  private want: number | null = null;
  done = false;

  constructor(private readonly r: HeadRewrite) {}

  feed(p: Piece): Piece[] {
    if (this.done) return [p];
    const len = 'data' in p ? p.data.length : p.hole;
    const take = Math.min(len, (this.want ?? this.r.peek) - this.got);
    this.parts.push('data' in p ? p.data.subarray(0, take) : Buffer.alloc(take));
    this.got += take;
    const rest: Piece | null = take === len ? null : 'data' in p ? { data: p.data.subarray(take) } : { hole: len - take };
    if (this.want === null && this.got >= this.r.peek) {
      this.want = this.r.length(Buffer.concat(this.parts));
      if (this.want < this.got) throw new SnapvisorError('transfer_mismatch', { detail: 'header length' });
    }
    if (this.got !== this.want) return rest ? this.feed(rest) : [];
    this.done = true;
    const out = this.r.rewrite(Buffer.concat(this.parts));
    let end = out.length;
    while (end > 0 && out[end - 1] === 0) end--;
    const pieces: Piece[] = [{ data: out.subarray(0, end) }];
    if (end < out.length) pieces.push({ hole: out.length - end });
    if (rest) pieces.push(rest);
    return pieces.filter((q) => ('data' in q ? q.data.length : q.hole) > 0);
  }
}

/** A source's pieces in order, the file's head rewritten when asked. */
async function* rewritten(pieces: AsyncIterable<Piece>, rewriteHead?: HeadRewrite): AsyncGenerator<Piece> {
  if (!rewriteHead) return yield* pieces;
  const head = new Head(rewriteHead);
  for await (const p of pieces) yield* head.feed(p);
  if (!head.done) throw new SnapvisorError('transfer_mismatch', { detail: 'the file is shorter than its header' });
}

/**
 * Reads the pieces of a volume and hands each to `use`, both at once with a bounded queue
 * between them (the read waits while `use` lags; never a whole file in memory). Each side stops
 * the other when it fails, and both have stopped when it returns; a stream source is finished
 * after its last piece. Aborting `signal` fails it with `cancelled()`.
 */
export async function pipePieces(
  from: VolumeSource, use: (p: Piece) => Promise<void>,
  opts: { rewriteHead?: HeadRewrite; signal?: AbortSignal; cancelled: () => SnapvisorError },
): Promise<void> {
  const pipe = new Pipe();
  const onAbort = (): void => pipe.fail(opts.cancelled());
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  const receive = async (): Promise<void> => {
    for await (const p of rewritten(from.pieces(), opts.rewriteHead)) await pipe.put(p);
    pipe.end();
  };
  const consume = async (): Promise<void> => {
    for (let p = await pipe.take(); p; p = await pipe.take()) await use(p);
  };
  try {
    const results = await Promise.allSettled([
      receive().catch((e: unknown) => { pipe.fail(e); throw e; }),
      consume().catch((e: unknown) => { pipe.fail(e); throw e; }),
    ]);
    if (opts.signal?.aborted) throw opts.cancelled();
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
  } finally {
    opts.signal?.removeEventListener('abort', onAbort);
  }
}

/**
 * Writes pieces to an upload stream: data as data, holes as holes; counts what went and, when
 * asked, hashes it as the target will hold it (holes as the zeros they read as).
 */
class Sender implements Disposable {
  private readonly hash: Sha256 | null;
  private bytesSent = 0;
  private position = 0;

  constructor(private readonly up: VolumeSink, private readonly length: number, private readonly opts: { onProgress?: (p: RelayProgress) => void; hash?: boolean }) {
    this.hash = opts.hash ? new Sha256() : null;
  }

  async put(p: Piece): Promise<void> {
    // Hashed while libvirt sends it, both off this thread (both only read the bytes).
    if ('data' in p) {
      await Promise.all([this.up.send(p.data), this.hash?.update(p.data)]);
      this.bytesSent += p.data.length;
      this.position += p.data.length;
    } else {
      await Promise.all([this.up.sendHole(p.hole), this.hashZeros(p.hole)]);
      this.position += p.hole;
    }
    this.opts.onProgress?.({ bytesSent: this.bytesSent, position: this.position, length: this.length });
  }

  private async hashZeros(length: number): Promise<void> {
    if (this.hash) for (const zeros of zerosOf(length)) await this.hash.update(zeros);
  }

  /** Finishes the upload stream; what went (and its hash, when asked). */
  async finish(): Promise<{ position: number; bytesSent: number; sha256: string | null }> {
    await this.up.finish();
    return { position: this.position, bytesSent: this.bytesSent, sha256: (await this.hash?.digest()) ?? null };
  }

  [Symbol.dispose](): void {
    this.hash?.[Symbol.dispose]();
  }
}

/** Moves every piece from `down` to `up`; both streams are finished when it returns. */
async function pump(from: VolumeSource, up: VolumeSink, length: number, opts: RelayOptions, cancelled: () => SnapvisorError): Promise<{ position: number; bytesSent: number; sha256: string }> {
  using out = new Sender(up, length, { onProgress: opts.onProgress, hash: true });
  await pipePieces(from, async (p) => {
    await out.put(p);
    if ('data' in p) from.release(p.data);
  }, { rewriteHead: opts.rewriteHead, signal: opts.signal, cancelled });
  const done = await out.finish();
  return { ...done, sha256: done.sha256! };
}

/**
 * The SHA-256 and length of a volume's bytes as the host holds them now (holes hashed as the
 * zeros they read as): what `copies verify` compares with the hash the relay recorded as the
 * file passed.
 */
export async function hashVolume(conn: Connection, vol: StorageVolume, signal?: AbortSignal): Promise<{ sha256: string; length: number }> {
  if (signal?.aborted) throw new SnapvisorError('job_cancelled', {});
  using hash = new Sha256();
  let length = 0;
  using from = await openVolumeSource(conn, vol, fileLength(vol));
  try {
    // The next pieces are read while one is hashed.
    await pipePieces(from, async (p) => {
      if ('data' in p) {
        await hash.update(p.data);
        from.release(p.data);
      } else {
        for (const zeros of zerosOf(p.hole)) await hash.update(zeros);
      }
      length += 'data' in p ? p.data.length : p.hole;
    }, { signal, cancelled: () => new SnapvisorError('job_cancelled', {}) });
  } catch (e) {
    from.abort();
    throw e instanceof SnapvisorError ? e : toSnapvisorError(e);
  }
  return { sha256: await hash.digest(), length };
}
