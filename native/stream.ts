// A libvirt data stream (screenshots, volume download and upload): received or sent in chunks off
// the JS thread.
import { fn, type Ptr } from './lib';
import { check } from './errors';
import { Handle } from './handle';

const virStreamNew = fn('virStream *virStreamNew(virConnect *conn, unsigned int flags)');
const virStreamFree = fn('int virStreamFree(virStream *st)');
const virStreamRecv = fn('int virStreamRecv(virStream *st, _Out_ void *data, size_t nbytes)');
const virStreamSend = fn('int virStreamSend(virStream *st, const void *data, size_t nbytes)');
const virStreamFinish = fn('int virStreamFinish(virStream *st)');
const virStreamAbort = fn('int virStreamAbort(virStream *st)');

const CHUNK = 256 * 1024;

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
   * Receives until end of stream, then finishes it. Each chunk is an async call, so the JS
   * thread keeps running. At most `limit` bytes are accepted (the stream is aborted beyond).
   */
  async readAll(limit = 512 * 1024 * 1024): Promise<Buffer> {
    const parts: Buffer[] = [];
    let total = 0;
    try {
      for (;;) {
        const buf = Buffer.allocUnsafe(CHUNK);
        const n = await this.callAsync('virStreamRecv', virStreamRecv, buf, CHUNK);
        if (n === 0) break;
        total += n;
        if (total > limit) throw new Error(`stream exceeds ${limit} bytes`);
        parts.push(n === CHUNK ? buf : buf.subarray(0, n));
      }
      await this.callAsync('virStreamFinish', virStreamFinish);
      this.#done = true;
    } catch (e) {
      this.abort();
      throw e;
    }
    return Buffer.concat(parts, total);
  }

  /**
   * Sends every chunk, one async call at a time (the next chunk is asked for only when the last
   * has gone: back-pressure for a generator that reads a file), then finishes the stream.
   */
  async sendAll(chunks: Iterable<Uint8Array> | AsyncIterable<Uint8Array>): Promise<number> {
    let total = 0;
    try {
      for await (const chunk of chunks) {
        for (let at = 0; at < chunk.length;) {
          const piece = chunk.subarray(at, at + CHUNK);
          const n = await this.callAsync('virStreamSend', virStreamSend, piece, piece.length);
          at += n;
          total += n;
        }
      }
      await this.callAsync('virStreamFinish', virStreamFinish);
      this.#done = true;
    } catch (e) {
      this.abort();
      throw e;
    }
    return total;
  }

  /** Ends a stream that will not be read to its end; harmless after readAll. */
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
