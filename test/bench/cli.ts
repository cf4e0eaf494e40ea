// `npm run bench -- cli`: the `snapvisor` command's start-to-exit time, as a script or a systemd
// timer pays it, against `virsh -c test:///default list --all` measured in the same run:
//   vms       `snapvisor --connect test:///default --json vms` (libvirt, SQLite, one VM)
//   list 10k  `snapvisor --json list` over a database holding 10,000 snapshots
//   help      `snapvisor --help` (neither libvirt nor SQLite is loaded)
//   node      `node -e 0`, the floor every Node program pays on this machine
// The commands run interleaved, round after round, so load from other processes on a shared
// machine falls on all of them alike; the figures are medians (and minima) of the rounds. The
// CLI's code cache lives in the run's own cache directory; the warm-up round writes it, as a
// user's first call does.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { createTestServices, DEMO_URI } from '../../electron/services';
import { openDatabase } from '../../electron/store/db';
import { SnapshotsRepo } from '../../electron/store/snapshots-repo';
import { ensureShellBuilt } from '../setup/shell-build';
import { BIN } from '../unit/cli/run-cli';
import { BenchReport, spread } from './report';

const ROUNDS = Number(process.env.SV_BENCH_ROUNDS ?? 15);
const ROWS = 10_000;
const TARGETS: Record<string, number> = { cliVmsMs: 120, cliList10kMs: 250 };

interface Command {
  key: string;
  label: string;
  argv: string[];
  /** What its output must hold, so a broken command is not timed as a fast one. */
  check(stdout: string): boolean;
}

function timeOnce(c: Command, env: NodeJS.ProcessEnv): number {
  const t0 = performance.now();
  const r = spawnSync(c.argv[0]!, c.argv.slice(1), { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, env });
  const ms = performance.now() - t0;
  if (r.status !== 0 || !c.check(r.stdout)) throw new Error(`${c.label} failed (exit ${r.status}): ${r.stderr}`);
  return ms;
}

/** A database on test:///default whose host has ROWS snapshots of the test driver's VM. */
async function seededDatabase(): Promise<{ dir: string; db: string; dispose(): Promise<void> }> {
  const t = await createTestServices({ connectHosts: 'lazy', reconcileOnStart: false });
  const hostId = t.services.hosts.list()[0]!.id;
  const vm = (await t.services.vms.list(hostId))[0]!;
  const dbPath = join(t.dir, 'snapvisor.db');
  const db = openDatabase(dbPath);
  const repo = new SnapshotsRepo(db);
  repo.transaction(() => {
    for (let i = 0; i < ROWS; i++) {
      repo.insert({
        id: `bench${String(i).padStart(7, '0')}`, hostId, vm: { name: vm.name, uuid: vm.uuid }, libvirtName: `sv-bench${i}`, name: `snapshot ${i}`,
        description: `benchmark snapshot ${i}`, kind: 'memory', state: 'ready', location: 'internal', protected: i % 10 === 0, parentId: null,
        dependentOf: null, origin: 'manual', scheduleId: null, quiesced: false, vmState: 'running', memoryFile: null, expiresAt: null,
        disks: [{ target: 'vda', location: 'internal', format: 'qcow2', file: '/guest/disk.img', overlay: null, sizeBytes: 1_048_576 }],
      });
    }
  });
  db.close();
  await t.services.close();
  return { dir: t.dir, db: dbPath, dispose: () => t.dispose() };
}

export async function run(): Promise<void> {
  await ensureShellBuilt();
  const seeded = await seededDatabase();
  try {
    const emptyDb = join(seeded.dir, 'empty.db');
    const node = process.execPath;
    const commands: Command[] = [
      { key: 'virshListMs', label: 'virsh -c test:///default list --all', argv: ['virsh', '-c', DEMO_URI, 'list', '--all'], check: (o) => /\btest\b/.test(o) },
      { key: 'cliVmsMs', label: 'snapvisor --json vms (test:///default)', argv: [node, BIN, '--connect', DEMO_URI, '--db', emptyDb, '--json', 'vms'], check: (o) => (JSON.parse(o) as unknown[]).length === 1 },
      { key: 'cliList10kMs', label: `snapvisor --json list (${ROWS.toLocaleString('en')} rows)`, argv: [node, BIN, '--connect', DEMO_URI, '--db', seeded.db, '--json', 'list'], check: (o) => (JSON.parse(o) as unknown[]).length === ROWS },
      { key: 'cliHelpMs', label: 'snapvisor --help', argv: [node, BIN, '--help'], check: (o) => o.includes('schedules') },
      { key: 'nodeFloorMs', label: 'node -e 0', argv: [node, '-e', '0'], check: () => true },
    ];
    const env = { ...process.env, LANG: 'C.UTF-8', XDG_CACHE_HOME: join(seeded.dir, 'cache') };
    // One warm-up round: page cache, the test database's first open (migrations), the code cache.
    for (const c of commands) timeOnce(c, env);
    const times = new Map(commands.map((c) => [c.key, [] as number[]]));
    for (let round = 0; round < ROUNDS; round++) {
      for (const c of commands) times.get(c.key)!.push(timeOnce(c, env));
    }
    const report = new BenchReport('cli');
    report.note(`${ROUNDS} rounds, interleaved; median (min) wall time from spawn to exit`);
    const virsh = spread(times.get('virshListMs')!).median;
    for (const c of commands) {
      const { median, min } = spread(times.get(c.key)!);
      const ratio = c.key === 'virshListMs' ? '' : `; ${(median / virsh).toFixed(1)}x virsh`;
      const target = TARGETS[c.key];
      report.figure(`${c.label} (min ${min.toFixed(0)}${ratio})`, c.key, median, target === undefined ? undefined : { below: target });
    }
    report.figure('snapvisor --json vms / virsh list', 'cliVmsOverVirshRatio', spread(times.get('cliVmsMs')!).median / virsh);
    report.end();
  } finally {
    await seeded.dispose();
  }
}
