// SHA-256 off the JS thread (digest.ts: GnuTLS through koffi) against node:crypto's on the same
// bytes: nothing, one byte, pieces of odd sizes given without waiting (they run in order), and
// a MiB many times over; a finished hash refuses more; a hash given up frees itself after its
// updates ran; and the JS thread runs while a large update does.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Sha256 } from '../../../native';

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
