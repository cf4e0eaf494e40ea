// Snapvisor's files on a host, through libvirt's storage API on the test driver (in memory): the
// pool made once per install id, names that carry the VM, what is ours and what is not.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Connection, volumeXml } from '../../../native';
import { HostFiles, parseVolumeName, vmOfVolume } from '../../../electron/services/files';
import { destroyPool, ensurePool, poolName } from '../../../electron/services/files/pool';
import { consoleName, volumeName } from '../../../electron/services/files/volume-names';

const VM = '6695eb01-f6a4-8304-79aa-97f2502e193f';
const INSTALL = 'a1b2c3d4e5f6';

describe('volume names', () => {
  it('carry the VM, the role, the id and the disk, and parse back', () => {
    const name = volumeName({ vmUuid: VM.toUpperCase(), role: 'snap', id: '0123456789ab', target: 'vdb' }, 'qcow2');
    expect(name).toBe(`${VM}.snap-0123456789ab.vdb.qcow2`);
    expect(parseVolumeName(name)).toEqual({ vmUuid: VM, role: 'snap', id: '0123456789ab', target: 'vdb', ext: 'qcow2' });
    expect(parseVolumeName(volumeName({ vmUuid: VM, role: 'mem', id: 'ab' }, 'save'))).toEqual({ vmUuid: VM, role: 'mem', id: 'ab', ext: 'save' });
    expect(vmOfVolume(consoleName(VM))).toBe(VM);
    expect(parseVolumeName(consoleName(VM))).toMatchObject({ vmUuid: VM, role: 'new', ext: 'log' });
  });

  it('are never made from anything but ids, UUIDs and disk targets', () => {
    for (const bad of [{ vmUuid: '../etc', id: 'a' }, { vmUuid: VM, id: 'a/b' }, { vmUuid: VM, id: 'a', target: '../vda' }, { vmUuid: VM, id: 'A B' }]) {
      expect(() => volumeName({ role: 'snap', ...bad }, 'qcow2')).toThrow(expect.objectContaining({ code: 'invalid_input' }));
    }
    for (const foreign of ['disk.qcow2', `${VM}.qcow2`, `${VM}.bogus-1.vda.qcow2`, `${VM}.snap-1.vda.exe`, `x${VM}.snap-1.qcow2`]) {
      expect(parseVolumeName(foreign)).toBeNull();
    }
  });
});

describe('HostFiles on the test driver', () => {
  let conn: Connection;
  let files: HostFiles;
  beforeEach(async () => {
    conn = await Connection.open('test:///default');
    const { pool, dir } = await ensurePool(conn, INSTALL);
    files = new HostFiles(conn, pool, dir, null);
  });
  afterEach(() => conn.close());

  it('makes the pool once, autostarted, and finds it again', async () => {
    const again = await ensurePool(conn, INSTALL);
    expect(again.dir).toBe(files.poolDir);
    expect(again.pool.name()).toBe(poolName(INSTALL));
    expect(again.pool.autostart()).toBe(true);
    expect(conn.listAllStoragePools().filter((p) => { try { return p.name() === poolName(INSTALL); } finally { p.close(); } })).toHaveLength(1);
    again.pool.close();
  });

  it('creates overlays and memory files where their names say, reads them back, counts a VM\'s space', async () => {
    const overlay = await files.overlay({ vmUuid: VM, role: 'snap', id: 'aaaa', target: 'vda', backing: { path: '/guest/disk.img', format: 'raw' } });
    expect(overlay).toBe(files.pathOf({ vmUuid: VM, role: 'snap', id: 'aaaa', target: 'vda' }, 'qcow2'));
    expect(await files.image(overlay)).toMatchObject({ vmUuid: VM, format: 'qcow2', backing: { path: '/guest/disk.img', format: 'raw' } });
    const mem = await files.memoryFile(VM, 'aaaa');
    expect(mem).toBe(`${files.poolDir}/${VM}.mem-aaaa.save`);
    const other = await files.memoryFile('00000000-0000-0000-0000-000000000001', 'bbbb');
    expect((await files.images(VM)).map((i) => i.path).sort()).toEqual([overlay, mem].sort());
    expect((await files.images()).map((i) => i.path)).toContain(other);
    expect(await files.usage(VM)).toBe((await files.images(VM)).reduce((a, i) => a + i.allocation, 0));
  });

  it('removes only its own files', async () => {
    const mine = await files.memoryFile(VM, 'cccc');
    expect(files.owns(mine)).toBe(true);
    expect(files.owns('/guest/disk.img')).toBe(false);
    expect(files.owns(`${files.poolDir}-evil/x`)).toBe(false);
    expect(await files.remove('/guest/disk.img')).toBe(false);
    expect(await files.remove(mine)).toBe(true);
    expect(await files.image(mine)).toBeNull();
    const other = await files.memoryFile(VM, 'cccd');
    expect(await files.hasData(mine)).toBe(false);
    expect(await files.hasData(other)).toBe(false);
    expect(await files.presence([mine, other, '/guest/disk.img'])).toEqual(new Map<string, boolean | null>([[mine, false], [other, true], ['/guest/disk.img', null]]));
    // Removing what is already gone is not an error.
    expect(await files.remove(mine)).toBe(true);
  });

  it('says whether a file has data yet: from the file itself on this machine, else from libvirt', async () => {
    const name = volumeName({ vmUuid: VM, role: 'mem', id: 'dddd' }, 'save');
    using vol = await files.pool.createVolumeXml(volumeXml({ name, capacityBytes: 4096, format: 'raw' }));
    // The test driver's files exist only in its memory: libvirt answers.
    expect(await files.hasData(vol.path())).toBe(true);
    // A file this machine holds answers for itself, whatever libvirt knows of the path.
    const dir = mkdtempSync(join(tmpdir(), 'sv-hasdata-'));
    try {
      const file = join(dir, 'mem.save');
      writeFileSync(file, '');
      expect(await files.hasData(file)).toBe(false);
      writeFileSync(file, 'LibvirtQemudSave');
      expect(await files.hasData(file)).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('copies through a throw-away overlay it removes again', async () => {
    const vm = '00000000-0000-0000-0000-0000000000c0';
    const src = await files.overlay({ vmUuid: vm, role: 'snap', id: 'dddd', target: 'vdb', backing: { path: '/guest/data.img', format: 'raw' } });
    const copy = await files.copy({ vmUuid: vm, role: 'ext', id: 'eeee', target: 'vdb', source: { path: src, format: 'qcow2' }, format: 'qcow2' });
    expect(copy).toBe(`${files.poolDir}/${vm}.ext-eeee.vdb.qcow2`);
    expect((await files.images(vm)).map((i) => parseVolumeName(i.name!)!.role).sort()).toEqual(['ext', 'snap']);
  });

  it('removes the pool with everything in it', async () => {
    await files.memoryFile(VM, 'ffff');
    await destroyPool(conn, INSTALL);
    expect(conn.listAllStoragePools().some((p) => { try { return p.name() === poolName(INSTALL); } finally { p.close(); } })).toBe(false);
  });
});
