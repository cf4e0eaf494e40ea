// Snapshot schedules: CRUD over the schedules table, runDue (what `snapvisor schedules run`
// calls), while the app is open a timer that calls it and notices runs recorded by others (the
// systemd timer's `snapvisor schedules run`), and the switch for that systemd timer.
import type { Db } from '../../store/db';
import { HostsRepo } from '../../store/hosts-repo';
import { createSchedulesRepo } from '../../store/schedules-repo';
import type { CopiesApi, ScheduleInput, ScheduleRunReport, SchedulesApi, SnapshotsApi } from '../api';
import { SnapvisorError } from '../../../shared/errors';
import type { Schedule } from '../../../shared/model';
import { firstRunAt } from './due';
import { runDueSchedules, timingOf } from './runner';
import type { UserTimer } from './user-timer';
import { validateSchedule, type ValidSchedule } from './validate';
import { refuseSameHost } from '../copies/copy-target';

export interface SchedulesDeps {
  db: Db;
  snapshots: SnapshotsApi;
  /** Refreshes a VM's copy on another host after the runs of schedules with a copy target. */
  copies: Pick<CopiesApi, 'refresh'>;
  /** The VM's current name (for {vm} and the stored vm_name), null when unknown. */
  vmName?(hostId: string, vmUuid: string): string | null;
  now?: () => Date;
  /** How often the in-app timer looks for due schedules. */
  tickMs?: number;
  /** The systemd user timer that runs the schedules while the app is closed. */
  userTimer: UserTimer;
  /**
   * Told about each run recorded after start(): by this process at once, by another process
   * (the systemd timer) at the next tick. Not about runs before the first start().
   */
  onRun?(schedule: Schedule): void;
}

export type SchedulesService = SchedulesApi & { start(): void; stop(): void };

const DEFAULT_TICK_MS = 30_000;

export function createSchedulesApi(deps: SchedulesDeps): SchedulesService {
  const repo = createSchedulesRepo(deps.db);
  const hosts = new HostsRepo(deps.db);
  const now = deps.now ?? (() => new Date());

  /** The name the VM is known by: the live one, else the one its newest snapshot recorded. */
  function vmName(hostId: string, vmUuid: string): string | null {
    const live = deps.vmName?.(hostId, vmUuid);
    if (live) return live;
    return deps.snapshots.list({ hostId, vmUuid, includeDependents: true })[0]?.vm.name ?? null;
  }

  function mustGet(id: string): Schedule {
    const s = repo.get(id);
    if (!s) throw new SnapvisorError('schedule_not_found', { schedule: id });
    return s;
  }

  function nextRunIso(s: Pick<Schedule, 'intervalSeconds' | 'cron' | 'enabled'>): string | null {
    return s.enabled ? firstRunAt(timingOf(s), now())?.toISOString() ?? null : null;
  }

  /** validateSchedule, and a copy target that is not the VM's own host (the refresh would refuse it at every run). */
  function validated(input: ScheduleInput): ValidSchedule {
    const valid = validateSchedule(input);
    const source = hosts.get(valid.hostId);
    if (valid.copyTo !== null && source) refuseSameHost(source, { uri: valid.copyTo });
    return valid;
  }

  function add(input: ScheduleInput): Schedule {
    const valid = validated(input);
    const schedule: Schedule = {
      id: crypto.randomUUID(),
      ...valid,
      vmName: vmName(valid.hostId, valid.vmUuid) ?? valid.vmUuid,
      lastRunAt: null,
      nextRunAt: nextRunIso(valid),
      lastError: null,
      lastFailure: null,
    };
    try {
      repo.insert(schedule, now().toISOString());
    } catch (e) {
      if ((e as { code?: string }).code === 'SQLITE_CONSTRAINT_FOREIGNKEY') {
        throw new SnapvisorError('host_not_found', { hostId: valid.hostId });
      }
      throw e;
    }
    return schedule;
  }

  function update(id: string, patch: Partial<ScheduleInput>): Schedule {
    const current = mustGet(id);
    const merged: ScheduleInput = { ...current, ...patch, hostId: current.hostId };
    // A timing given in the patch replaces the other kind of timing rather than conflicting.
    if (patch.cron != null && patch.intervalSeconds === undefined) merged.intervalSeconds = null;
    if (patch.intervalSeconds != null && patch.cron === undefined) merged.cron = null;
    const valid = validated(merged);
    const retimed = valid.intervalSeconds !== current.intervalSeconds || valid.cron !== current.cron
      || valid.enabled !== current.enabled;
    const updated: Schedule = {
      ...current,
      ...valid,
      vmName: valid.vmUuid === current.vmUuid ? current.vmName : vmName(valid.hostId, valid.vmUuid) ?? valid.vmUuid,
      nextRunAt: retimed ? nextRunIso(valid) : current.nextRunAt,
    };
    repo.save(updated);
    return updated;
  }

  function remove(id: string): void {
    if (!repo.remove(id)) throw new SnapvisorError('schedule_not_found', { schedule: id });
  }

  /** Each schedule's last run as last reported through onRun. */
  const reported = new Map<string, string | null>();

  function reportRun(id: string): void {
    const s = repo.get(id);
    if (!s) return;
    reported.set(id, s.lastRunAt);
    deps.onRun?.(s);
  }

  /** Runs another process recorded since the last look (a schedule not seen before had none). */
  function noticeOtherRuns(): void {
    for (const s of repo.list()) {
      if ((reported.get(s.id) ?? null) !== s.lastRunAt) reportRun(s.id);
    }
  }

  function runDue(at?: Date): Promise<ScheduleRunReport> {
    return runDueSchedules({ repo, snapshots: deps.snapshots, copies: deps.copies, vmName, recorded: reportRun }, at ?? now());
  }

  let timer: NodeJS.Timeout | null = null;
  let running: Promise<unknown> | null = null;

  function tick(): void {
    if (running) return;
    running = runDue()
      .then(noticeOtherRuns)
      .catch((e: unknown) => console.error('snapvisor schedules: run failed', e))
      .finally(() => { running = null; });
  }

  return {
    list: (hostId) => repo.list(hostId),
    add,
    update,
    remove,
    runDue,
    timer: () => deps.userTimer.status(),
    setTimer: (on) => deps.userTimer.set(on),
    start() {
      if (timer) return;
      // Runs from before the first start are history (the screen shows them), not news.
      for (const s of repo.list()) if (!reported.has(s.id)) reported.set(s.id, s.lastRunAt);
      timer = setInterval(tick, deps.tickMs ?? DEFAULT_TICK_MS);
      timer.unref();
      tick();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = null;
    },
  };
}

export { parseDuration, formatDuration } from './duration';
export { createUserTimer } from './user-timer';
