// libvirtd restarted in the middle of an external memory snapshot, and a VM undefined behind
// Snapvisor's back: clear errors, and metadata that agrees with libvirt after reconcile.
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VIR_DOMAIN_UNDEFINE, type Connection } from '../../../native';
import type { EngineServices } from '../../../electron/services';
import { SnapvisorError } from '../../../shared/errors';
import { cleanupGuests, cleanupStaleGuests, createGuest, openSystem, type Guest, LONG_MEMORY_WRITE } from '../../guest/kit';
import { HOST, systemServices } from '../../integration/engine/engine-kit';
import { onMemoryWritten } from '../../integration/engine/memory-written';
import { checkConsistent, removeGuestDomains, restartLibvirtd } from './fault-kit';

describe('libvirtd restarts and VMs that vanish', () => {
  let conn: Connection;
  let sv: Awaited<ReturnType<typeof systemServices>>;
  let s: EngineServices;
  const guests: Guest[] = [];
  beforeAll(async () => {
    conn = await openSystem();
    await cleanupStaleGuests(conn);
    sv = await systemServices();
    s = sv.services;
  });
  afterAll(async () => {
    await removeGuestDomains(guests);
    await cleanupGuests();
    await sv?.dispose();
    try { conn?.close(); } catch { /* dead since the restart */ }
  });

  it('restart mid memory snapshot: daemon_restarted, nothing half-made, the guest runs on, reconcile agrees', async () => {
    const g = await createGuest(conn, { label: 'fault-daemon', systemFormat: 'raw', ...LONG_MEMORY_WRITE });
    guests.push(g);
    await g.start();
    await g.waitForTick(3);
    let restart: Promise<void> | null = null;
    const off = onMemoryWritten(s, g.uuid, 'during restart', () => { restart = restartLibvirtd(); });
    let error: unknown = null;
    try {
      await s.snapshots.create({ hostId: HOST, vmUuid: g.uuid, kind: 'memory', name: 'during restart' });
    } catch (e) {
      error = e;
    } finally {
      off();
    }
    expect(restart).not.toBeNull();
    await restart;
    expect(error).toBeInstanceOf(SnapvisorError);
    const err = error as SnapvisorError;
    expect(['daemon_restarted', 'libvirt_error'], err.message).toContain(err.code);
    if (err.code === 'libvirt_error') expect(String(err.params.detail)).toMatch(/connection|closed|end of file|restart/i);
    const row = s.snapshots.list({ vmUuid: g.uuid }).find((r) => r.name === 'during restart')!;
    expect(row.state).toBe('error');

    const fresh = await openSystem();
    g.domain = fresh.lookupDomainByUuid(g.uuid);
    expect(g.state()).toBe('running');
    const ticks = g.console().ticks.length;
    await g.waitForMoreTicks(ticks, 5, 60_000);
    await s.snapshots.reconcile(HOST);
    // Settled by what the host did: the restarted daemon either has the snapshot (it finished the
    // job it recovered) and the row is ready with its files, or the row stays failed and the memory
    // file, which the create could not remove while the daemon was away, is gone now.
    const settled = s.snapshots.get(row.id).snapshot;
    if (settled.state === 'ready') expect(existsSync(row.memoryFile!), 'a ready memory snapshot keeps its file').toBe(true);
    else expect([settled.state, existsSync(row.memoryFile!)]).toEqual(['error', false]);
    checkConsistent(s, g);
    // Snapvisor works on over its reopened connection.
    const after = await s.snapshots.create({ hostId: HOST, vmUuid: g.uuid, kind: 'hot', name: 'after restart' });
    expect(after.state).toBe('ready');
    checkConsistent(s, g);
  });

  it('a VM undefined behind Snapvisor\'s back: its snapshots become missing on reconcile, forget removes them', async () => {
    const fresh = await openSystem();
    const g = await createGuest(fresh, { label: 'fault-undef' });
    guests.push(g);
    const cold = await s.snapshots.create({ hostId: HOST, vmUuid: g.uuid, kind: 'cold', name: 'cold' });
    expect(cold).toMatchObject({ state: 'ready', location: 'external' });
    g.domain.undefine(VIR_DOMAIN_UNDEFINE.SNAPSHOTS_METADATA);
    const report = await s.snapshots.reconcile(HOST);
    expect(report.missing).toBeGreaterThanOrEqual(1);
    expect(s.snapshots.get(cold.id).snapshot.state).toBe('missing');
    await expect(s.snapshots.revert(cold.id)).rejects.toMatchObject({ code: 'snapshot_not_ready' });
    s.snapshots.forget(cold.id);
    expect(s.snapshots.list({ vmUuid: g.uuid, includeDependents: true })).toEqual([]);
    fresh.close();
  });
});
