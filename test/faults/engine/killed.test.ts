// Snapvisor killed (SIGKILL) mid-create of a memory snapshot, mid-restore and mid-delete: after
// reconcile no row is transient, rows agree with libvirt and the files, and every remaining
// snapshot still restores. The kill comes from a second process on the same db and data dir.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection } from '../../../native';
import type { EngineServices } from '../../../electron/services';
import type { Snapshot } from '../../../shared/model';
import { SYSTEM_URI, cleanupGuests, cleanupStaleGuests, createGuest, openSystem, type Guest, LONG_MEMORY_WRITE } from '../../guest/kit';
import { HOST, systemServices } from '../../integration/engine/engine-kit';
import { checkConsistent, runWorker } from './fault-kit';
import type { WorkerArgs } from './worker';

describe('Snapvisor killed mid-operation', () => {
  let conn: Connection;
  let sv: Awaited<ReturnType<typeof systemServices>>;
  let s: EngineServices;
  let g: Guest;
  let first: Snapshot;
  let args: Omit<WorkerArgs, 'op' | 'killAt'>;
  beforeAll(async () => {
    conn = await openSystem();
    await cleanupStaleGuests(conn);
    sv = await systemServices();
    s = sv.services;
    // External policy (raw disk) and RAM that takes a while to write.
    g = await createGuest(conn, { label: 'fault-kill', systemFormat: 'raw', ...LONG_MEMORY_WRITE });
    await g.start();
    await g.waitForTick(3);
    first = await s.snapshots.create({ hostId: HOST, vmUuid: g.uuid, kind: 'memory', name: 'first' });
    args = { dbPath: join(sv.dir, 'snapvisor.db'), dataDir: join(sv.dir, 'data'), uri: SYSTEM_URI, hostId: HOST, vmUuid: g.uuid };
  });
  afterAll(async () => {
    await cleanupGuests();
    await sv?.dispose();
    conn?.close();
  });

  it('mid-create (libvirt writing RAM): reconcile resolves the row to ready with its files or to error with none, and puts the downtime limit back', async () => {
    const ownDowntime = await g.domain.migrateMaxDowntime();
    const exit = await runWorker({ ...args, op: 'create-memory', killAt: 'memory-written' });
    expect(exit.signal, exit.stderr).toBe('SIGKILL');
    expect(exit.stdout).toContain('transient');
    const killed = s.snapshots.list({ vmUuid: g.uuid }).find((r) => r.name.startsWith('killed'))!;
    expect(killed.state).toBe('creating');
    // Killed with the limit lowered for the snapshot: QEMU keeps the low value.
    expect(await g.domain.migrateMaxDowntime()).toBeLessThan(ownDowntime);
    await s.snapshots.reconcile(HOST);
    expect(await g.domain.migrateMaxDowntime(), 'reconcile puts the VM\'s own downtime limit back').toBe(ownDowntime);
    checkConsistent(s, g);
    expect(['ready', 'error']).toContain(s.snapshots.get(killed.id).snapshot.state);
  });

  it('mid-restore: reconcile leaves the snapshot ready and consistent', async () => {
    const exit = await runWorker({ ...args, op: 'revert', snapshotId: first.id, killAt: 300 });
    expect(exit.signal, exit.stderr).toBe('SIGKILL');
    expect(s.snapshots.get(first.id).snapshot.state).toBe('restoring');
    await s.snapshots.reconcile(HOST);
    checkConsistent(s, g);
    expect(s.snapshots.get(first.id).snapshot.state).toBe('ready');
  });

  it('mid-delete: the row is gone or ready again, and every remaining snapshot restores', async () => {
    if (g.state() !== 'running') await g.start();
    const victim = await s.snapshots.create({ hostId: HOST, vmUuid: g.uuid, kind: 'memory', name: 'victim' });
    const exit = await runWorker({ ...args, op: 'delete', snapshotId: victim.id, killAt: 5 });
    expect(exit.signal, exit.stderr).toBe('SIGKILL');
    await s.snapshots.reconcile(HOST);
    const ready = checkConsistent(s, g);
    const after = s.snapshots.list({ vmUuid: g.uuid }).find((r) => r.id === victim.id);
    expect(after === undefined || after.state === 'ready').toBe(true);
    expect(ready.map((r) => r.id)).toContain(first.id);
    for (const r of ready) {
      const res = await s.snapshots.revert(r.id);
      expect(res.vmState, r.name).toBe('running');
      const ticks = g.console().ticks.length;
      // A 1 GiB memory image read back right after the others were written: give a loaded disk time.
      await g.waitForMoreTicks(ticks, 3, 180_000);
    }
    checkConsistent(s, g);
  });
});
