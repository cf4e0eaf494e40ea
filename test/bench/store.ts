// The store and reconcile at 10,000 snapshots, on real SQLite files and libvirt's test driver:
//  - insert: 10,000 rows with a disk each in one transaction (what adopting a big host writes)
//  - list: a host's 10,000 rows with their disks, the first time after opening and warm
//  - reconcile of one VM whose 10,000 rows libvirt no longer has: the first pass marks them all
//    missing (a write and an audit event per row), the steady pass finds nothing to change
//  - reconcile, steady, of 100 VMs x 100 snapshots of a test-driver fixture the store knows
// Three rounds on fresh files; each figure is the median, with min and max.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestServices } from '../../electron/services';
import { openDatabase } from '../../electron/store/db';
import { SnapshotsRepo } from '../../electron/store/snapshots-repo';
import { seedFixtureStore, writeTestDriverNode } from '../fixtures/test-driver-node';
import { BenchReport, spread } from './report';

const ROWS = 10_000;
const ROUNDS = 3;
const TARGETS = { insert: 500, list: 50, reconcileFirst: 1000, reconcileSteady: 100 };

interface Round {
  insert: number;
  listCold: number;
  listWarm: number;
  reconcileFirst: number;
  reconcileSteady: number;
  fixtureSteady: number;
}

const time = async (f: () => unknown): Promise<number> => {
  const t0 = performance.now();
  await f();
  return performance.now() - t0;
};

async function oneVm(round: Partial<Round>): Promise<void> {
  const t = await createTestServices({ connectHosts: 'lazy', reconcileOnStart: false });
  try {
    const hostId = t.services.hosts.list()[0]!.id;
    const vm = (await t.services.vms.list(hostId))[0]!;
    const db = openDatabase(join(t.dir, 'snapvisor.db'));
    const repo = new SnapshotsRepo(db);
    round.insert = await time(() => repo.transaction(() => {
      for (let i = 0; i < ROWS; i++) {
        repo.insert({
          id: `bench${String(i).padStart(7, '0')}`, hostId, vm: { name: vm.name, uuid: vm.uuid }, libvirtName: `sv-bench${i}`, name: `snapshot ${i}`,
          description: '', kind: 'memory', state: 'ready', location: 'internal', protected: false, parentId: null, dependentOf: null,
          origin: 'manual', scheduleId: null, quiesced: false, vmState: 'running', memoryFile: null, expiresAt: null,
          disks: [{ target: 'vda', location: 'internal', format: 'qcow2', file: '/guest/disk.img', overlay: null, sizeBytes: null }],
        });
      }
    }));
    db.close();
    let listed = 0;
    round.listCold = await time(() => { listed = t.services.snapshots.list({ hostId }).length; });
    if (listed !== ROWS) throw new Error(`listed ${listed} rows`);
    const warm: number[] = [];
    for (let i = 0; i < 5; i++) warm.push(await time(() => t.services.snapshots.list({ hostId })));
    round.listWarm = spread(warm).median;
    let marked = 0;
    round.reconcileFirst = await time(async () => { marked = (await t.services.snapshots.reconcile(hostId)).missing; });
    if (marked !== ROWS) throw new Error(`reconcile marked ${marked} rows missing`);
    round.reconcileSteady = await time(() => t.services.snapshots.reconcile(hostId));
  } finally {
    await t.dispose();
  }
}

async function fixture(round: Partial<Round>): Promise<void> {
  const size = { domains: 100, snapshots: 100, lean: true };
  const dir = mkdtempSync(join(tmpdir(), 'sv-'));
  try {
    const uri = writeTestDriverNode(dir, size);
    const dbPath = join(dir, 'snapvisor.db');
    const hostId = seedFixtureStore(dbPath, uri, size);
    const t = await createTestServices({ dbPath, defaultUri: uri, connectHosts: 'lazy', reconcileOnStart: false });
    try {
      await t.services.hosts.connect(hostId);
      // The first pass sets libvirt's current flags the seed left as guesses; the second is steady.
      await t.services.snapshots.reconcile(hostId);
      let unchanged = 0;
      round.fixtureSteady = await time(async () => { unchanged = (await t.services.snapshots.reconcile(hostId)).unchanged; });
      if (unchanged !== ROWS) throw new Error(`reconcile found ${unchanged} rows unchanged`);
    } finally {
      await t.dispose();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function run(): Promise<void> {
  const report = new BenchReport('store');
  const rounds: Round[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const round: Partial<Round> = {};
    await oneVm(round);
    await fixture(round);
    rounds.push(round as Round);
  }
  const fig = (label: string, key: string, pick: (r: Round) => number, target?: number) => {
    const s = spread(rounds.map(pick));
    report.figure(`${label} (min ${s.min.toFixed(0)}, max ${s.max.toFixed(0)})`, key, s.median, target === undefined ? undefined : { below: target });
  };
  console.log(`store: ${ROWS.toLocaleString('en-US')} snapshots, SQLite in WAL, libvirt's test driver; median of ${ROUNDS} rounds`);
  fig('insert of 10,000 rows, one transaction', 'insert10kMs', (r) => r.insert, TARGETS.insert);
  fig('snapshots.list of a host, warm', 'list10kMs', (r) => r.listWarm, TARGETS.list);
  fig('snapshots.list, the first after opening', 'list10kColdMs', (r) => r.listCold);
  fig('reconcile, first pass (10,000 rows to mark missing)', 'reconcileFirst10kMs', (r) => r.reconcileFirst, TARGETS.reconcileFirst);
  fig('reconcile, steady state (nothing changed)', 'reconcileSteady10kMs', (r) => r.reconcileSteady, TARGETS.reconcileSteady);
  fig('reconcile, steady, 100 VMs x 100 of a fixture', 'reconcileSteadyFixture10kMs', (r) => r.fixtureSteady, TARGETS.reconcileSteady);
  report.end();
}
