import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Connection, LibvirtError, StoragePool, VIR_CONNECT_LIST_STORAGE_POOLS as LIST, VIR_ERR, dirPoolXml,
  parseStoragePoolXml, parseStorageVolumeXml, volumeXml,
} from '../../../native';
import { uniqueName } from './helpers';

describe('storage pools and volumes on the test driver', () => {
  let conn: Connection;
  let pool: StoragePool;
  beforeAll(async () => {
    conn = await Connection.open('test:///default');
    const name = uniqueName('pool');
    pool = await conn.createDirStoragePool(name, `/${name}`);
  });
  afterAll(async () => {
    if (!pool.closed && pool.isActive()) await pool.destroy();
    pool.close();
    conn.close();
  });

  it('lists pools with flags and looks them up by name, UUID and volume', () => {
    const all = conn.listAllStoragePools();
    const names = all.map((p) => p.name());
    for (const p of all) p.close();
    expect(names).toEqual(expect.arrayContaining(['default-pool', pool.name()]));
    const transient = conn.listAllStoragePools(LIST.TRANSIENT).map((p) => {
      const n = p.name();
      p.close();
      return n;
    });
    expect(transient).toContain(pool.name());
    expect(transient).not.toContain('default-pool');
    using byName = conn.lookupStoragePoolByName('default-pool');
    using byUuid = conn.lookupStoragePoolByUuid(byName.uuid());
    expect(byUuid.name()).toBe('default-pool');
    expect(byName.isPersistent()).toBe(true);
    expect(byName.autostart()).toBe(false);
    expect(() => conn.lookupStoragePoolByName('no-such-pool')).toThrow(expect.objectContaining({ code: VIR_ERR.NO_STORAGE_POOL }));
  });

  it('describes a transient dir pool, refreshes it off the JS thread', async () => {
    expect(pool.isActive()).toBe(true);
    expect(pool.isPersistent()).toBe(false);
    expect(pool.info()).toMatchObject({ state: 'running' });
    expect(pool.describe()).toMatchObject({ type: 'dir', name: pool.name(), targetPath: `/${pool.name()}` });
    expect(pool.describe().capacity).toBeGreaterThan(0);
    await pool.refresh();
  });

  it('creates, finds, describes and deletes volumes, including a thin overlay', async () => {
    const base = await pool.createVolume({ name: 'base.qcow2', capacityBytes: 64 * 1024 * 1024 });
    const overlay = await pool.createVolume({
      name: 'top <&> .qcow2', capacityBytes: 64 * 1024 * 1024, backing: { path: base.path(), format: 'qcow2' },
    });
    try {
      expect(base.path()).toBe(`/${pool.name()}/base.qcow2`);
      expect(base.key()).toBe(base.path());
      expect(base.info()).toMatchObject({ type: 'file', capacity: 64 * 1024 * 1024 });
      const desc = overlay.describe();
      expect(desc).toMatchObject({
        name: 'top <&> .qcow2', format: 'qcow2', capacity: 64 * 1024 * 1024, mode: '0600',
        backingStore: { path: base.path(), format: 'qcow2' },
      });
      const names = pool.listAllVolumes().map((v) => {
        const n = v.name();
        v.close();
        return n;
      });
      expect(names.sort()).toEqual(['base.qcow2', 'top <&> .qcow2']);
      using found = conn.lookupStorageVolumeByPath(overlay.path());
      expect(found.name()).toBe('top <&> .qcow2');
      // The same off the JS thread.
      using foundAsync = await conn.findStorageVolumeByPath(base.path());
      expect(await foundAsync.fetchInfo()).toEqual(base.info());
      using byKey = conn.lookupStorageVolumeByKey(base.key());
      expect(byKey.name()).toBe('base.qcow2');
      using byName = pool.lookupVolume('base.qcow2');
      using owner = conn.lookupStoragePoolByVolume(byName);
      expect(owner.name()).toBe(pool.name());
      await expect(pool.createVolume({ name: 'base.qcow2', capacityBytes: 1024 })).rejects.toMatchObject({
        name: 'LibvirtError', code: VIR_ERR.OPERATION_FAILED, libvirtMessage: expect.stringContaining('already exists'),
      });
      // Wiping is a real driver's job: the test driver says so, from the worker thread.
      await expect(base.wipe()).rejects.toMatchObject({ code: VIR_ERR.NO_SUPPORT, operation: 'virStorageVolWipePattern base.qcow2' });
    } finally {
      await overlay.delete();
      overlay.close();
      await base.delete();
      base.close();
    }
    expect(pool.listAllVolumes()).toEqual([]);
    expect(() => conn.lookupStorageVolumeByPath(`/${pool.name()}/base.qcow2`)).toThrow(LibvirtError);
    await expect(conn.findStorageVolumeByPath(`/${pool.name()}/base.qcow2`)).rejects.toMatchObject({ code: VIR_ERR.NO_STORAGE_VOL });
  });

  it('defines, starts, stops and undefines a persistent pool', async () => {
    const name = uniqueName('def');
    const p = conn.defineStoragePool(dirPoolXml({ name, path: `/${name}` }));
    try {
      expect(p.isActive()).toBe(false);
      expect(p.info().state).toBe('inactive');
      await p.start();
      expect(p.isActive()).toBe(true);
      await p.destroy();
      expect(p.isActive()).toBe(false);
    } finally {
      p.undefine();
      p.close();
    }
    expect(() => conn.lookupStoragePoolByName(name)).toThrow(LibvirtError);
  });

  it('destroying a transient pool removes it', async () => {
    const name = uniqueName('gone');
    const p = await conn.createDirStoragePool(name, `/${name}`);
    await p.destroy();
    p.close();
    expect(() => conn.lookupStoragePoolByName(name)).toThrow(expect.objectContaining({ code: VIR_ERR.NO_STORAGE_POOL }));
  });
});

describe('storage XML', () => {
  it('builds escaped pool and volume XML that parses back', () => {
    const pxml = dirPoolXml({ name: 'a&b', path: "/var/x'y" });
    expect(parseStoragePoolXml(pxml)).toMatchObject({ type: 'dir', name: 'a&b', targetPath: "/var/x'y" });
    const vxml = volumeXml({ name: 'v"1', capacityBytes: 1234, format: 'raw', mode: '0640' });
    expect(parseStorageVolumeXml(vxml)).toMatchObject({ name: 'v"1', capacity: 1234, allocation: 0, format: 'raw', mode: '0640', backingStore: undefined });
  });

  it('converts size units to bytes', () => {
    const v = parseStorageVolumeXml("<volume><name>x</name><capacity unit='GiB'>2</capacity><allocation unit='KiB'>3</allocation><physical>5</physical></volume>");
    expect(v).toMatchObject({ capacity: 2 * 1024 ** 3, allocation: 3072, physical: 5 });
    expect(() => parseStorageVolumeXml('<pool/>')).toThrow(/not a storage volume/);
  });
});
