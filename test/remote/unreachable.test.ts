// A remote host that goes away: its SSH link dies while the host is in the middle of a memory
// snapshot (the guest's QEMU is frozen on the host so the call is surely there, in libvirt's job),
// and the host stays unreachable for a while. The user hears "connection lost" in their language
// (not a daemon restart, not an internal error), no row stays in a transient state, every call
// meanwhile says the host refuses connections, and reconcile, once the host answers again,
// settles the row by what the host did: the snapshot it finished becomes ready (and restores the
// RAM of its time); the one it gave up leaves no file in the pool.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Connection } from '../../native';
import { formatError } from '../../shared/error-messages';
import { SnapvisorError } from '../../shared/errors';
import { TRANSIENT_STATES, type Snapshot } from '../../shared/model';
import { LONG_MEMORY_WRITE, cleanupGuests, cleanupStaleGuests, createGuest, sleep, until, type Guest } from '../guest/kit';
import { PrivateSshd, clientNamespace, filesOnHost, freezeOnNewFile, qemuPidOnHost, remoteUri, signalOnHost } from './remote-host';
import { remoteServices, restoreAndJudgeMemory, type RemoteServices } from './remote-kit';

describe('a remote host lost in the middle of an operation', () => {
  let conn: Connection;
  let sshd: PrivateSshd;
  let r: RemoteServices;
  let g: Guest;
  let poolDir: string;
  beforeAll(async () => {
    clientNamespace();
    // The test's own view of the host goes through the shared loopback sshd, which stays up.
    conn = await Connection.open(remoteUri());
    await cleanupStaleGuests(conn);
    sshd = await PrivateSshd.start();
    r = await remoteServices(remoteUri({ port: sshd.port }));
    poolDir = await r.poolDir();
    // RAM that takes a while to write: the snapshot is caught while libvirt writes it.
    g = await createGuest(conn, { label: 'remote-cut', systemFormat: 'raw', ...LONG_MEMORY_WRITE });
  });
  afterAll(async () => {
    try { signalOnHost(qemuPidOnHost(g.name), 'CONT'); } catch { /* not running */ }
    await sshd?.resume().catch(() => undefined);
    await cleanupGuests();
    await r?.dispose();
    await sshd?.dispose();
    conn?.close();
  });

  const row = (name: string): Snapshot => r.services.snapshots.list({ hostId: r.hostId, vmUuid: g.uuid }).find((s) => s.name === name)!;
  const libvirtHolds = (libvirtName: string): boolean =>
    g.domain.listAllSnapshots().some((x) => { try { return x.name() === libvirtName; } finally { x.close(); } });
  const poolFilesOf = (s: Snapshot): string[] => filesOnHost(poolDir).filter((f) => f.includes(`-${s.id}.`));

  /**
   * Starts a memory snapshot and freezes the guest's QEMU on the host the moment libvirt writes
   * its RAM into the memory file (a watcher on the host sees the file get data): the call is then
   * surely in libvirt's job there, and stays there until QEMU is thawed or killed.
   */
  async function createWhileFrozen(name: string): Promise<{ qemu: number; outcome: Promise<unknown> }> {
    const qemu = qemuPidOnHost(g.name);
    const freezer = await freezeOnNewFile(poolDir, `${g.uuid}.mem-`, qemu);
    const outcome = r.services.snapshots.create({ hostId: r.hostId, vmUuid: g.uuid, kind: 'memory', name }).then(() => null, (e: unknown) => e);
    const first = await Promise.race([freezer.frozen.then(() => 'frozen' as const), outcome.then(() => 'ended' as const)]);
    freezer.cancel();
    if (first === 'ended') throw new Error(`the snapshot ended before libvirt wrote RAM: ${String(await outcome)}`);
    return { qemu, outcome };
  }

  /**
   * Waits until the host's snapshot job has ended: its job stats say "none" and the guest runs.
   * The control state is no sign of that: it reads "ok" between two monitor calls of a job that
   * still runs (libvirt waiting for QEMU's migration to the file), so a tick read then is earlier
   * than the RAM the snapshot saves.
   */
  async function hostJobEnded(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const stats = await g.domain.jobStats();
      if (stats.type === 'none' && g.state() === 'running') return;
      if (Date.now() > deadline) throw new Error(`the host's snapshot job had not ended after ${timeoutMs} ms (job ${stats.type}, VM ${g.state()})`);
      await sleep(100);
    }
  }

  /** While the host is away, every call says so, with the step that failed; the row stays as it is. */
  async function whileAway(name: string): Promise<void> {
    // A reopen Snapvisor began in the background while the sshd went down (a poll of the job that
    // failed) may end in other words; once none is in flight, every new one finds the port closed.
    await until(() => r.services.hosts.list().find((h) => h.id === r.hostId)?.state !== 'connecting', 30_000, 'no reopen in flight');
    const listing = await r.services.vms.list(r.hostId).then(() => null, (e: unknown) => e);
    expect(listing, JSON.stringify(listing instanceof SnapvisorError ? listing.params : listing)).toMatchObject({ code: 'ssh_connection_refused', params: { port: sshd.port } });
    await expect(r.services.snapshots.reconcile(r.hostId)).rejects.toMatchObject({ code: 'ssh_connection_refused' });
    expect(r.services.hosts.list().find((h) => h.id === r.hostId)).toMatchObject({ state: 'error', failure: { code: 'ssh_connection_refused' } });
    expect(row(name).state).toBe('error');
  }

  it('a link that died while idle: the next call says the connection was lost, the one after reconnects', async () => {
    expect(await r.services.vms.list(r.hostId)).toEqual(expect.arrayContaining([expect.objectContaining({ uuid: g.uuid })]));
    expect(sshd.dropConnections()).toBe(1);
    await expect(r.services.vms.list(r.hostId)).rejects.toMatchObject({ code: 'host_connection_lost', params: { host: '127.0.0.1' } });
    expect(r.services.hosts.list().find((h) => h.id === r.hostId)?.state).toBe('disconnected');
    expect(await r.services.vms.list(r.hostId)).toEqual(expect.arrayContaining([expect.objectContaining({ uuid: g.uuid })]));
  });

  it('cut during a memory snapshot the host then finishes: connection lost, no stuck row, ready after reconcile, RAM restored', async () => {
    await g.start();
    await g.waitForTick(3);
    const ownDowntime = await g.domain.migrateMaxDowntime();
    const low = g.console().lastTick!;
    const { qemu, outcome } = await createWhileFrozen('cut');
    await sshd.stop();
    const err = await outcome;
    expect(err).toBeInstanceOf(SnapvisorError);
    expect(err, JSON.stringify((err as SnapvisorError).params)).toMatchObject({ code: 'host_connection_lost', params: { host: '127.0.0.1', vm: g.name } });
    const e = err as SnapvisorError;
    expect(formatError(e.code, e.params, 'en')).toMatch(/connection to 127\.0\.0\.1 was lost.*reconcile/);
    expect(formatError(e.code, e.params, 'ko')).toMatch(/127\.0\.0\.1와의 연결이 끊어졌습니다/);
    expect(TRANSIENT_STATES).not.toContain(row('cut').state);
    expect(r.services.jobs.list().filter((j) => j.state === 'running' || j.state === 'queued')).toEqual([]);
    await whileAway('cut');

    // The host carries on: thawed, its QEMU ends the snapshot nobody is waiting for any more.
    const made = row('cut');
    signalOnHost(qemu, 'CONT');
    // libvirt lists the snapshot from the start; it is made once the host's job has ended.
    await hostJobEnded(60_000);
    expect(libvirtHolds(made.libvirtName!)).toBe(true);
    // The tick the guest was counting towards when its RAM was saved is printed just after.
    await g.waitForMoreTicks(g.console().ticks.length, 1);
    const high = g.console().lastTick!;
    // Snapvisor lowered QEMU's downtime limit for the snapshot and could not put it back.
    expect(await g.domain.migrateMaxDowntime()).toBeLessThan(ownDowntime);

    await sshd.resume();
    expect((await r.services.snapshots.reconcile(r.hostId)).resolved).toBeGreaterThanOrEqual(1);
    expect(await g.domain.migrateMaxDowntime(), 'reconcile puts the VM\'s own downtime limit back').toBe(ownDowntime);
    const ready = r.services.snapshots.get(made.id).snapshot;
    expect(ready).toMatchObject({ state: 'ready', kind: 'memory' });
    expect(poolFilesOf(ready).sort()).toEqual([ready.memoryFile!, ready.disks[0]!.overlay!].sort());
    expect(r.services.hosts.list().find((h) => h.id === r.hostId)).toMatchObject({ state: 'connected', failure: null });

    const verdict = await restoreAndJudgeMemory(r, g, ready.id, { low, high });
    expect(verdict.reverted, verdict.reason).toBe(true);
  });

  it('cut during a memory snapshot the host then gives up: the row stays failed and reconcile frees what it left in the pool', async () => {
    const { qemu, outcome } = await createWhileFrozen('given up');
    await sshd.stop();
    const err = await outcome;
    expect(err, String(err)).toMatchObject({ code: 'host_connection_lost' });
    await whileAway('given up');
    const failed = row('given up');
    // The guest dies on the host: libvirt's job ends without a snapshot.
    signalOnHost(qemu, 'KILL');
    await until(() => g.state() === 'shutoff', 60_000, 'the host to see its guest gone');
    await sleep(500);
    expect(libvirtHolds(failed.libvirtName!)).toBe(false);
    const left = poolFilesOf(failed);
    expect(left.length, 'the failed create left no file on the host to clean up').toBeGreaterThan(0);

    await sshd.resume();
    const report = await r.services.snapshots.reconcile(r.hostId);
    expect(report.resolved).toBeGreaterThanOrEqual(1);
    expect(r.services.snapshots.get(failed.id).snapshot.state).toBe('error');
    expect(poolFilesOf(failed)).toEqual([]);
    // Files of the VM's live chain (the snapshot made before) are all still there.
    const chain = g.domain.describe({ inactive: true }).disks.find((d) => d.target === 'vda')!;
    for (const f of [chain.source!, ...chain.backingChain.map((b) => b.file!)].filter((f) => f.startsWith(`${poolDir}/`))) {
      expect(filesOnHost(poolDir)).toContain(f);
    }
    expect((await r.services.snapshots.reconcile(r.hostId)).resolved).toBe(0);
  });
});
