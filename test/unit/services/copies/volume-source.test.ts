// Where a volume's bytes are read from (volume-source.ts): libvirt's timestamps read to the
// nanosecond, a file cut into data and holes as a sparse stream gives them, the identity check
// that lets a file on this machine stand for a volume only when it is certainly that volume's,
// and the fallback to the stream on a local URI whose paths are no files here (the test driver).
// Reading a real pool's files is proven on qemu:///system in test/integration/copies.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Connection, volumeXml, type StoragePool, type StorageVolume } from '../../../../native';
import { CHUNK, isSameFile, openVolumeSource, sparseSplit, timestampNs, type Described, type Found, type Piece } from '../../../../electron/services/copies/volume-source';
import { SnapvisorError } from '../../../../shared/errors';

const shape = (pieces: Piece[]): string[] => pieces.map((p) => ('data' in p ? `data ${p.data.length}` : `hole ${p.hole}`));

describe('timestampNs', () => {
  it('reads seconds with nanoseconds, whole seconds and short fractions', () => {
    expect(timestampNs('1796436605.919154442')).toBe(1796436605919154442n);
    expect(timestampNs('1796436605')).toBe(1796436605000000000n);
    expect(timestampNs('12.5')).toBe(12500000000n);
  });
  it('refuses what is no timestamp', () => {
    for (const s of [undefined, '', '-1', '1.2.3', '1.1234567890', 'x']) expect(timestampNs(s)).toBeNull();
  });
});

describe('sparseSplit', () => {
  it('gives zero stretches as holes and joins neighbours of a kind, data as views of the buffer', () => {
    const buf = Buffer.alloc(4 * CHUNK + 100);
    buf[CHUNK + 7] = 1; // the second chunk holds data
    buf[2 * CHUNK] = 2; // and the third
    buf[4 * CHUNK + 99] = 3; // and the short tail
    const pieces = sparseSplit(buf);
    expect(shape(pieces)).toEqual([`hole ${CHUNK}`, `data ${2 * CHUNK}`, `hole ${CHUNK}`, 'data 100']);
    const data = pieces[1] as { data: Buffer };
    expect(data.data.buffer).toBe(buf.buffer);
    expect(data.data.byteOffset).toBe(buf.byteOffset + CHUNK);
    expect(Buffer.concat(pieces.map((p) => ('data' in p ? p.data : Buffer.alloc(p.hole)))).equals(buf)).toBe(true);
  });
  it('gives a buffer of zeros as one hole, and nothing for an empty one', () => {
    expect(shape(sparseSplit(Buffer.alloc(3 * CHUNK + 1)))).toEqual([`hole ${3 * CHUNK + 1}`]);
    expect(sparseSplit(Buffer.alloc(0))).toEqual([]);
  });
});

describe('isSameFile', () => {
  const described: Described = { type: 'file', mtime: '1796436605.919154442', ctime: '1796436606.000000001' };
  const found: Found = { isFile: () => true, size: 4096n, mtimeNs: 1796436605919154442n, ctimeNs: 1796436606000000001n };

  it('holds when the type, length, mtime and ctime agree to the nanosecond', () => {
    expect(isSameFile(described, found, 4096)).toBe(true);
  });
  it('fails on any difference, and where libvirt gives no times', () => {
    expect(isSameFile(described, { ...found, mtimeNs: found.mtimeNs + 1n }, 4096)).toBe(false);
    expect(isSameFile(described, { ...found, ctimeNs: found.ctimeNs - 1n }, 4096)).toBe(false);
    expect(isSameFile(described, found, 4097)).toBe(false);
    expect(isSameFile(described, { ...found, isFile: () => false }, 4096)).toBe(false);
    expect(isSameFile({ ...described, type: 'block' }, found, 4096)).toBe(false);
    expect(isSameFile({ ...described, mtime: undefined }, found, 4096)).toBe(false);
    expect(isSameFile({ ...described, ctime: undefined }, found, 4096)).toBe(false);
  });
});

describe('a local URI whose volume paths are no files here (the test driver)', () => {
  let conn: Connection;
  let pool: StoragePool;
  let vol: StorageVolume;
  beforeAll(async () => {
    conn = await Connection.open('test:///default');
    pool = conn.lookupStoragePoolByName('default-pool');
    vol = await pool.createVolumeXml(volumeXml({ name: 'volume-source.img', capacityBytes: 1 << 20, format: 'raw' }));
  });
  afterAll(async () => {
    await vol?.delete();
    vol?.close();
    pool?.close();
    conn?.close();
  });

  it('is read through the stream, which this driver lacks: volume_streams_unavailable, not bytes of some file', async () => {
    await expect(openVolumeSource(conn, vol, 1 << 20)).rejects.toSatisfy((e) => e instanceof SnapvisorError && e.code === 'volume_streams_unavailable');
  });
});
