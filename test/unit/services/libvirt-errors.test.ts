// What a failed libvirt call becomes: a link that died is "connection lost" on a remote host and
// a daemon restart on this machine's; a missing file is a missing file, not an unreachable host.
// The link messages are libvirt 9.0's words measured here when the loopback ssh link was cut
// (test/remote/unreachable.test.ts cuts it for real); the missing file comes from the test driver.
import { describe, expect, it } from 'vitest';
import { Connection, LibvirtError, VIR_ERR } from '../../../native';
import { toSnapvisorError } from '../../../electron/services/hosts/libvirt-errors';
import { connectError } from '../../../electron/services/hosts/connect-errors';

const REMOTE = 'qemu+ssh://root@lab.example:2222/system?keyfile=/k&no_verify=1';

function failed(code: number, message: string, uri: string | null): LibvirtError {
  return new LibvirtError('virDomainSnapshotCreateXML', { code, domain: 7 /* VIR_FROM_RPC */, message }, uri);
}

const LINK_DIED = [
  [VIR_ERR.SYSTEM_ERROR, "End of file while reading data: Warning: Permanently added '[127.0.0.1]:37591' (ED25519) to the list of known hosts.: Input/output error"],
  [VIR_ERR.SYSTEM_ERROR, 'Cannot write data: Broken pipe'],
  [VIR_ERR.SYSTEM_ERROR, 'Cannot recv data: Connection reset by peer'],
  [VIR_ERR.INTERNAL_ERROR, 'internal error: client socket is closed'],
  [VIR_ERR.INTERNAL_ERROR, 'internal error: received hangup event on socket'],
] as const;

describe('libvirt failures as Snapvisor errors', () => {
  it('a link that died under a call: connection lost on a remote host (naming it), a daemon restart locally', () => {
    for (const [code, message] of LINK_DIED) {
      expect(toSnapvisorError(failed(code, message, REMOTE), { vm: 'web' }), message).toMatchObject({
        code: 'host_connection_lost', params: { vm: 'web', host: 'lab.example', detail: message },
      });
      expect(toSnapvisorError(failed(code, message, 'qemu:///system')).code, message).toBe('daemon_restarted');
    }
  });

  it('a file libvirt cannot find is file_missing with its path, on any host', async () => {
    const conn = await Connection.open('test:///default');
    try {
      const e = await conn.restoreDomain('/snapvisor-no-such/memory.save').then(() => null, (x: unknown) => x);
      expect(e).toBeInstanceOf(LibvirtError);
      expect(toSnapvisorError(e)).toMatchObject({ code: 'file_missing', params: { path: '/snapvisor-no-such/memory.save' } });
    } finally {
      conn.close();
    }
    // What qemu:///system says (measured): a disk, and the backing file of a new overlay.
    const disk = failed(VIR_ERR.SYSTEM_ERROR, "Cannot access storage file '/var/lib/x/vda.qcow2' (as uid:0, gid:0): No such file or directory", REMOTE);
    expect(toSnapvisorError(disk)).toMatchObject({ code: 'file_missing', params: { path: '/var/lib/x/vda.qcow2' } });
    const backing = failed(VIR_ERR.SYSTEM_ERROR, 'inaccessible backing store volume /var/lib/x/base.qcow2: No such file or directory', null);
    expect(toSnapvisorError(backing)).toMatchObject({ code: 'file_missing', params: { path: '/var/lib/x/base.qcow2' } });
  });

  it('another system error is libvirt’s error, not an unreachable host', () => {
    expect(toSnapvisorError(failed(VIR_ERR.SYSTEM_ERROR, "cannot open '/x': Permission denied", REMOTE)).code).toBe('libvirt_error');
  });

  it('a failed open is still "cannot reach the host", whatever the words', () => {
    const noSocket = new LibvirtError('open qemu:///system', {
      code: VIR_ERR.SYSTEM_ERROR, domain: 7, message: "Failed to connect socket to '/var/run/libvirt/libvirt-sock': No such file or directory",
    });
    expect(connectError(noSocket, 'qemu:///system').code).toBe('host_unreachable');
  });
});
