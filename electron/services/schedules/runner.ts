// One pass over the due schedules: take each one's snapshot, apply its retention, then refresh
// its VM's copy on another host when it has one. A failing schedule (VM busy, gone, wrong state;
// the copy's host unreachable) records its error and the others go on.
import type { CopiesApi, ScheduleRunReport, SnapshotsApi } from '../api';
import type { Schedule } from '../../../shared/model';
import type { SchedulesRepo } from '../../store/schedules-repo';
import { SCHEDULE_COPY_ACTION, SCHEDULE_EXPIRE_ACTION, SCHEDULE_RUN_ACTION } from '../../store/schedules-repo';
import { isDue, nextRunAfter, type Timing } from './due';
import { expandPattern, uniqueName } from '../policy/naming';
import { selectExpired } from './retention';
import { describeRunError } from '../../../shared/run-error';

export interface RunnerDeps {
  repo: SchedulesRepo;
  snapshots: SnapshotsApi;
  /** Refreshes a VM's copy on another host (schedules with a copy target). */
  copies: Pick<CopiesApi, 'refresh'>;
  vmName(hostId: string, vmUuid: string): string | null;
  /** Told after each run is recorded, whatever its outcome. */
  recorded?(scheduleId: string): void;
}

type RunEntry = ScheduleRunReport['ran'][number];

export function timingOf(s: Pick<Schedule, 'intervalSeconds' | 'cron'>): Timing {
  return s.cron !== null ? { intervalSeconds: null, cron: s.cron } : { intervalSeconds: s.intervalSeconds ?? 0, cron: null };
}

export async function runDueSchedules(deps: RunnerDeps, now: Date): Promise<ScheduleRunReport> {
  const report: ScheduleRunReport = { ran: [], expired: [] };
  const due = deps.repo.list()
    .filter((s) => isDue(s.nextRunAt, s.enabled, now))
    .sort((a, b) => Date.parse(a.nextRunAt!) - Date.parse(b.nextRunAt!));
  for (const schedule of due) {
    // One run however many slots were missed; the next one is counted from now.
    const next = nextRunAfter(timingOf(schedule), new Date(schedule.nextRunAt!), now);
    if (!deps.repo.claimRun(schedule.id, schedule.nextRunAt!, next ? next.toISOString() : null)) continue;
    await runSchedule(deps, schedule, now, report);
    deps.recorded?.(schedule.id);
  }
  return report;
}

/**
 * One run: the snapshot, the schedule's retention, then the copy refreshed. The run is recorded
 * once, when all of it is done: its failure is the snapshot's, or else the copy's (the snapshot
 * taken stays), so the badge, the app's notification and `schedules status` see a failed copy
 * as they see a failed snapshot, and the app, which notices runs by their recorded time, never
 * announces a run as succeeded before its copy is known. The next run tries the copy again.
 */
async function runSchedule(deps: RunnerDeps, schedule: Schedule, now: Date, report: ScheduleRunReport): Promise<void> {
  const at = now.toISOString();
  let entry: RunEntry;
  try {
    entry = { scheduleId: schedule.id, snapshotId: await takeSnapshot(deps, schedule, now), error: null, copy: null };
  } catch (e) {
    const error = describeRunError(e);
    deps.repo.addEvent({ at, schedule, snapshotId: null, action: SCHEDULE_RUN_ACTION, outcome: 'failed', detail: { error } });
    entry = { scheduleId: schedule.id, snapshotId: null, error, copy: null };
  }
  if (entry.snapshotId !== null) {
    await expire(deps, schedule, entry.snapshotId, now, report);
    if (schedule.copyTo !== null) entry = { ...entry, ...await refreshCopy(deps, schedule, schedule.copyTo, at) };
  }
  deps.repo.recordRun(schedule.id, at, entry.error);
  report.ran.push(entry);
}

async function takeSnapshot(deps: RunnerDeps, schedule: Schedule, now: Date): Promise<string> {
  const vmName = deps.vmName(schedule.hostId, schedule.vmUuid) ?? schedule.vmName;
  const existing = deps.snapshots.list({ hostId: schedule.hostId, vmUuid: schedule.vmUuid, includeDependents: true });
  const name = uniqueName(
    expandPattern(schedule.namePattern, {
      at: now, vm: vmName, kind: schedule.kind, n: deps.repo.countSuccessfulRuns(schedule.id) + 1,
    }),
    new Set(existing.map((s) => s.name)),
  );
  const snapshot = await deps.snapshots.create({
    hostId: schedule.hostId, vmUuid: schedule.vmUuid, kind: schedule.kind, name,
    origin: 'schedule', scheduleId: schedule.id,
  });
  deps.repo.addEvent({ at: now.toISOString(), schedule, snapshotId: snapshot.id, action: SCHEDULE_RUN_ACTION, outcome: 'succeeded', detail: { name } });
  return snapshot.id;
}

/** The copy refreshed (its own job on the VM), or the refresh's error as the run's. */
async function refreshCopy(deps: RunnerDeps, schedule: Schedule, to: string, at: string): Promise<Pick<RunEntry, 'error' | 'copy'>> {
  try {
    const r = await deps.copies.refresh({
      hostId: schedule.hostId, vmUuid: schedule.vmUuid, to, ...(schedule.copyKeep === null ? {} : { keep: schedule.copyKeep }),
    });
    deps.repo.addEvent({ at, schedule, snapshotId: null, action: SCHEDULE_COPY_ACTION, outcome: 'succeeded', detail: { target: r.target, files: r.sent.length, bytesSent: r.bytesSent } });
    return { error: null, copy: { target: r.target, bytesSent: r.bytesSent } };
  } catch (e) {
    const error = describeRunError(e);
    deps.repo.addEvent({ at, schedule, snapshotId: null, action: SCHEDULE_COPY_ACTION, outcome: 'failed', detail: { target: to, error } });
    return { error, copy: null };
  }
}

async function expire(deps: RunnerDeps, schedule: Schedule, justTaken: string, now: Date, report: ScheduleRunReport): Promise<void> {
  if (schedule.keepLast === null && schedule.maxAgeSeconds === null) return;
  const own = deps.snapshots
    .list({ hostId: schedule.hostId, vmUuid: schedule.vmUuid, includeDependents: true })
    .filter((s) => s.origin === 'schedule' && s.scheduleId === schedule.id);
  const at = now.toISOString();
  for (const id of selectExpired(own, schedule, now, justTaken)) {
    try {
      await deps.snapshots.delete(id);
      deps.repo.addEvent({ at, schedule, snapshotId: id, action: SCHEDULE_EXPIRE_ACTION, outcome: 'succeeded', detail: {} });
      report.expired.push(id);
    } catch (e) {
      deps.repo.addEvent({ at, schedule, snapshotId: id, action: SCHEDULE_EXPIRE_ACTION, outcome: 'failed', detail: { error: describeRunError(e) } });
    }
  }
}
