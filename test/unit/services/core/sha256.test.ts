// SHA-256 on its threads (core/sha256.ts) against node:crypto's on the same bytes: nothing, one
// byte, pieces of odd sizes given without waiting (they run in order), views of shared memory
// (read where they are) and of any other, a MiB many times over, each giver told once its bytes
// were read and a wait for the queue to shrink, several hashes at once; a
// finished hash refuses more; a hash given up frees itself after its updates ran; and the JS
// thread runs while a large update does.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sharedBuffer } from '../../../../electron/services/core/buffer-pool';
import { Sha256 } from '../../../../electron/services/core/sha256';

const nodeSha = (...parts: Buffer[]): string => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest('hex');
};

/** Bytes that differ at every position (a counter's SHA-256 blocks). */
function bytes(length: number, seed: number): Buffer {
  const out = Buffer.alloc(length);
  for (let at = 0, i = 0; at < length; at += 32, i++) createHash('sha256').update(`${seed}:${i}`).digest().copy(out, at);
  return out;
}

describe('Sha256', () => {
  it('hashes nothing and one byte as node:crypto does', async () => {
    expect(await new Sha256().digest()).toBe(nodeSha());
    const one = new Sha256();
    await one.update(Buffer.from([0x61]));
    expect(await one.digest()).toBe(nodeSha(Buffer.from('a')));
  });

  it('takes pieces given without waiting, in the order given', async () => {
    const parts = [1, 63, 64, 65, 4095, 100_000, 7].map((n, i) => bytes(n, i));
    const h = new Sha256();
    const updates = parts.map((p) => h.update(p));
    await Promise.all(updates);
    expect(await h.digest()).toBe(nodeSha(...parts));
    const reversed = new Sha256();
    for (const p of [...parts].reverse()) void reversed.update(p);
    expect(await reversed.digest()).toBe(nodeSha(...[...parts].reverse()));
  });

  it('reads views of shared memory where they are, and copies any other', async () => {
    const shared = sharedBuffer(300_000);
    bytes(300_000, 5).copy(shared);
    const plain = bytes(70_001, 6);
    const h = new Sha256();
    void h.update(shared.subarray(17, 250_017));
    void h.update(plain);
    void h.update(shared.subarray(0, 1));
    expect(await h.digest()).toBe(nodeSha(shared.subarray(17, 250_017), plain, shared.subarray(0, 1)));
  });

  it('tells each giver once its bytes were read, and waits until at most n updates are unread', async () => {
    const parts = Array.from({ length: 6 }, (_, i) => bytes(500_000, 40 + i));
    const h = new Sha256();
    const read: number[] = [];
    parts.forEach((p, i) => void h.update(p, () => read.push(i)));
    await h.caughtUp(2);
    expect(read.length).toBeGreaterThanOrEqual(4);
    expect(read).toEqual(read.map((_, i) => i));
    await h.caughtUp(0);
    expect(read).toEqual([0, 1, 2, 3, 4, 5]);
    expect(await h.digest()).toBe(nodeSha(...parts));
  });

  it('keeps several hashes apart, more than there are threads', async () => {
    const parts = Array.from({ length: 9 }, (_, i) => bytes(200_000 + i, 20 + i));
    const hashes = parts.map(() => new Sha256());
    for (let round = 0; round < 3; round++) parts.forEach((p, i) => void hashes[i]!.update(p));
    const hexes = await Promise.all(hashes.map((h) => h.digest()));
    expect(hexes).toEqual(parts.map((p) => nodeSha(p, p, p)));
  });

  it('hashes 64 MiB as node:crypto does, and the JS thread runs meanwhile', async () => {
    const mib = bytes(1024 * 1024, 9);
    const h = new Sha256();
    let ticks = 0;
    const timer = setInterval(() => { ticks++; }, 0);
    try {
      for (let i = 0; i < 64; i++) await h.update(mib);
    } finally {
      clearInterval(timer);
    }
    expect(await h.digest()).toBe(nodeSha(...Array.from({ length: 64 }, () => mib)));
    expect(ticks).toBeGreaterThan(0);
  });

  it('refuses updates and a second digest once finished; given up, it is freed after its updates', async () => {
    const h = new Sha256();
    await h.update(Buffer.from('x'));
    await h.digest();
    expect(() => h.update(Buffer.from('y'))).toThrow(/finished/);
    await expect(h.digest()).rejects.toThrow(/finished/);
    const left = new Sha256();
    const running = left.update(bytes(1024 * 1024, 3));
    left[Symbol.dispose]();
    await running;
    expect(() => left.update(Buffer.from('z'))).toThrow(/finished/);
  });
});
