// The QEMU guest agent through libvirt, against the kit's own agent (init.sh, guestAgent: true):
// ping, plain commands, and a QUIESCE disk-only snapshot that freezes before and thaws after.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  VIR_DOMAIN_SNAPSHOT_CREATE as CREATE, el, renderXml, type Connection,
} from '../../../native';
import { cleanupGuests, cleanupStaleGuests, createGuest, openSystem, until, type Guest } from '../../guest/kit';

describe('the guest agent on qemu:///system (the kit agent)', () => {
  let conn: Connection;
  let withAgent: Guest;
  let without: Guest;
  beforeAll(async () => {
    conn = await openSystem();
    await cleanupStaleGuests(conn);
    withAgent = await createGuest(conn, { label: 'qga', guestAgent: true });
    without = await createGuest(conn, { label: 'noqga' });
    await withAgent.start();
    await withAgent.waitForTick(2);
  });
  afterAll(async () => {
    await cleanupGuests();
    conn?.close();
  });

  it('agentPing is true with the kit agent and false, quickly, on a guest without a channel', async () => {
    await withAgent.waitForAgent();
    expect(await withAgent.domain.agentPing(2)).toBe(true);
    // A running domain without the channel: libvirt says no at once, booted or not (kept short:
    // two guests at a time at most).
    await without.start();
    const t0 = Date.now();
    expect(await without.domain.agentPing(2)).toBe(false);
    expect(Date.now() - t0).toBeLessThan(5_000);
    await without.destroy();
    expect(withAgent.console().agent).toContain('QGA guest-ping');
  });

  it('answers guest-info and guest-fsfreeze-status, and says CommandNotFound to anything else', async () => {
    const info = JSON.parse(await withAgent.domain.agentCommand('{"execute":"guest-info"}', 5)) as { return: { version: string; supported_commands: { name: string }[] } };
    expect(info.return.version).toBe('0.0-svtest');
    expect(info.return.supported_commands.map((c) => c.name)).toContain('guest-fsfreeze-freeze');
    expect(JSON.parse(await withAgent.domain.agentCommand('{"execute":"guest-fsfreeze-status"}', 5))).toEqual({ return: 'thawed' });
    await expect(withAgent.domain.agentCommand('{"execute":"guest-exec","arguments":{"path":"/bin/true"}}', 5))
      .rejects.toMatchObject({ name: 'LibvirtError', message: expect.stringMatching(/CommandNotFound|has not been found/) });
  });

  it('QUIESCE: libvirt freezes through the agent before the overlay is taken and thaws after', async () => {
    const g = withAgent;
    const base = g.disk('vda').file;
    const overlay = join(g.dir, 'vda.quiesced.qcow2');
    const before = g.console().agent.length;
    const xml = renderXml(el('domainsnapshot', {},
      el('name', {}, 'quiesced'),
      el('disks', {}, el('disk', { name: 'vda', snapshot: 'external' }, el('driver', { type: 'qcow2' }), el('source', { file: overlay })))));
    (await g.domain.createSnapshot(xml, CREATE.DISK_ONLY | CREATE.ATOMIC | CREATE.QUIESCE)).close();
    await until(() => g.console().agent.slice(before).some((l) => l.startsWith('THAWED')), 20_000, 'THAWED on the console');
    const exchange = g.console().agent.slice(before);
    console.info(`QGA exchange for QUIESCE: ${exchange.join(' | ')}\nwhole agent log: ${g.console().agent.join(' | ')}`);
    const frozen = exchange.indexOf('FROZEN 1');
    const thawed = exchange.indexOf('THAWED 1');
    expect(frozen).toBeGreaterThanOrEqual(0);
    expect(thawed).toBeGreaterThan(frozen);
    expect(exchange.slice(0, frozen)).toContain('QGA guest-fsfreeze-freeze');
    expect(exchange.slice(frozen, thawed)).toContain('QGA guest-fsfreeze-thaw');
    expect(JSON.parse(await g.domain.agentCommand('{"execute":"guest-fsfreeze-status"}', 5))).toEqual({ return: 'thawed' });
    // The disk shows the order: the frozen base holds the freeze marker, the overlay the thaw.
    await g.destroy();
    expect(g.agentMark(base)).toBe('FREEZE 1');
    expect(g.agentMark(overlay)).toBe('THAW 1');
  });
});
