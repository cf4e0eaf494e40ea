// A descriptor used on libuv's thread pool (core/open-file.ts), on a real file: writes land at
// their positions (or in order at the offset) with holes left where nothing was written, a
// truncate past the end ends the file in a hole, reads give the bytes back; close() waits for a
// call that runs, and refuses calls after it; the descriptor is gone once close() resolved.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, openSync, readFileSync, readdirSync, readlinkSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OpenFile } from '../../../../electron/services/core/open-file';

const MiB = 1024 * 1024;

function openOn(path: string): number {
  return readdirSync('/proc/self/fd').filter((fd) => { try { return readlinkSync(`/proc/self/fd/${fd}`) === path; } catch { return false; } }).length;
}

describe('OpenFile', () => {
  let dir: string;
  let path: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'open-file-'));
    path = join(dir, 'f');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes at positions, leaves holes unwritten, and reads the bytes back', async () => {
    const file = new OpenFile(openSync(path, 'w+'), 64 * 1024);
    const [a, b] = [randomBytes(MiB), randomBytes(1000)];
    await file.write([a], 0);
    await file.write([b.subarray(0, 10), b.subarray(10)], 3 * MiB);
    await file.truncate(8 * MiB);
    await file.sync();
    const back = Buffer.alloc(1000);
    expect(await file.read(back, 1000, 3 * MiB)).toBe(1000);
    expect(back.equals(b)).toBe(true);
    await file.close();
    const bytes = readFileSync(path);
    expect(bytes.length).toBe(8 * MiB);
    expect(bytes.subarray(0, MiB).equals(a)).toBe(true);
    expect(bytes.subarray(MiB, 3 * MiB).equals(Buffer.alloc(2 * MiB))).toBe(true);
    expect(bytes.subarray(3 * MiB, 3 * MiB + 1000).equals(b)).toBe(true);
    expect(statSync(path).blocks * 512).toBeLessThan(2 * MiB);
  });

  it('writes in order at the offset when given no position', async () => {
    const file = new OpenFile(openSync(path, 'w'));
    await file.write([Buffer.from('ab')], null);
    await file.write([Buffer.from('cd'), Buffer.from('ef')], null);
    await file.close();
    expect(readFileSync(path, 'utf8')).toBe('abcdef');
  });

  it('closes only once the call that runs is done, and refuses calls after close()', async () => {
    const file = new OpenFile(openSync(path, 'w+'));
    expect(openOn(path)).toBe(1);
    const writing = file.write([randomBytes(4 * MiB)], 0);
    const closed = file.close();
    expect(file.isOpen).toBe(false);
    expect(openOn(path)).toBe(1);
    await writing;
    await closed;
    expect(openOn(path)).toBe(0);
    expect(statSync(path).size).toBe(4 * MiB);
    await expect(file.read(Buffer.alloc(1), 1, 0)).rejects.toMatchObject({ code: 'EBADF' });
    await expect(file.close()).resolves.toBeUndefined();
  });

  it('lets go of the descriptor at once when nothing runs', () => {
    const file = new OpenFile(openSync(path, 'w'));
    void file.close();
    expect(openOn(path)).toBe(0);
  });
});
