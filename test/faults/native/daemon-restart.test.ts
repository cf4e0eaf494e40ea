// libvirtd restarts under a live connection: the close event is delivered, a new connection
// works, and the running guest survived. Runs in the `faults` project, alone.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Connection, LibvirtError, stopEventLoop, type CloseReason } from '../../../native';
import { SYSTEM_URI, cleanupGuests, cleanupStaleGuests, createGuest, openSystem, reattachGuests, sleep, type Guest } from '../../guest/kit';

const PIDFILE = '/run/libvirtd.pid';

function daemonPid(): number | null {
  try {
    const pid = Number(readFileSync(PIDFILE, 'utf8').trim());
    process.kill(pid, 0);
    return pid;
  } catch {
    return null;
  }
}

async function restartLibvirtd(): Promise<void> {
  const pid = daemonPid();
  if (pid === null) throw new Error(`no running libvirtd (pidfile ${PIDFILE})`);
  process.kill(pid, 'SIGTERM');
  for (let i = 0; i < 200 && daemonPid() === pid; i++) await sleep(50);
  if (daemonPid() === pid) throw new Error('libvirtd did not stop');
  execFileSync('libvirtd', ['-d']);
}

async function openWhenReady(timeoutMs = 30_000): Promise<Connection> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await Connection.open(SYSTEM_URI, { events: true });
    } catch (e) {
      if (Date.now() > deadline) throw e;
      await sleep(200);
    }
  }
}

describe('libvirtd restart', () => {
  let conn: Connection;
  let watched: Connection;
  let fresh: Connection | null = null;
  let guest: Guest;
  beforeAll(async () => {
    conn = await openSystem();
    await cleanupStaleGuests(conn);
    guest = await createGuest(conn, { label: 'restart' });
    await guest.start();
    await guest.waitForTick(2);
  });
  afterAll(async () => {
    await cleanupGuests();
    conn?.close();
    watched?.close();
    fresh?.close();
    await stopEventLoop();
  });

  it('surfaces the restart as a close event; a reconnect works and the guest kept running', async () => {
    watched = await Connection.open(SYSTEM_URI, { events: true });
    const reasons: CloseReason[] = [];
    watched.onClose((r) => reasons.push(r));
    const ticksBefore = guest.console().ticks.length;

    await restartLibvirtd();

    const deadline = Date.now() + 15_000;
    while (reasons.length === 0 && Date.now() < deadline) await sleep(50);
    expect(reasons[0], 'close event after the daemon went away').toMatch(/^(eof|error|keepalive)$/);
    expect(watched.isAlive()).toBe(false);
    expect(() => watched.listAllDomains()).toThrow(LibvirtError);

    fresh = await openWhenReady();
    expect(fresh.isAlive()).toBe(true);
    [guest] = reattachGuests(fresh, [guest]) as [Guest];
    expect(guest.state()).toBe('running');
    await guest.waitForMoreTicks(ticksBefore, 10);
    expect(guest.console().boots).toHaveLength(1);

    // The new connection delivers events again.
    const seen: string[] = [];
    const off = fresh.onDomainLifecycle((e) => seen.push(`${e.domain.name} ${e.type}`));
    await guest.domain.suspend();
    await guest.domain.resume();
    const until = Date.now() + 10_000;
    while (seen.length < 2 && Date.now() < until) await sleep(50);
    off();
    expect(seen).toEqual([`${guest.name} suspended`, `${guest.name} resumed`]);
  });
});
