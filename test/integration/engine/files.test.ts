// Snapvisor's storage pool on the real qemu:///system daemon: the directory and files it makes
// (0700/0600, named by ids), copies that carry the data of a whole backing chain, copies beside
// a disk outside every pool (through a transient pool that goes away), any file's volume reached
// the same way, removal, and the pool's removal with everything in it, also of a pool half-made or
// whose directory went behind libvirt's back, and one whose file would not go (it stays, listing
// the file, until it can).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { dirPoolXml, ownAll, type Connection } from '../../../native';
import { HostFiles } from '../../../electron/services/files';
import { destroyPool, ensurePool, poolName, SYSTEM_POOL_PARENT } from '../../../electron/services/files/pool';
import { STATE_DIR, openSystem, qemuImg } from '../../guest/kit';

const VM = '4f3c0b6e-9d1a-4c51-a0a1-5be1f00dfa11';

function pattern(file: string, offset: number, byte: number): boolean {
  try {
    execFileSync('qemu-io', ['-r', '-U', '-f', 'qcow2', '-c', `read -P ${byte} ${offset} 1M`, file], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
}

describe('Snapvisor files through libvirt storage on qemu:///system', () => {
  let conn: Connection;
  let files: HostFiles;
  const installId = randomBytes(6).toString('hex');
  const outside = join(STATE_DIR, 'engine', `files-${installId}`);
  const base = join(outside, 'base.qcow2');
  const poolExists = (name: string): boolean => conn.listAllStoragePools().some((p) => { try { return p.name() === name; } finally { p.close(); } });
  beforeAll(async () => {
    conn = await openSystem();
    mkdirSync(outside, { recursive: true, mode: 0o700 });
    qemuImg('create', '-q', '-f', 'qcow2', base, '16M');
    execFileSync('qemu-io', ['-f', 'qcow2', '-c', 'write -P 0x11 0 1M', base], { stdio: 'pipe' });
    const { pool, dir } = await ensurePool(conn, installId);
    files = new HostFiles(conn, pool, dir, null);
  });
  afterAll(async () => {
    await destroyPool(conn, installId);
    rmSync(outside, { recursive: true, force: true });
    conn?.close();
  });

  it('keeps its pool in a private directory under /var/lib/libvirt, persistent and autostarted', async () => {
    expect(files.poolDir).toBe(join(SYSTEM_POOL_PARENT, installId));
    expect(statSync(files.poolDir).mode & 0o777).toBe(0o700);
    const again = await ensurePool(conn, installId);
    expect(again.pool.isPersistent()).toBe(true);
    expect(again.pool.autostart()).toBe(true);
    again.pool.close();
  });

  it('makes 0600 overlays on any backing file, and a full copy of the chain\'s data', async () => {
    const overlay = await files.overlay({ vmUuid: VM, role: 'snap', id: 'a1', target: 'vda', backing: { path: base, format: 'qcow2' } });
    expect(statSync(overlay).mode & 0o777).toBe(0o600);
    const info = JSON.parse(qemuImg('info', '--output=json', overlay)) as { 'backing-filename': string; 'virtual-size': number; 'format-specific': { data: { compat: string } } };
    expect(info).toMatchObject({ 'backing-filename': base, 'virtual-size': 16 * 1024 * 1024 });
    expect(info['format-specific'].data.compat).toBe('1.1');
    execFileSync('qemu-io', ['-f', 'qcow2', '-c', 'write -P 0x22 1M 1M', overlay], { stdio: 'pipe' });
    const copy = await files.copy({ vmUuid: VM, role: 'ext', id: 'b2', target: 'vda', source: { path: overlay, format: 'qcow2' }, format: 'qcow2' });
    const copyInfo = JSON.parse(qemuImg('info', '--output=json', copy)) as { 'backing-filename'?: string };
    expect(copyInfo['backing-filename']).toBeUndefined();
    expect(pattern(copy, 0, 0x11) && pattern(copy, 1024 * 1024, 0x22)).toBe(true);
    expect(statSync(copy).mode & 0o777).toBe(0o600);
    // The throw-away overlay the copy went through is gone.
    expect((await files.images(VM)).map((i) => i.path).sort()).toEqual([copy, overlay].sort());
    const mem = await files.memoryFile(VM, 'a1');
    expect(statSync(mem).mode & 0o777).toBe(0o600);
    expect(await files.usage(VM)).toBeGreaterThan(0);
  });

  const pools = (): string[] => conn.listAllStoragePools().map((p) => { try { return p.name(); } finally { p.close(); } }).sort();

  it('copies beside a disk outside every pool without leaving a pool behind', async () => {
    const before = pools();
    const path = await files.copyInto(outside, 'restored.qcow2', { path: base, format: 'qcow2' }, 'qcow2', VM, 'vda');
    expect(path).toBe(join(outside, 'restored.qcow2'));
    expect(pattern(path, 0, 0x11)).toBe(true);
    expect(pools()).toEqual(before);
    await expect(files.copyInto(outside, 'restored.qcow2', { path: base, format: 'qcow2' }, 'qcow2', VM, 'vda')).rejects.toMatchObject({ code: 'target_exists' });
    expect(pools()).toEqual(before);
  });

  it('reaches the volume of any file, one outside every pool through a transient pool that goes away', async () => {
    const before = pools();
    const seen = await files.withVolume(base, async (vol, image) => ({ name: vol.name(), image }));
    expect(seen).toMatchObject({ name: 'base.qcow2', image: { path: base, format: 'qcow2', name: null, backing: null } });
    expect(pools()).toEqual(before);
    const missing = files.pathOf({ vmUuid: VM, role: 'snap', id: 'missing', target: 'vda' }, 'qcow2');
    await expect(files.withVolume(missing, async () => 1)).rejects.toMatchObject({ code: 'file_missing' });
  });

  it('removes only its own files, and the pool with everything in it', async () => {
    expect(await files.remove(base)).toBe(false);
    expect(existsSync(base)).toBe(true);
    for (const i of await files.images(VM)) expect(await files.remove(i.path)).toBe(true);
    expect(await files.images(VM)).toEqual([]);
    await files.memoryFile(VM, 'c3');
    await destroyPool(conn, installId);
    expect(existsSync(files.poolDir)).toBe(false);
    expect(poolExists(poolName(installId))).toBe(false);
  });


  it('removes a pool whose directory was removed behind libvirt\'s back, volumes still listed', async () => {
    const other = randomBytes(6).toString('hex');
    const { pool, dir } = await ensurePool(conn, other);
    const made = new HostFiles(conn, pool, dir, null);
    await made.memoryFile(VM, 'd4');
    rmSync(dir, { recursive: true, force: true });
    await destroyPool(conn, other);
    expect(poolExists(poolName(other))).toBe(false);
  });

  it('removes a pool defined and never built (a first use that failed half-way)', async () => {
    const other = randomBytes(6).toString('hex');
    conn.defineStoragePool(dirPoolXml({ name: poolName(other), path: join(SYSTEM_POOL_PARENT, other), mode: '0700' })).close();
    await destroyPool(conn, other);
    expect(poolExists(poolName(other))).toBe(false);
  });

  it('keeps a pool whose file would not go, listing it, and removes it once it can', async () => {
    const other = randomBytes(6).toString('hex');
    const { pool, dir } = await ensurePool(conn, other);
    const mem = await new HostFiles(conn, pool, dir, null).memoryFile(VM, 'e5');
    execFileSync('chattr', ['+i', mem]);
    try {
      await expect(destroyPool(conn, other)).rejects.toThrow(/Operation not permitted/);
      using again = conn.lookupStoragePoolByName(poolName(other));
      using left = ownAll(again.listAllVolumes());
      expect(left.map((v) => v.path())).toEqual([mem]);
    } finally {
      execFileSync('chattr', ['-i', mem]);
    }
    await destroyPool(conn, other);
    expect(poolExists(poolName(other))).toBe(false);
    expect(existsSync(dir)).toBe(false);
  });
});
