// Engine benchmarks (spawning virsh is allowed here only, as the measured peer), two groups:
//  engine: a memory snapshot of a default (all-qcow2) guest with ~900 MiB of dirty RAM through
//    Snapvisor (live external, downtime limit + flushing, and without each part) next to virsh's
//    default `snapshot-create-as` (internal: QEMU savevm, paused throughout) and virsh's `--live`
//    external, with the guest's paused time from libvirt's lifecycle events and the floor (the
//    memory file's size at the disk's measured write bandwidth); medians of rounds;
//  engine-cycle: the hot create + delete cycle (keep 1, merged live) at chain depth 1 vs after 30.
// Each ends with one line `BENCH {json}`. SV_BENCH_ONLY=memory|cycle runs one. (The store at
// 10,000 rows: group `store`.)
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Connection, type Domain } from '../../native';
import { createTestServices, type EngineServices } from '../../electron/services';
import { DEFAULT_MEMORY_PAUSE, type MemoryPauseSettings } from '../../electron/services/snapshots/memory-pause';
import { BenchReport, spread } from './report';
import { STATE_DIR, SYSTEM_URI, cleanupGuests, cleanupStaleGuests, createGuest, openSystem, sleep, type Guest } from '../guest/kit';

const FILL_MIB = 900;
/** Rounds of the memory group (SV_BENCH_ROUNDS): each variant once per round, in rotating order. */
const ROUNDS = Number(process.env.SV_BENCH_ROUNDS ?? 3);
const s1 = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
const exec = promisify(execFile);

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
    const totalMs = performance.now() - t0;
    await sleep(300); // the resumed event may trail the call's return
    return { totalMs, pausedMs: since === null ? pausedMs : pausedMs + performance.now() - since };
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

/** Throw-away services on qemu:///system under `dir`, with `options`; dispose() removes their pool too. */
async function servicesIn(dir: string, options: { memoryPause?: MemoryPauseSettings } = {}): Promise<{ s: EngineServices; hostId: string; dispose(): Promise<void> }> {
  const t = await createTestServices({ defaultUri: SYSTEM_URI, reconcileOnStart: false, connectHosts: 'lazy', ...options }, dir);
  return { s: t.services, hostId: t.services.hosts.list()[0]!.id, dispose: () => t.dispose() };
}

interface Measured { totalMs: number; pausedMs: number }

const median = (xs: readonly number[]): number => spread(xs).median;

async function memory(): Promise<void> {
  const conn = await openSystem();
  await cleanupStaleGuests(conn);
  let events: Connection | null = null;
  const dir = join(STATE_DIR, 'engine', `bench-${randomBytes(4).toString('hex')}`);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  try {
    // The default VM: all-qcow2 disks (virsh's default there is an internal snapshot).
    const g = await createGuest(conn, { label: 'bench-mem', memoryMiB: 1200, fillMiB: FILL_MIB });
    const tBoot = performance.now();
    await g.start();
    await g.waitForTick(3, 300_000);
    console.log(`guest ready with ${FILL_MIB} MiB of dirty RAM in ${s1(performance.now() - tBoot)}`);
    // Opened only now: a long boot must not outlive the event connection (keepalive, restarts).
    events = await Connection.open(SYSTEM_URI, { events: true });
    const dom = events.lookupDomainByUuid(g.uuid);
    const virshDir = join(dir, 'virsh');
    mkdirSync(virshDir, { mode: 0o700 });
    const virsh = (...args: string[]): Promise<unknown> => exec('virsh', ['-c', SYSTEM_URI, ...args]);
    let memBytes = 0;
    const snapvisor = (pause: MemoryPauseSettings) => async (round: number): Promise<Measured> => {
      const { s, hostId, dispose } = await servicesIn(join(dir, `sv-${round}-${pause.downtimeMs}-${pause.flushEveryMs}`), { memoryPause: pause });
      try {
        let file: string | null = null;
        const r = await pausedDuring(events!, dom, async () => {
          file = (await s.snapshots.create({ hostId, vmUuid: g.uuid, kind: 'memory', name: `sv ${round}` })).memoryFile;
        });
        memBytes = Math.max(memBytes, file ? statSync(file).size : 0);
        for (const snap of s.snapshots.list({ vmUuid: g.uuid })) await s.snapshots.delete(snap.id);
        return r;
      } finally {
        await dispose();
      }
    };
    const variants: { key: string; label: string; run: (round: number) => Promise<Measured> }[] = [
      {
        key: 'mem', label: `Snapvisor as it ships (downtime ${DEFAULT_MEMORY_PAUSE.downtimeMs} ms + flush every ${DEFAULT_MEMORY_PAUSE.flushEveryMs} ms; as root, the file opens)`,
        run: snapvisor(DEFAULT_MEMORY_PAUSE),
      },
      {
        key: 'memNoFlush', label: `Snapvisor where the memory file cannot be opened (downtime ${DEFAULT_MEMORY_PAUSE.downtimeMs} ms only)`,
        run: snapvisor({ ...DEFAULT_MEMORY_PAUSE, flushEveryMs: null }),
      },
      { key: 'memPlain', label: 'Snapvisor without either (QEMU\'s 300 ms downtime, no flush)', run: snapvisor({ downtimeMs: null, flushEveryMs: null }) },
      {
        key: 'virshLiveMem', label: 'virsh --live external (--memspec/--diskspec --atomic --live)',
        run: async (round) => {
          // Async: lifecycle callbacks must reach JS while virsh runs, or their times collapse.
          const r = await pausedDuring(events!, dom, async () => {
            await virsh('snapshot-create-as', g.name, '--name', `virsh-live-${round}`, '--live', '--atomic',
              '--memspec', `file=${join(virshDir, `mem-${round}`)},snapshot=external`, '--diskspec', `vda,snapshot=external,file=${join(virshDir, `vda-${round}.qcow2`)}`);
          });
          await virsh('snapshot-delete', g.name, `virsh-live-${round}`, '--metadata');
          rmSync(join(virshDir, `mem-${round}`), { force: true });
          return r;
        },
      },
      {
        key: 'virshMem', label: 'virsh default (snapshot-create-as: internal, QEMU savevm)',
        run: async (round) => {
          const r = await pausedDuring(events!, dom, async () => {
            await virsh('snapshot-create-as', g.name, '--name', `virsh-default-${round}`);
          });
          // Snapvisor would stay internal next to it: gone before the next run.
          await virsh('snapshot-delete', g.name, `virsh-default-${round}`);
          return r;
        },
      },
    ];
    // The first memory snapshot after the guest filled its RAM is seconds slower whatever takes it
    // (measured here: 4-6 s, then 1-2 s): one warm-up run first, not counted.
    await variants[0]!.run(-1);
    // Rounds in rotating order, so no variant always runs first (page cache, guest warm-up).
    const runs = new Map<string, Measured[]>(variants.map((v) => [v.key, []]));
    for (let round = 0; round < ROUNDS; round++) {
      for (let i = 0; i < variants.length; i++) {
        const v = variants[(i + round) % variants.length]!;
        runs.get(v.key)!.push(await v.run(round));
      }
    }
    const med = (xs: Measured[], k: keyof Measured): number => median(xs.map((x) => x[k]));
    const m: Record<string, Measured> = Object.fromEntries([...runs].map(([k, xs]) => [k, { totalMs: med(xs, 'totalMs'), pausedMs: med(xs, 'pausedMs') }]));
    dom.close();
    const bw = writeBandwidth(dir);
    const floorMs = (memBytes / 2 ** 20 / bw) * 1000;
    const base = m.virshMem!;
    const report = new BenchReport('engine');
    report.note(`memory snapshot of a qcow2 guest: ${(memBytes / 2 ** 20).toFixed(0)} MiB of memory written; medians of ${ROUNDS} rounds (runs as total/paused)`);
    report.figure(`floor: the memory file at the disk's ${bw.toFixed(0)} MiB/s (dd)`, 'memFloorMs', floorMs);
    for (const v of variants) {
      const x = m[v.key]!;
      report.note(`${v.label}: ${runs.get(v.key)!.map((r) => `${s1(r.totalMs)}/${s1(r.pausedMs)}`).join(', ')}`);
      report.figure(`${v.key}: total`, `${v.key}TotalMs`, x.totalMs);
      report.figure(`${v.key}: guest paused`, `${v.key}PauseMs`, x.pausedMs);
    }
    const sv = m.mem!;
    report.figure('Snapvisor pause / virsh default pause', 'memPauseVsVirshRatio', sv.pausedMs / base.pausedMs, { below: 0.05 });
    report.figure('Snapvisor total / virsh default total', 'memTotalVsVirshRatio', sv.totalMs / base.totalMs, { below: 1.0 });
    report.figure('Snapvisor total / floor', 'memTotalVsFloorRatio', sv.totalMs / floorMs, { below: 2.0 });
    report.end();
  } finally {
    await cleanupGuests();
    rmSync(dir, { recursive: true, force: true });
    events?.close();
    conn.close();
  }
}

/** Times of create + delete-oldest cycles (keep 1) on a running guest. */
async function cycles(s: EngineServices, hostId: string, g: Guest, count: number, offset: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const t0 = performance.now();
    await s.snapshots.create({ hostId, vmUuid: g.uuid, kind: 'hot', name: `c${offset + i}` });
    const [oldest] = s.snapshots.list({ vmUuid: g.uuid }).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    if (s.snapshots.list({ vmUuid: g.uuid }).length > 1 && oldest) await s.snapshots.delete(oldest.id);
    times.push(performance.now() - t0);
  }
  return times;
}


async function cycle(): Promise<void> {
  const conn = await openSystem();
  await cleanupStaleGuests(conn);
  const dir = join(STATE_DIR, 'engine', `bench-${randomBytes(4).toString('hex')}`);
  const { s, hostId, dispose } = await servicesIn(dir);
  try {
    const g = await createGuest(conn, { label: 'bench-cycle', markEvery: 5 });
    await g.start();
    await g.waitForTick(3);
    await s.snapshots.create({ hostId, vmUuid: g.uuid, kind: 'hot', name: 'first' });
    const early = await cycles(s, hostId, g, 5, 0);
    await cycles(s, hostId, g, 20, 5);
    const late = await cycles(s, hostId, g, 5, 25);
    const depth = g.domain.describe().disks[0]!.backingChain.length + 1;
    const e = median(early);
    const l = median(late);
    const report = new BenchReport('engine-cycle');
    report.note(`hot create + delete cycle (keep 1, merged live), medians of 5 cycles; chain ${depth} images after 30`);
    report.figure('cycle at chain depth 1', 'hotCycleDepth1Ms', e);
    report.figure('cycle after 30 cycles', 'hotCycleAfter30Ms', l);
    report.figure('after 30 / at depth 1 (no growth: < 1.5x with noise)', 'hotCycleGrowthRatio', l / e, { below: 1.5 });
    report.end();
  } finally {
    await cleanupGuests();
    await dispose();
    rmSync(dir, { recursive: true, force: true });
    conn.close();
  }
}

export async function run(): Promise<void> {
  // SV_BENCH_ONLY=memory|cycle runs one group.
  const only = process.env.SV_BENCH_ONLY;
  if (!only || only === 'memory') await memory();
  if (!only || only === 'cycle') await cycle();
}
