// The remote tests' ground rule, proven: from the client's namespace, a file in the remote host's
// pool exists only through libvirt, and a file of the client's exists nowhere the daemon looks.
// The host's side is read over SSH (the sshd runs in the machine's namespace), never from here.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Connection, VIR_STORAGE_POOL_CREATE, dirPoolXml, type StoragePool } from '../../native';
import { SYSTEM_POOL_PARENT } from '../../electron/services/files/pool';
import { clientDir, clientNamespace, existsOnHost, filesOnHost, onHost, remoteUri, type ClientNamespace } from './remote-host';

describe('the client namespace against the loopback remote host', () => {
  let ns: ClientNamespace;
  let conn: Connection;
  let pool: StoragePool | undefined;
  const name = `svtest-probe-${randomBytes(4).toString('hex')}`;
  let poolDir: string;

  beforeAll(async () => {
    ns = clientNamespace();
    poolDir = join(ns.hiddenPoolDir, name);
    conn = await Connection.open(remoteUri());
  });
  afterAll(async () => {
    try { if (pool?.isActive()) await pool.destroy(); } catch { /* already gone */ }
    pool?.close();
    conn?.close();
    onHost('rm', '-rf', poolDir);
  });

  it('hides the directory Snapvisor’s pools live under on a system host', () => {
    expect(ns.hiddenPoolDir).toBe(SYSTEM_POOL_PARENT);
  });

  it('reaches the daemon over SSH: a remote URI, the same libvirt', async () => {
    expect(conn.uri()).toMatch(/^qemu\+ssh:\/\/root@127\.0\.0\.1:\d+\/system/);
    expect(conn.driverType()).toBe('QEMU');
    expect(conn.isAlive()).toBe(true);
  });

  it('a volume libvirt makes in a pool under the hidden directory is on the host, not visible here', async () => {
    pool = await conn.createStoragePool(dirPoolXml({ name, path: poolDir }), VIR_STORAGE_POOL_CREATE.WITH_BUILD);
    using vol = await pool.createVolume({ name: 'probe.qcow2', capacityBytes: 1024 * 1024, format: 'qcow2' });
    const path = vol.path();
    expect(path).toBe(join(poolDir, 'probe.qcow2'));
    // The daemon's side has it, and it is what libvirt said it made.
    expect(filesOnHost(poolDir)).toEqual([path]);
    expect(onHost('qemu-img', 'info', '--output=json', path)).toMatch(/"format": "qcow2"/);
    // The client's side sees an empty directory where the pool lives.
    expect(existsSync(path)).toBe(false);
    expect(existsSync(poolDir)).toBe(false);
    expect(readdirSync(ns.hiddenPoolDir)).toEqual([]);
    await vol.delete();
    expect(filesOnHost(poolDir)).toEqual([]);
  });

  it('a file the client writes, in its home or under the hidden directory, does not reach the host', async () => {
    const dir = clientDir('probe');
    const mine = join(dir, 'overlay.qcow2');
    const underPool = join(ns.hiddenPoolDir, `${name}.client`);
    try {
      writeFileSync(mine, 'client only');
      writeFileSync(underPool, 'client only');
      expect(existsSync(mine) && existsSync(underPool)).toBe(true);
      expect(existsOnHost(mine)).toBe(false);
      expect(existsOnHost(underPool)).toBe(false);
      // And libvirt, looking for it where QEMU runs, finds nothing.
      await pool!.refresh();
      expect(pool!.listAllVolumes().map((v) => { try { return v.name(); } finally { v.close(); } })).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
      rmSync(underPool, { force: true });
    }
  });
});
