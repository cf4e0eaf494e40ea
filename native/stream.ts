// A libvirt data stream (screenshots, volume download and upload): each call runs off the JS
// thread, so a transfer never blocks it. Sparse streams (a volume downloaded or uploaded with
// the SPARSE_STREAM flag) carry holes as lengths: a receiver that asks to stop at holes gets
// 'hole' and reads the hole's length with recvHole(); a sender passes one on with sendHole().
import { callAsync, fn, type Ptr } from './lib';
import { check, checkAsync } from './errors';
import { Handle } from './handle';
import { VIR_STREAM_RECV } from './constants';

const virStreamNew = fn('virStream *virStreamNew(virConnect *conn, unsigned int flags)');
const virStreamFree = fn('int virStreamFree(virStream *st)');
const virStreamRecv = fn('int virStreamRecv(virStream *st, _Out_ void *data, size_t nbytes)');
const virStreamRecvFlags = fn('int virStreamRecvFlags(virStream *st, _Out_ void *data, size_t nbytes, unsigned int flags)');
const virStreamRecvHole = fn('int virStreamRecvHole(virStream *st, _Out_ long long *length, unsigned int flags)');
const virStreamSend = fn('int virStreamSend(virStream *st, const void *data, size_t nbytes)');
const virStreamSendHole = fn('int virStreamSendHole(virStream *st, long long length, unsigned int flags)');
const virStreamFinish = fn('int virStreamFinish(virStream *st)');
const virStreamAbort = fn('int virStreamAbort(virStream *st)');

const CHUNK = 256 * 1024;
/** virStreamRecvFlags' answer when the stream is at a hole and the caller asked to stop there. */
const AT_HOLE = -3;

export class Stream extends Handle {
  readonly #conn: Ptr;
  #done = false;

  private constructor(ptr: Ptr, conn: Ptr) {
    super(ptr, virStreamFree);
    this.#conn = conn;
  }

  protected get connectionPtr(): Ptr {
    return this.#conn;
  }

  /** A blocking stream on `conn` (flags: VIR_STREAM_*). */
  static create(conn: Ptr, flags = 0): Stream {
    return new Stream(check('virStreamNew', conn, virStreamNew(conn, flags) as Ptr | null), conn);
  }

  /**
   * Receives up to `buf.length` bytes into `buf`: how many arrived, 0 at the end of the stream.
   * With `stopAtHole` (a sparse stream), 'hole' when the data so far is followed by a hole.
   */
  recv(buf: Buffer): Promise<number>;
  recv(buf: Buffer, stopAtHole: boolean): Promise<number | 'hole'>;
  async recv(buf: Buffer, stopAtHole = false): Promise<number | 'hole'> {
    // The plain call where no hole is asked about: streams of some drivers (the test driver's) lack the flags one.
    if (!stopAtHole) return this.callAsync('virStreamRecv', virStreamRecv, buf, buf.length);
    const n = await callAsync<number>(virStreamRecvFlags, this.ptr, buf, buf.length, VIR_STREAM_RECV.STOP_AT_HOLE);
    return n === AT_HOLE ? 'hole' : checkAsync('virStreamRecvFlags', this.#conn, n);
  }

  /** The length of the hole a sparse stream is at (after recv() said 'hole'). */
  async recvHole(): Promise<number> {
    const out = [0];
    await this.callAsync('virStreamRecvHole', virStreamRecvHole, out, 0);
    return Number(out[0]);
  }

  /** Sends all of `data` (libvirt may take it in several calls). */
  async send(data: Buffer): Promise<void> {
    for (let at = 0; at < data.length;) {
      const part = at === 0 ? data : data.subarray(at);
      at += await this.callAsync('virStreamSend', virStreamSend, part, part.length);
    }
  }

  /** Sends a hole of `length` bytes on a sparse stream. */
  async sendHole(length: number): Promise<void> {
    await this.callAsync('virStreamSendHole', virStreamSendHole, BigInt(length), 0);
  }

  /** Ends the stream successfully: for an upload, returns once the far side has written it all. */
  async finish(): Promise<void> {
    await this.callAsync('virStreamFinish', virStreamFinish);
    this.#done = true;
  }

  /**
   * Receives until end of stream, then finishes it. At most `limit` bytes are accepted (the
   * stream is aborted beyond).
   */
  async readAll(limit = 512 * 1024 * 1024): Promise<Buffer> {
    const parts: Buffer[] = [];
    let total = 0;
    try {
      for (;;) {
        const buf = Buffer.allocUnsafe(CHUNK);
        const n = await this.recv(buf);
        if (n === 0) break;
        total += n;
        if (total > limit) throw new Error(`stream exceeds ${limit} bytes`);
        parts.push(n === CHUNK ? buf : buf.subarray(0, n));
      }
      await this.finish();
    } catch (e) {
      this.abort();
      throw e;
    }
    return Buffer.concat(parts, total);
  }

  /** Ends a stream that will not be used to its end (the far side drops what it had); harmless after finish. */
  abort(): void {
    if (this.#done || this.closed) return;
    this.#done = true;
    virStreamAbort(this.ptr);
  }

  override close(): void {
    if (!this.closed) this.abort();
    super.close();
  }
}
