// One pass over the due schedules: take each one's snapshot, then apply its retention.
// A failing schedule (VM busy, gone, wrong state) records its error and the others go on.
import type { ScheduleRunReport, SnapshotsApi } from '../api';
import type { Schedule } from '../../../shared/model';
import type { SchedulesRepo } from '../../store/schedules-repo';
import { SCHEDULE_EXPIRE_ACTION, SCHEDULE_RUN_ACTION } from '../../store/schedules-repo';
import { isDue, nextRunAfter, type Timing } from './due';
import { expandPattern, uniqueName } from '../policy/naming';
import { selectExpired } from './retention';
import { describeRunError } from '../../../shared/run-error';

export interface RunnerDeps {
  repo: SchedulesRepo;
  snapshots: SnapshotsApi;
  vmName(hostId: string, vmUuid: string): string | null;
  /** Told after each run is recorded, whatever its outcome. */
  recorded?(scheduleId: string): void;
}

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
    const snapshotId = await runOne(deps, schedule, now, report);
    deps.recorded?.(schedule.id);
    if (snapshotId !== null) await expire(deps, schedule, snapshotId, now, report);
  }
  return report;
}

async function runOne(deps: RunnerDeps, schedule: Schedule, now: Date, report: ScheduleRunReport): Promise<string | null> {
  const at = now.toISOString();
  try {
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
    deps.repo.recordRun(schedule.id, at, null);
    deps.repo.addEvent({ at, schedule, snapshotId: snapshot.id, action: SCHEDULE_RUN_ACTION, outcome: 'succeeded', detail: { name } });
    report.ran.push({ scheduleId: schedule.id, snapshotId: snapshot.id, error: null });
    return snapshot.id;
  } catch (e) {
    const error = describeRunError(e);
    deps.repo.recordRun(schedule.id, at, error);
    deps.repo.addEvent({ at, schedule, snapshotId: null, action: SCHEDULE_RUN_ACTION, outcome: 'failed', detail: { error } });
    report.ran.push({ scheduleId: schedule.id, snapshotId: null, error });
    return null;
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
