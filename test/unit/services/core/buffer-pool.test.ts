// The transfer buffers used again (core/buffer-pool.ts): a buffer comes back only once every
// view lent out (or shared on) was given back, at once when none was; views of other buffers and a view given
// back twice after its buffer came back change nothing; at most `keep` buffers wait.
import { describe, expect, it } from 'vitest';
import { BufferPool } from '../../../../electron/services/core/buffer-pool';

describe('BufferPool', () => {
  it('gives a buffer again only once all its views were given back', () => {
    const pool = new BufferPool(1024);
    const buf = pool.take();
    expect(buf.length).toBe(1024);
    const [a, b] = [buf.subarray(0, 100), buf.subarray(512)];
    pool.lend(buf, 2);
    pool.release(a);
    expect(pool.take().buffer).not.toBe(buf.buffer);
    pool.release(b);
    const again = pool.take();
    expect(again.buffer).toBe(buf.buffer);
    expect(again.length).toBe(1024);
  });

  it('counts a view shared on as one more to give back', () => {
    const pool = new BufferPool(64);
    const buf = pool.take();
    pool.lend(buf, 1);
    pool.share(buf.subarray(0, 8));
    pool.share(Buffer.alloc(64));
    pool.release(buf);
    expect(pool.take().buffer).not.toBe(buf.buffer);
    pool.release(buf.subarray(0, 8));
    expect(pool.take().buffer).toBe(buf.buffer);
  });

  it('takes a buffer lent with no view back at once, and ignores views it never lent', () => {
    const pool = new BufferPool(64);
    const buf = pool.take();
    pool.lend(buf, 0);
    const foreign = Buffer.alloc(64);
    pool.release(foreign);
    pool.release(foreign.subarray(1));
    expect(pool.take().buffer).toBe(buf.buffer);
    expect(pool.take().buffer).not.toBe(foreign.buffer);
  });

  it('counts a view given back after its buffer came back as nothing', () => {
    const pool = new BufferPool(64);
    const buf = pool.take();
    pool.lend(buf, 1);
    pool.release(buf);
    pool.release(buf);
    const first = pool.take();
    expect(first.buffer).toBe(buf.buffer);
    expect(pool.take().buffer).not.toBe(buf.buffer);
  });

  it('keeps at most `keep` buffers waiting', () => {
    const pool = new BufferPool(16, 2);
    const bufs = [pool.take(), pool.take(), pool.take()];
    for (const b of bufs) pool.lend(b, 0);
    const back = new Set([pool.take().buffer, pool.take().buffer]);
    expect(back.size).toBe(2);
    expect(bufs.filter((b) => back.has(b.buffer))).toHaveLength(2);
    expect(back.has(pool.take().buffer)).toBe(false);
  });
});
