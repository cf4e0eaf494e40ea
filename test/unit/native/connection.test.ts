import { describe, expect, it } from 'vitest';
import { Connection, LibvirtError, VIR_ERR, formatVersion, libraryVersion, noPromptUri, versionAtLeast } from '../../../native';

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

  it('Connection.of gives back the connection a domain and its snapshot came from, and nothing else', async () => {
    using conn = Connection.openSync('test:///default');
    using other = Connection.openSync('test:///default');
    using dom = conn.lookupDomainByName('test');
    using snap = dom.createSnapshotSync('<domainsnapshot><name>of</name></domainsnapshot>');
    expect(Connection.of(dom)).toBe(conn);
    expect(Connection.of(snap)).toBe(conn);
    expect(Connection.of(dom)).not.toBe(other);
    expect(() => Connection.of({ connection: { ptr: conn.ptr } })).toThrow('Object was not made by a Connection');
    await snap.delete();
  });

  it('reports the error of a failed async open from its worker thread', async () => {
    await expect(Connection.open('bogus:///nothing')).rejects.toMatchObject({ name: 'LibvirtError' });
  });

  it('reports encryption, versions and refuses keepalive where the driver has none', () => {
    const conn = Connection.openSync('test:///default', { readOnly: true });
    try {
      expect(conn.isEncrypted()).toBe(false);
      expect(formatVersion(conn.hypervisorVersion())).toMatch(/^\d+\.\d+\.\d+$/);
      expect(() => conn.setKeepAlive(5, 3)).toThrow(expect.objectContaining({ code: VIR_ERR.NO_SUPPORT }));
      // Read-only: changes are refused.
      expect(() => conn.defineDomain('<domain type="test"><name>ro</name><memory>1024</memory><os><type>hvm</type></os></domain>'))
        .toThrow(expect.objectContaining({ code: VIR_ERR.OPERATION_DENIED }));
    } finally {
      conn.close();
    }
  });

  it('never lets ssh prompt: no_tty=1 is added to SSH transports', () => {
    expect(noPromptUri('qemu+ssh://root@host/system')).toBe('qemu+ssh://root@host/system?no_tty=1');
    expect(noPromptUri('qemu+ssh://host/system?keyfile=/k')).toBe('qemu+ssh://host/system?keyfile=/k&no_tty=1');
    expect(noPromptUri('qemu+libssh2://host/system')).toBe('qemu+libssh2://host/system?no_tty=1');
    expect(noPromptUri('qemu+ssh://host/system?no_tty=0')).toBe('qemu+ssh://host/system?no_tty=0');
    expect(noPromptUri('qemu+tls://host/system')).toBe('qemu+tls://host/system');
    expect(noPromptUri('qemu:///system')).toBe('qemu:///system');
  });

  it('fails a remote open it cannot authenticate without prompting', async () => {
    const t0 = Date.now();
    await expect(Connection.open('qemu+ssh://nobody@127.0.0.1:1/system')).rejects.toMatchObject({
      name: 'LibvirtError', operation: 'open qemu+ssh://nobody@127.0.0.1:1/system',
    });
    expect(Date.now() - t0).toBeLessThan(20_000);
  });
});
