// A new volume's bytes written into its file on this machine (volume-sink.ts), on the real
// qemu:///system daemon: the file is taken for the volume libvirt just made, gets the same bytes
// as libvirt's upload stream would write (holes left unwritten, so it stays sparse), libvirt knows
// a qcow2 written so as qcow2 with its backing (the pool rescanned, as after an upload), and an
// upload given up midway leaves no volume and no open descriptor.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, readlinkSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { volumeXml, type Connection, type StoragePool } from '../../../native';
import { destroyPool, ensurePool } from '../../../electron/services/files/pool';
import { uploadBytes } from '../../../electron/services/copies/relay';
import { openUploadStream, openVolumeSink, type VolumeSink } from '../../../electron/services/copies/volume-sink';
import { SnapvisorError } from '../../../shared/errors';
import { openSystem } from '../../guest/kit';

const MiB = 1024 * 1024;

/** How many of this process's descriptors are open on files of `dir`. */
function openIn(dir: string): number {
  return readdirSync('/proc/self/fd').filter((fd) => { try { return readlinkSync(`/proc/self/fd/${fd}`).startsWith(`${dir}/`); } catch { return false; } }).length;
}

async function fill(sink: VolumeSink, a: Buffer, hole: number, b: Buffer): Promise<void> {
  await sink.send(a);
  await sink.sendHole(hole);
  await sink.send(b);
  await sink.sendHole(hole);
  await sink.finish();
}

async function* chunks(bytes: Buffer, size: number): AsyncGenerator<Buffer> {
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

describe('a new volume written into its file on this machine (qemu:///system)', () => {
  let conn: Connection;
  let pool: StoragePool;
  let poolDir: string;
  const installId = randomBytes(6).toString('hex');
  const [a, b] = [randomBytes(MiB), randomBytes(1000)];
  const expected = Buffer.concat([a, Buffer.alloc(2 * MiB), b, Buffer.alloc(2 * MiB)]);

  beforeAll(async () => {
    conn = await openSystem();
    ({ pool } = await ensurePool(conn, installId));
    poolDir = pool.describe().targetPath!;
  });
  afterAll(async () => {
    pool?.close();
    if (conn) await destroyPool(conn, installId);
    conn?.close();
  });

  it('writes the file, holes unwritten, the same bytes as the upload stream writes', async () => {
    using viaFile = await pool.createVolumeXml(volumeXml({ name: 'file.raw', capacityBytes: 0, format: 'raw' }));
    using viaStream = await pool.createVolumeXml(volumeXml({ name: 'stream.raw', capacityBytes: 0, format: 'raw' }));
    try {
      using toFile = await openVolumeSink(conn, pool, viaFile);
      expect(toFile.via).toBe('file');
      await fill(toFile, a, 2 * MiB, b);
      using toStream = await openUploadStream(conn, viaStream);
      expect(toStream.via).toBe('stream');
      await fill(toStream, a, 2 * MiB, b);
      expect(readFileSync(viaFile.path()).equals(expected)).toBe(true);
      expect(readFileSync(viaStream.path()).equals(expected)).toBe(true);
      expect(statSync(viaFile.path()).blocks * 512).toBeLessThanOrEqual(MiB + 64 * 1024);
      expect(viaFile.info().capacity).toBe(expected.length);
      expect(openIn(poolDir)).toBe(0);
    } finally {
      await viaFile.delete();
      await viaStream.delete();
    }
  });

  it('leaves libvirt knowing a qcow2 written so, with its backing, as after an upload', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sink-'));
    using base = await pool.createVolumeXml(volumeXml({ name: 'base.raw', capacityBytes: 64 * MiB, format: 'raw' }));
    try {
      const image = join(dir, 'top.qcow2');
      execFileSync('qemu-img', ['create', '-q', '-f', 'qcow2', '-F', 'raw', '-b', `${poolDir}/base.raw`, image, '64M']);
      const bytes = readFileSync(image);
      const r = await uploadBytes({ conn, pool, name: 'top.qcow2' }, bytes.length, chunks(bytes, 64 * 1024));
      using top = pool.lookupVolume('top.qcow2');
      try {
        expect(r.path).toBe(top.path());
        expect(readFileSync(r.path).equals(bytes)).toBe(true);
        const d = top.describe();
        expect(d.format).toBe('qcow2');
        expect(d.capacity).toBe(64 * MiB);
        expect(d.backingStore?.path).toBe(`${poolDir}/base.raw`);
      } finally {
        await top.delete();
      }
    } finally {
      await base.delete();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('leaves no volume and no open descriptor when the upload is given up midway', async () => {
    const stop = new AbortController();
    async function* cutShort(): AsyncGenerator<Buffer> {
      yield randomBytes(MiB);
      stop.abort();
      yield randomBytes(MiB);
    }
    await expect(uploadBytes({ conn, pool, name: 'cut.raw' }, 4 * MiB, cutShort(), { signal: stop.signal }))
      .rejects.toSatisfy((e) => e instanceof SnapvisorError && e.code === 'job_cancelled');
    await pool.refresh();
    expect(pool.listAllVolumes().map((v) => { using own = v; return own.name(); })).not.toContain('cut.raw');
    expect(openIn(poolDir)).toBe(0);
  });
});
