// Engine benchmark: a memory snapshot of a guest with ~900 MiB of dirty RAM through Snapvisor
// (live external memory) vs. `virsh snapshot-create-as` on the same domain (spawning virsh is
// allowed here only, as the peer), with the guest's paused time from libvirt's lifecycle events
// and the data disk's write bandwidth as the floor. (The store at 10,000 rows: `store`.)
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Connection, type Domain } from '../../native';
import { createServices } from '../../electron/services';
import { BenchReport } from './report';
import { STATE_DIR, SYSTEM_URI, cleanupGuests, cleanupStaleGuests, createGuest, openSystem, sleep } from '../guest/kit';

const FILL_MIB = 900;
const s1 = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;

/** Longest suspended→resumed interval of `dom` while `work` runs, from lifecycle events. */
async function pausedDuring(conn: Connection, dom: Domain, work: () => Promise<void>): Promise<{ totalMs: number; pausedMs: number }> {
  let since: number | null = null;
  let pausedMs = 0;
  const off = conn.onDomainLifecycle((e) => {
    if (e.type === 'suspended' && since === null) since = performance.now();
    if ((e.type === 'resumed' || e.type === 'stopped') && since !== null) { pausedMs += performance.now() - since; since = null; }
  }, dom);
  const t0 = performance.now();
  try {
    await work();
    await sleep(300); // the resumed event may trail the call's return
    return { totalMs: performance.now() - t0, pausedMs: since === null ? pausedMs : pausedMs + performance.now() - since };
  } finally {
    off();
  }
}

function writeBandwidth(dir: string): number {
  const file = join(dir, 'dd-bench');
  const t0 = performance.now();
  execFileSync('dd', ['if=/dev/zero', `of=${file}`, 'bs=1M', 'count=1024', 'conv=fdatasync'], { stdio: 'pipe' });
  const ms = performance.now() - t0;
  rmSync(file, { force: true });
  return 1024 / (ms / 1000);
}

async function memorySnapshot(report: BenchReport): Promise<void> {
  const conn = await openSystem();
  await cleanupStaleGuests(conn);
  let events: Connection | null = null;
  const dir = join(STATE_DIR, 'engine', `bench-${randomBytes(4).toString('hex')}`);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const services = await createServices({ dbPath: join(dir, 'db.sqlite'), dataDir: join(dir, 'data'), defaultUri: SYSTEM_URI, reconcileOnStart: false, connectHosts: 'lazy' });
  try {
    // A raw system disk: Snapvisor's policy is external, its memory strategy live.
    const g = await createGuest(conn, { label: 'bench-eng', systemFormat: 'raw', memoryMiB: 1200, fillMiB: FILL_MIB });
    const tBoot = performance.now();
    await g.start();
    await g.waitForTick(3, 300_000);
    console.log(`guest ready with ${FILL_MIB} MiB of dirty RAM in ${s1(performance.now() - tBoot)}`);
    // Opened only now: a long boot must not outlive the event connection (keepalive, restarts).
    events = await Connection.open(SYSTEM_URI, { events: true });
    const dom = events.lookupDomainByUuid(g.uuid);
    const hostId = services.hosts.list()[0]!.id;
    const sv = await pausedDuring(events, dom, async () => {
      await services.snapshots.create({ hostId, vmUuid: g.uuid, kind: 'memory', name: 'bench' });
    });
    const virshDir = join(dir, 'virsh');
    mkdirSync(virshDir, { mode: 0o700 });
    const vr = await pausedDuring(events, dom, async () => {
      // Async: lifecycle callbacks must reach JS while virsh runs, or their times collapse.
      await promisify(execFile)('virsh', ['-c', SYSTEM_URI, 'snapshot-create-as', g.name, '--name', 'virsh-bench', '--atomic',
        '--memspec', `file=${join(virshDir, 'mem')},snapshot=external`, '--diskspec', `vda,snapshot=external,file=${join(virshDir, 'vda.qcow2')}`]);
    });
    dom.close();
    const bw = writeBandwidth(dir);
    const floorMs = (FILL_MIB / bw) * 1000;
    console.log(`memory snapshot of a guest with ${FILL_MIB} MiB of dirty RAM:`);
    report.figure('snapvisor, total', 'memSnapshotMs', sv.totalMs);
    report.figure('virsh, total', 'memSnapshotVirshMs', vr.totalMs);
    report.figure('ratio snapvisor / virsh', 'memSnapshotVsVirshRatio', sv.totalMs / vr.totalMs);
    report.figure('snapvisor, guest paused', 'memPauseMs', sv.pausedMs);
    report.figure('virsh, guest paused', 'memPauseVirshMs', vr.pausedMs);
    if (vr.pausedMs) report.figure('ratio paused snapvisor / virsh', 'memPauseVsVirshRatio', sv.pausedMs / vr.pausedMs);
    report.figure(`floor: ${(FILL_MIB / 1024).toFixed(2)} GiB at the data disk's ${bw.toFixed(0)} MiB/s`, 'memFloorMs', floorMs);
    report.note('snapvisor: live external memory (LIVE|ATOMIC, RAM written while the guest runs, paused only for the final pass);'
      + ' virsh: snapshot-create-as --memspec/--diskspec --atomic without --live (its default: paused while RAM is written)');
  } finally {
    await services.close();
    await cleanupGuests();
    rmSync(dir, { recursive: true, force: true });
    events?.close();
    conn.close();
  }
}

export async function run(): Promise<void> {
  const report = new BenchReport('engine');
  await memorySnapshot(report);
  report.end();
}
