// A volume's bytes read from its file on this machine (volume-source.ts), on the real qemu:///system
// daemon: the file path is taken for a file of Snapvisor's pool, gives the same bytes as libvirt's
// download stream (its runs of zeros as holes), the hash `copies verify` takes and the relay
// records equal `sha256sum`'s, a relay from it keeps the zeros as holes on the target, a sparse
// file's holes are skipped, not read, and a read given up midway lets go of the file.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, ftruncateSync, openSync, readFileSync, readdirSync, readlinkSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { volumeXml, type Connection, type StoragePool, type StorageVolume } from '../../../native';
import { destroyPool, ensurePool } from '../../../electron/services/files/pool';
import { hashVolume, relayVolume } from '../../../electron/services/copies/relay';
import { openVolumeSource, openVolumeStream, type Piece, type VolumeSource } from '../../../electron/services/copies/volume-source';
import { SnapvisorError } from '../../../shared/errors';
import { openSystem } from '../../guest/kit';

const MiB = 1024 * 1024;

async function bytesOf(source: VolumeSource): Promise<{ bytes: Buffer; holes: number }> {
  const parts: Buffer[] = [];
  let holes = 0;
  for await (const p of source.pieces()) {
    if ('data' in p) parts.push(p.data);
    else {
      parts.push(Buffer.alloc(p.hole));
      holes += p.hole;
    }
  }
  return { bytes: Buffer.concat(parts), holes };
}

/** How many of this process's descriptors are open on `path`. */
function openOn(path: string): number {
  return readdirSync('/proc/self/fd').filter((fd) => { try { return readlinkSync(`/proc/self/fd/${fd}`) === path; } catch { return false; } }).length;
}

describe('a volume read from its file on this machine (qemu:///system)', () => {
  let conn: Connection;
  let pool: StoragePool;
  let vol: StorageVolume;
  let path: string;
  const installId = randomBytes(6).toString('hex');
  // Data, a run of zeros two chunks long, data, and a short tail.
  const content = Buffer.concat([randomBytes(MiB), Buffer.alloc(2 * MiB), randomBytes(MiB), randomBytes(1000)]);
  const sha = createHash('sha256').update(content).digest('hex');

  beforeAll(async () => {
    conn = await openSystem();
    ({ pool } = await ensurePool(conn, installId));
    vol = await pool.createVolumeXml(volumeXml({ name: 'source.raw', capacityBytes: 0, format: 'raw' }));
    path = vol.path();
    writeFileSync(path, content);
  });
  afterAll(async () => {
    vol?.close();
    pool?.close();
    if (conn) await destroyPool(conn, installId);
    conn?.close();
  });

  it('is read from the file, with the same bytes as the download stream, its zeros as holes', async () => {
    const fromFile = await openVolumeSource(conn, vol, content.length);
    expect(fromFile.via).toBe('file');
    const read = await bytesOf(fromFile);
    fromFile[Symbol.dispose]();
    expect(read.bytes.equals(content)).toBe(true);
    expect(read.holes).toBe(2 * MiB);

    using fromStream = await openVolumeStream(conn, vol);
    expect(fromStream.via).toBe('stream');
    expect((await bytesOf(fromStream)).bytes.equals(content)).toBe(true);
  });

  it('hashes as sha256sum does, and relays into a sparse volume with that hash', async () => {
    expect(await hashVolume(conn, vol)).toEqual({ sha256: sha, length: content.length });
    const result = await relayVolume(conn, vol, { conn, pool, name: 'target.raw' });
    try {
      expect(result.sha256).toBe(sha);
      expect(result.bytesSent).toBe(content.length - 2 * MiB);
      expect(readFileSync(result.path).equals(content)).toBe(true);
      expect(statSync(result.path).blocks * 512).toBeLessThanOrEqual(content.length - 2 * MiB + 64 * 1024);
    } finally {
      using target = pool.lookupVolume('target.raw');
      await target.delete();
    }
  });

  it('passes a sparse file’s holes as the file system knows them, without reading them', async () => {
    using sparse = await pool.createVolumeXml(volumeXml({ name: 'sparse.raw', capacityBytes: 0, format: 'raw' }));
    const fd = openSync(sparse.path(), 'r+');
    const data = randomBytes(MiB);
    try {
      ftruncateSync(fd, 256 * MiB);
      writeSync(fd, data, 0, MiB, 100 * MiB);
    } finally {
      closeSync(fd);
    }
    await pool.refresh();
    try {
      using source = await openVolumeSource(conn, sparse, 256 * MiB);
      expect(source.via).toBe('file');
      const pieces: string[] = [];
      for await (const p of source.pieces()) pieces.push('data' in p ? `data ${p.data.length}` : `hole ${p.hole}`);
      expect(pieces).toEqual([`hole ${100 * MiB}`, `data ${MiB}`, `hole ${155 * MiB}`]);
      const relayed = await relayVolume(conn, sparse, { conn, pool, name: 'sparse-copy.raw' });
      expect(relayed.bytesSent).toBe(MiB);
      expect(relayed.sha256).toBe(createHash('sha256').update(Buffer.alloc(100 * MiB)).update(data).update(Buffer.alloc(155 * MiB)).digest('hex'));
      expect(statSync(relayed.path).blocks * 512).toBeLessThanOrEqual(2 * MiB);
    } finally {
      for (const name of ['sparse-copy.raw']) {
        try {
          using v = pool.lookupVolume(name);
          await v.delete();
        } catch { /* not made */ }
      }
      await sparse.delete();
    }
  });

  it('lets go of the file when a read is given up midway', async () => {
    const before = openOn(path);
    const source = await openVolumeSource(conn, vol, content.length);
    expect(source.via).toBe('file');
    expect(openOn(path)).toBe(before + 1);
    const pieces = source.pieces();
    const first = (await pieces.next()).value as Piece;
    expect('data' in first && first.data.length).toBe(MiB);
    source.abort();
    await expect(pieces.next()).rejects.toSatisfy((e) => e instanceof SnapvisorError && e.code === 'job_cancelled');
    expect(openOn(path)).toBe(before);
  });
});
