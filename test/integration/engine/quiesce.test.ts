// Quiesced hot snapshots on a real guest running the kit's guest agent: the engine asks libvirt
// for QUIESCE, the guest freezes before the overlay is taken and thaws after; without an
// answering agent quiesce is refused and nothing is made. vms.list says which VMs have an agent.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection } from '../../../native';
import type { EngineServices } from '../../../electron/services';
import { cleanupGuests, cleanupStaleGuests, createGuest, openSystem, until, type Guest } from '../../guest/kit';
import { HOST, systemServices } from './engine-kit';

describe('quiesced hot snapshots through the guest agent (engine, qemu:///system)', () => {
  let conn: Connection;
  let sv: Awaited<ReturnType<typeof systemServices>>;
  let s: EngineServices;
  let agent: Guest;
  let silent: Guest;
  beforeAll(async () => {
    conn = await openSystem();
    await cleanupStaleGuests(conn);
    sv = await systemServices();
    s = sv.services;
    agent = await createGuest(conn, { label: 'eng-qga', guestAgent: true });
    // The agent channel exists but nothing in the guest answers on it. It runs only within the
    // tests that need it (it need not have booted: its port stays closed either way).
    silent = await createGuest(conn, { label: 'eng-noqga', agentChannel: true });
    await agent.start();
    await agent.waitForTick(2);
    await agent.waitForAgent();
  });
  afterAll(async () => {
    await cleanupGuests();
    await sv?.dispose();
    conn?.close();
  });

  it('vms.list reports guestAgent: true for the VM whose agent answers, false for the others', async () => {
    await silent.start();
    const t0 = Date.now();
    const vms = await s.vms.list(HOST);
    expect(Date.now() - t0).toBeLessThan(10_000);
    expect(vms.find((v) => v.uuid === agent.uuid)?.guestAgent).toBe(true);
    expect(vms.find((v) => v.uuid === silent.uuid)?.guestAgent).toBe(false);
    await silent.destroy();
    await agent.destroy();
    expect((await s.vms.list(HOST)).find((v) => v.uuid === agent.uuid)?.guestAgent).toBe(false);
    await agent.start();
    await agent.waitForTick(2, 90_000, agent.console().ticks.length);
    await agent.waitForAgent();
    expect((await s.vms.list(HOST)).find((v) => v.uuid === agent.uuid)?.guestAgent).toBe(true);
  });

  it('takes a hot snapshot with quiesce: FROZEN before the overlay, THAWED after, recorded as quiesced', async () => {
    const before = agent.console().agent.length;
    const base = agent.disk('vda').file;
    const snap = await s.snapshots.create({ hostId: HOST, vmUuid: agent.uuid, kind: 'hot', name: 'quiesced', quiesce: true });
    expect(snap).toMatchObject({ state: 'ready', kind: 'hot', location: 'external', quiesced: true });
    expect(agent.state()).toBe('running');
    await until(() => agent.console().agent.slice(before).some((l) => l.startsWith('THAWED')), 20_000, 'THAWED on the console');
    const log = agent.console().agent.slice(before);
    const frozen = log.findIndex((l) => l.startsWith('FROZEN'));
    const thawed = log.findIndex((l) => l.startsWith('THAWED'));
    expect(frozen, log.join(' | ')).toBeGreaterThanOrEqual(0);
    expect(thawed, log.join(' | ')).toBeGreaterThan(frozen);
    expect(log.slice(0, frozen)).toContain('QGA guest-fsfreeze-freeze');
    expect(log.slice(frozen, thawed)).toContain('QGA guest-fsfreeze-thaw');
    const n = log[frozen]!.split(' ')[1];
    const events = s.snapshots.get(snap.id).events;
    expect(events.find((e) => e.action === 'create' && e.outcome === 'started')?.detail).toMatchObject({ quiesce: true, kind: 'hot' });
    expect(events.some((e) => e.action === 'create' && e.outcome === 'succeeded')).toBe(true);
    // On disk: the image the snapshot froze holds the freeze marker, the overlay above it the thaw.
    await agent.destroy();
    expect(agent.agentMark(base)).toBe(`FREEZE ${n}`);
    expect(agent.agentMark(snap.disks[0]!.overlay!)).toBe(`THAW ${n}`);
  });

  it('refuses quiesce when the agent does not answer, and makes nothing', async () => {
    await silent.start();
    const rowsBefore = s.snapshots.list({ hostId: HOST, vmUuid: silent.uuid }).length;
    await expect(s.snapshots.create({ hostId: HOST, vmUuid: silent.uuid, kind: 'hot', name: 'no agent', quiesce: true }))
      .rejects.toMatchObject({ code: 'quiesce_unavailable' });
    expect(s.snapshots.list({ hostId: HOST, vmUuid: silent.uuid })).toHaveLength(rowsBefore);
    expect(silent.domain.snapshotCount()).toBe(0);
    expect(await (await s.files.host(HOST)).images(silent.uuid)).toEqual([]);
    expect(silent.state()).toBe('running');
    // Without quiesce the same VM still gets a crash-consistent hot snapshot.
    const hot = await s.snapshots.create({ hostId: HOST, vmUuid: silent.uuid, kind: 'hot', name: 'crash-consistent' });
    expect(hot).toMatchObject({ state: 'ready', quiesced: false });
    await silent.destroy();
  });
});
