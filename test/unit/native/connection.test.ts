import { describe, expect, it } from 'vitest';
import { Connection, LibvirtError, VIR_ERR, libraryVersion, versionAtLeast } from '../../../native';

describe('Connection on the test driver', () => {
  it('opens test:///default and reports identity and versions', async () => {
    const conn = await Connection.open('test:///default');
    try {
      expect(conn.uri()).toBe('test:///default');
      expect(conn.driverType()).toBe('TEST');
      expect(conn.isAlive()).toBe(true);
      expect(versionAtLeast(conn.libVersion(), 9, 0)).toBe(true);
      expect(libraryVersion()).toEqual(conn.libVersion());
      expect(conn.hostname().length).toBeGreaterThan(0);
      expect(conn.capabilitiesXml()).toContain('<capabilities>');
    } finally {
      conn.close();
    }
  });

  it('turns a failed lookup into a LibvirtError with libvirt code and operation', () => {
    const conn = Connection.openSync('test:///default');
    try {
      expect(() => conn.lookupDomainByName('no-such-vm')).toThrowError(LibvirtError);
      try {
        conn.lookupDomainByName('no-such-vm');
      } catch (e) {
        const err = e as LibvirtError;
        expect(err.code).toBe(VIR_ERR.NO_DOMAIN);
        expect(err.codeName).toBe('NO_DOMAIN');
        expect(err.operation).toContain('virDomainLookupByName');
      }
    } finally {
      conn.close();
    }
  });

  it('reports the error of a failed async open from its worker thread', async () => {
    await expect(Connection.open('bogus:///nothing')).rejects.toMatchObject({ name: 'LibvirtError' });
  });
});
