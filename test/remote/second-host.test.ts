// The second libvirt host the copies tests send to, proven to be what they need: a daemon of its
// own (a domain defined there is not seen on qemu:///system, nor the other way round, and its
// definitions are written under its own /etc/libvirt), reached over its own sshd, that runs a kit
// guest (its disks and console under the kit's state dir, which both daemons see), and that
// leaves nothing running once released by the last test process holding it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { Connection } from '../../native';
import { STATE_DIR, cleanupGuests, createGuest, openSystem } from '../guest/kit';
import { clientNamespace } from './remote-host';
import { secondHost, type SecondHost } from './second-host';

function names(conn: Connection): string[] {
  return conn.listAllDomains().map((d) => {
    const n = d.name();
    d.close();
    return n;
  });
}

describe('the second libvirt host', () => {
  let host: SecondHost;
  let local: Connection;
  let far: Connection;

  beforeAll(async () => {
    clientNamespace();
    host = await secondHost();
    local = await openSystem();
    far = await Connection.open(host.uri);
  });

  afterAll(async () => {
    await cleanupGuests();
    far?.close();
    local?.close();
    if (!host) return;
    const pids = host.pids();
    if ((await host.release()) === 'stopped') {
      // Nothing of it keeps running: its daemons (and sshd) are gone.
      // (A zombie is gone too: where PID 1 does not reap, its entry stays in /proc.)
      const running = (p: number): boolean => {
        try {
          return !/^\d+ \(.*\) Z /.test(readFileSync(`/proc/${p}/stat`, 'utf8'));
        } catch {
          return false;
        }
      };
      expect(pids.filter(running)).toEqual([]);
    }
  });

  it('is a daemon of its own: domains defined on one host are not seen on the other', async () => {
    const there = await createGuest(far, { label: 'h2' });
    const here = await createGuest(local, { label: 'h1' });
    expect(names(far)).toContain(there.name);
    expect(names(far)).not.toContain(here.name);
    expect(names(local)).toContain(here.name);
    expect(names(local)).not.toContain(there.name);
    // Its persistent definitions live in its own /etc/libvirt, bound from the tests' directory.
    expect(existsSync(`${STATE_DIR}/host2/etc/qemu/${there.name}.xml`)).toBe(true);
    expect(existsSync(`/etc/libvirt/qemu/${there.name}.xml`)).toBe(false);
    expect(host.run('ls', '/etc/libvirt/qemu').split('\n')).toContain(`${there.name}.xml`);
    expect(host.run('ls', '/etc/libvirt/qemu').split('\n')).not.toContain(`${here.name}.xml`);
  });

  it('runs a kit guest', async () => {
    const g = await createGuest(far, { label: 'h2run' });
    await g.start();
    await g.waitForTick(5);
    // Its QEMU is the second daemon's: the pid file is in the second host's private /run/libvirt.
    const pid = Number(host.run('cat', `/run/libvirt/qemu/${g.name}.pid`).trim());
    expect(existsSync(`/proc/${pid}`)).toBe(true);
    expect(existsSync(`/run/libvirt/qemu/${g.name}.pid`)).toBe(false);
    expect(() => local.lookupDomainByName(g.name)).toThrow();
    await g.destroy();
    expect(g.state()).toBe('shutoff');
  });
});
