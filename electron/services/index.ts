// createServices: the one entry the Electron main process, the CLI and the tests use.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { openDatabase } from '../store/db';
import { EventsRepo } from '../store/events-repo';
import { HostsRepo } from '../store/hosts-repo';
import { CopiesRepo } from '../store/copies-repo';
import { DowntimesRepo } from '../store/downtimes-repo';
import { MergesRepo } from '../store/merges-repo';
import { NotesRepo } from '../store/notes-repo';
import { SnapshotsRepo } from '../store/snapshots-repo';
import { VmPoliciesRepo } from '../store/vm-policies-repo';
import type { JobsApi, SnapvisorServices } from './api';
import { ChangeFeed } from './core/change-feed';
import type { EngineContext } from './core/context';
import { FilesRegistry } from './files';
import { exportVm } from './exports/export-vm';
import { importVm } from './exports/import-vm';
import { checkExportFile } from './exports/check-export';
import { MetaRepo } from '../store/meta-repo';
import { EventBus } from './core/event-bus';
import { createHostsApi } from './hosts/hosts-api';
import { DEMO_URI, HostRegistry } from './hosts/host-registry';
import { JobQueue } from './core/job-queue';
import { DEFAULT_MEMORY_PAUSE, type MemoryPauseSettings } from './snapshots/memory-pause';
import { watchLifecycle } from './merges/merge-triggers';
import { finishReconcile, reconcileRows } from './reconcile/reconcile';
import { createSchedulesApi, createUserTimer } from './schedules';
import type { CliInvocation } from './schedules/systemd';
import { createSnapshotsApi } from './snapshots/snapshots-api';
import { createCopiesApi } from './copies/copies-api';
import { createVmsApi } from './vms/vms-api';

export { DEMO_URI } from './hosts/host-registry';

/** Removed rows' tombstones outlive any listener that could still need them (see change-feed.ts). */
const TOMBSTONE_DAYS = 1;

export interface ServicesOptions {
  /** The SQLite file (created with its directory, 0700). */
  dbPath: string;
  /**
   * Snapvisor 0.1 kept overlays and memory images here; files Snapvisor makes now live in a
   * storage pool on each libvirt host. Old files here stay Snapvisor's on a local host.
   */
  dataDir: string;
  /** The host added on first start; default qemu:///system. */
  defaultUri?: string;
  /** Reconcile every host when it connects at start, and one added later (default true). */
  reconcileOnStart?: boolean;
  /** Run due schedules on a timer while the services live (the app: true; CLI and tests: false). */
  schedulesTimer?: boolean;
  /**
   * Watch each host's domain lifecycle events and run a VM's pending merges when it stops,
   * starts or resumes (the app: true; the CLI: false, its next command on the VM runs them).
   */
  watchLifecycle?: boolean;
  /** Limit each merge's block job to this many MiB/s (default: none). */
  mergeBandwidthMiBs?: number;
  /** A live memory snapshot's final pause: downtime limit and flushing (default DEFAULT_MEMORY_PAUSE; the bench varies it). */
  memoryPause?: MemoryPauseSettings;
  /**
   * 'all' (default, tests): connect (and reconcile) every known host before returning, and fall
   * back to the demo host when none answers. 'background' (the app): the same, after returning:
   * the services answer from the store at once (every host 'connecting'), and what connecting and
   * reconcile change arrives as events (`host.changed`, `snapshots.reconciled` …); each host's
   * jobs wait until its rows are reconciled. 'lazy' (the CLI): contact no host at start; each one
   * connects on first use, so an unreachable remote host never stalls a command about another.
   */
  connectHosts?: 'all' | 'background' | 'lazy';
  /**
   * No host connects before this settles; meanwhile each one asked for is 'connecting' (the app:
   * the window's first list, electron/app/first-list.ts, so that list does not share the CPU
   * with libvirt's work of connecting and reconciling). Default: at once.
   */
  hostsAfter?: Promise<unknown>;
  /**
   * How to start this Snapvisor's command line, for the systemd timer that runs the schedules
   * while the app is closed (electron/cli/invocation.ts). Without it the timer is refused.
   */
  cliInvocation?: CliInvocation;
  /** The environment for `systemctl --user` and the user's unit directory (default process.env). */
  env?: NodeJS.ProcessEnv;
}

export type EngineServices = SnapvisorServices & {
  /** Resolves when every known host's start (connect, reconcile) has settled; at once unless 'background'. */
  started(): Promise<void>;
  /** For tests and the CLI: resolves when every queued job has finished. */
  idle(): Promise<void>;
  /** Each host's Snapvisor files (its storage pool): for tests and diagnostics. */
  readonly files: FilesRegistry;
};

export async function createServices(options: ServicesOptions): Promise<EngineServices> {
  const db = openDatabase(options.dbPath);
  const bus = new EventBus();
  const hostsRepo = new HostsRepo(db);
  const hosts = new HostRegistry(hostsRepo, bus, options.hostsAfter);
  const snapshotsRepo = new SnapshotsRepo(db);
  snapshotsRepo.pruneTombstones(new Date(Date.now() - TOMBSTONE_DAYS * 86_400_000).toISOString());
  const ctx: EngineContext = {
    db,
    snapshots: snapshotsRepo,
    events: new EventsRepo(db),
    notes: new NotesRepo(db),
    policies: new VmPoliciesRepo(db),
    merges: new MergesRepo(db),
    downtimes: new DowntimesRepo(db),
    copies: new CopiesRepo(db),
    hosts,
    bus,
    changes: new ChangeFeed(snapshotsRepo, bus),
    jobs: new JobQueue(bus),
    files: new FilesRegistry(hosts, new MetaRepo(db).installId(), resolve(options.dataDir)),
    mergeBandwidthMiBs: options.mergeBandwidthMiBs ?? null,
    memoryPause: options.memoryPause ?? DEFAULT_MEMORY_PAUSE,
  };

  const watchers = new Map<string, () => void>();
  /** Connects a host and reconciles it, its jobs held until its rows are settled. */
  const startHost = async (hostId: string): Promise<void> => {
    const rows = await ctx.jobs.hold(hostId, async () => {
      await ctx.hosts.connection(hostId);
      // Where external snapshots are offered, find (or make) the pool now, so the host's
      // capabilities say at once whether it works.
      if (ctx.hosts.capabilities(hostId).kinds.includes('hot')) await ctx.files.host(hostId).catch(() => undefined);
      if (options.watchLifecycle && !watchers.has(hostId)) watchers.set(hostId, watchLifecycle(ctx, hostId, ctx.hosts.host(hostId).uri));
      return options.reconcileOnStart !== false ? reconcileRows(ctx, hostId) : null;
    });
    if (rows) await finishReconcile(ctx, hostId, rows);
  };

  if (hostsRepo.list().length === 0) {
    const uri = options.defaultUri ?? 'qemu:///system';
    hostsRepo.add(uri, uri === DEMO_URI ? 'Demo host (libvirt test driver)' : uri, uri === DEMO_URI);
  }
  const started = options.connectHosts === 'lazy' ? Promise.resolve() : connectAll(hostsRepo, startHost);
  if (options.connectHosts !== 'background') await started;

  const snapshots = createSnapshotsApi(ctx);
  const copies = createCopiesApi(ctx);
  const schedules = createSchedulesApi({
    db,
    snapshots,
    copies,
    vmName: (hostId, vmUuid) => ctx.hosts.vmNameNow(hostId, vmUuid),
    userTimer: createUserTimer({
      exec: options.cliInvocation ?? null,
      dbPath: options.dbPath,
      // The service's --connect: any known host will do (`schedules run` runs every host's); the first one.
      connect: () => hostsRepo.list()[0]?.uri ?? options.defaultUri ?? 'qemu:///system',
      env: options.env,
    }),
    onRun: (schedule) => bus.emit('schedule.changed', schedule),
  });
  if (options.schedulesTimer) schedules.start();

  const jobs: JobsApi = { list: () => ctx.jobs.list(), cancel: (id) => ctx.jobs.cancel(id) };
  let closed = false;
  return {
    hosts: createHostsApi(ctx, startHost),
    exports: {
      exportVm: (req) => exportVm(ctx, req), importVm: (req) => importVm(ctx, req), check: (req) => checkExportFile(ctx, req),
    },
    vms: createVmsApi(ctx),
    snapshots,
    copies,
    jobs,
    schedules,
    on: (event, listener) => bus.on(event, listener),
    started: () => started,
    idle: () => ctx.jobs.idle(),
    files: ctx.files,
    async close() {
      if (closed) return;
      closed = true;
      // A host still connecting or reconciling finishes first (the store closes under nothing).
      await started;
      schedules.stop();
      for (const stop of watchers.values()) stop();
      await ctx.jobs.idle();
      ctx.hosts.closeAll();
      db.close();
    },
  };
}

/**
 * Starts every known host at once (each is 'connecting' when this returns its promise), so a
 * slow one delays no other. Never rejects: a host's status says why it failed.
 */
async function connectAll(hostsRepo: HostsRepo, startHost: (hostId: string) => Promise<void>): Promise<void> {
  const hosts = hostsRepo.list();
  const results = await Promise.allSettled(hosts.map((h) => startHost(h.id)));
  const anyReachable = results.some((r, i) => r.status === 'fulfilled' && !hosts[i]!.demo);
  if (!anyReachable && !hostsRepo.byUri(DEMO_URI)) {
    // No libvirt daemon answers: offer libvirt's built-in test hypervisor instead of failing.
    const demo = hostsRepo.add(DEMO_URI, 'Demo host (libvirt test driver)', true);
    await startHost(demo.id).catch(() => undefined);
  }
}

export interface TestServices {
  services: EngineServices;
  /** The temp directory holding the db and the data dir. */
  dir: string;
  /** Removes the install's pool from every host it was made on, closes the services, removes `dir`. */
  dispose(): Promise<void>;
}

/** Test services not disposed yet: what disposeTestServices() removes after a failed test file. */
const undisposed = new Set<TestServices>();
/** The install id of every test services instance of this process (whose pools a leftover check may meet). */
const testInstalls = new Set<string>();

export function testInstallIds(): string[] {
  return [...testInstalls];
}

/**
 * Services with a throw-away db and data dir, removed by dispose(): on libvirt's test driver by
 * default (fast, for unit tests); integration tests pass `defaultUri` and a `parentDir` QEMU can read.
 */
export async function createTestServices(options: Partial<ServicesOptions> = {}, parentDir = tmpdir()): Promise<TestServices> {
  mkdirSync(parentDir, { recursive: true, mode: 0o700 });
  const dir = mkdtempSync(join(parentDir, 'snapvisor-test-'));
  let services: EngineServices;
  try {
    services = await createServices({
      dbPath: join(dir, 'snapvisor.db'), dataDir: join(dir, 'data'), defaultUri: DEMO_URI, schedulesTimer: false, ...options,
    });
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  let disposing: Promise<void> | null = null;
  const t: TestServices = {
    services,
    dir,
    dispose() {
      // Whatever fails (a job, a pool that would not go), the services close and the directory goes.
      disposing ??= (async () => {
        try {
          await services.idle();
          await services.files.destroyAll();
        } finally {
          undisposed.delete(t);
          await services.close();
          rmSync(dir, { recursive: true, force: true });
        }
      })();
      return disposing;
    },
  };
  undisposed.add(t);
  testInstalls.add(services.files.installId);
  return t;
}

/**
 * Disposes every test services instance of this process still open (a test file that failed
 * before its own afterAll disposed them, or that made more than it kept); throws the first failure.
 */
export async function disposeTestServices(): Promise<void> {
  const failures: unknown[] = [];
  for (const t of [...undisposed]) await t.dispose().catch((e: unknown) => failures.push(e));
  if (failures.length) throw failures[0];
}
