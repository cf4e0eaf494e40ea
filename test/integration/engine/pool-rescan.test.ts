// A rescan of Snapvisor's pool while libvirt builds a volume in it (files/pool.ts refreshPool), on
// the real qemu:///system daemon: libvirt refuses a plain rescan while it clones a 2 GiB (sparse)
// file into the pool, and refreshPool waits the clone out instead of failing, then sees the copy.
// Another VM's job (a restore as new, copying its disk in full) can hold the pool so for minutes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { truncateSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { LibvirtError, ownAll, volumeXml, type Connection, type StoragePool } from '../../../native';
import { destroyPool, ensurePool, refreshPool } from '../../../electron/services/files/pool';
import { openSystem } from '../../guest/kit';

const GiB = 1024 * 1024 * 1024;

describe('a rescan of the pool while libvirt builds a volume in it (qemu:///system)', () => {
  let conn: Connection;
  let pool: StoragePool;
  const installId = randomBytes(6).toString('hex');

  beforeAll(async () => {
    conn = await openSystem();
    ({ pool } = await ensurePool(conn, installId));
  });
  afterAll(async () => {
    pool?.close();
    if (conn) await destroyPool(conn, installId);
    conn?.close();
  });

  it('is refused by libvirt as such, and refreshPool waits until the build is done', async () => {
    using source = await pool.createVolumeXml(volumeXml({ name: 'big.raw', capacityBytes: 0, format: 'raw' }));
    truncateSync(source.path(), 2 * GiB);
    await pool.refresh();
    const cloning = pool.cloneVolume(volumeXml({ name: 'big-copy.raw', capacityBytes: 0, format: 'raw' }), source);
    cloning.catch(() => undefined); // awaited below
    let refusal: LibvirtError | null = null;
    for (let i = 0; i < 100 && refusal === null; i++) {
      try {
        await pool.refresh();
        await sleep(10);
      } catch (e) {
        if (!(e instanceof LibvirtError)) throw e;
        refusal = e;
      }
    }
    expect(refusal?.libvirtMessage).toMatch(/asynchronous jobs running/);
    await refreshPool(pool);
    using copy = await cloning;
    using volumes = ownAll(pool.listAllVolumes());
    expect(volumes.map((v) => v.name()).sort()).toEqual(['big-copy.raw', 'big.raw']);
    expect(copy.info().capacity).toBe(2 * GiB);
  });
});
