// Engine benchmarks: a memory snapshot of a guest with ~900 MiB of dirty RAM through Snapvisor
// (live external memory) vs. `virsh snapshot-create-as` on the same domain (spawning virsh is
// allowed here only, as the peer), with the guest's paused time from libvirt's lifecycle events
// and the data disk's write bandwidth as the floor; then list and reconcile of 10,000 rows.
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Connection, type Domain } from '../../native';
import { createServices, createTestServices, DEMO_URI } from '../../electron/services';
import { openDatabase } from '../../electron/store/db';
import { SnapshotsRepo } from '../../electron/store/snapshots-repo';
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

async function memorySnapshot(): Promise<void> {
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
    console.log(`memory snapshot: snapvisor ${s1(sv.totalMs)}, virsh ${s1(vr.totalMs)}, ratio ${(sv.totalMs / vr.totalMs).toFixed(2)}; `
      + `paused: snapvisor ${s1(sv.pausedMs)}, virsh ${s1(vr.pausedMs)}, ratio ${vr.pausedMs ? (sv.pausedMs / vr.pausedMs).toFixed(2) : 'n/a'}; `
      + `floor (${(FILL_MIB / 1024).toFixed(2)} GiB @ ${bw.toFixed(0)} MiB/s) ${s1(floorMs)}`);
    console.log('  snapvisor: live external memory (LIVE|ATOMIC, RAM written while the guest runs, paused only for the final pass);'
      + ' virsh: snapshot-create-as --memspec/--diskspec --atomic without --live (its default: paused while RAM is written)');
  } finally {
    await services.close();
    await cleanupGuests();
    rmSync(dir, { recursive: true, force: true });
    events?.close();
    conn.close();
  }
}

async function tenThousand(): Promise<void> {
  const t = await createTestServices({ connectHosts: 'lazy', reconcileOnStart: false });
  try {
    const hostId = t.services.hosts.list()[0]!.id;
    const vm = (await t.services.vms.list(hostId))[0]!;
    const db = openDatabase(join(t.dir, 'snapvisor.db'));
    const repo = new SnapshotsRepo(db);
    const tIns = performance.now();
    repo.transaction(() => {
      for (let i = 0; i < 10_000; i++) {
        repo.insert({
          id: `bench${String(i).padStart(7, '0')}`, hostId, vm: { name: vm.name, uuid: vm.uuid }, libvirtName: `sv-bench${i}`, name: `snapshot ${i}`,
          description: '', kind: 'memory', state: 'ready', location: 'internal', protected: false, parentId: null, dependentOf: null,
          origin: 'manual', scheduleId: null, quiesced: false, vmState: 'running', memoryFile: null, expiresAt: null,
          disks: [{ target: 'vda', location: 'internal', format: 'qcow2', file: '/guest/disk.img', overlay: null, sizeBytes: null }],
        });
      }
    });
    const insMs = performance.now() - tIns;
    db.close();
    const tList = performance.now();
    const rows = t.services.snapshots.list({ hostId });
    const listMs = performance.now() - tList;
    const tR1 = performance.now();
    const r1 = await t.services.snapshots.reconcile(hostId);
    const r1Ms = performance.now() - tR1;
    const tR2 = performance.now();
    await t.services.snapshots.reconcile(hostId);
    const r2Ms = performance.now() - tR2;
    console.log(`10,000 snapshots: insert ${s1(insMs)} (one transaction); list ${listMs.toFixed(0)} ms (${rows.length} rows with disks)`);
    console.log(`reconcile of 10,000 rows on ${DEMO_URI} (one VM, none in libvirt): first ${s1(r1Ms)} (marks ${r1.missing} missing: a write per row), `
      + `steady state ${r2Ms.toFixed(0)} ms (all already missing: reads and comparisons only)`);
  } finally {
    await t.dispose();
  }
}

export async function run(): Promise<void> {
  await memorySnapshot();
  await tenThousand();
}
