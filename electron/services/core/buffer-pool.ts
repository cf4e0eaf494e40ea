// Buffers of one size, used again once their holders give them back. A transfer that allocated a
// fresh MiB for every read paid twice for it: the kernel faulted in and zeroed every new page,
// and V8, counting the buffers as external memory, collected its old generation every ~40 ms
// (149 full collections in four 800 MiB exports). Together that was 0.6 s of CPU in each, as
// much as its SHA-256; reusing the buffers took an export from 1.2 to 0.8 s (bench exports).
//
// The taker hands views of a buffer on and says how many (lend), a holder may hand one on to one
// more (share); each view given back (release) counts, and the buffer is reused once all of them are. A view given back must not be read
// again. A buffer whose views are not all given back is left to the garbage collector: a holder
// that forgets costs speed, never bytes; views of other buffers are ignored.
//
// The buffers are over shared memory, so a hash thread reads them without a copy (core/sha256.ts).

/** A Buffer over shared memory (zeroed), which a hash thread reads where it is. */
export const sharedBuffer = (size: number): Buffer => Buffer.from(new SharedArrayBuffer(size));

export class BufferPool {
  private readonly free: Buffer[] = [];
  /** Views still out, by buffer. */
  private readonly out = new WeakMap<ArrayBufferLike, number>();

  /** Buffers of `size` bytes; at most `keep` of them wait for reuse, the rest are dropped. */
  constructor(readonly size: number, private readonly keep = 16) {}

  /** A buffer of `size` bytes (its contents are whatever it held). */
  take(): Buffer {
    return this.free.pop() ?? sharedBuffer(this.size);
  }

  /** `views` views of `buf` (from take()) go out; with none, it is back at once. */
  lend(buf: Buffer, views: number): void {
    if (views > 0) this.out.set(buf.buffer, views);
    else this.putBack(buf.buffer);
  }

  /** One more holder of `view` (lent before), who gives it back with release() too; other views are ignored. */
  share(view: Buffer): void {
    const left = this.out.get(view.buffer);
    if (left !== undefined) this.out.set(view.buffer, left + 1);
  }

  /** One view given back by its holder. */
  release(view: Buffer): void {
    const left = this.out.get(view.buffer);
    if (left === undefined) return;
    if (left > 1) return void this.out.set(view.buffer, left - 1);
    this.out.delete(view.buffer);
    this.putBack(view.buffer);
  }

  private putBack(memory: ArrayBufferLike): void {
    if (this.free.length < this.keep) this.free.push(Buffer.from(memory, 0, this.size));
  }
}
