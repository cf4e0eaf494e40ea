// The schedules table, and the audit events a schedule's runs leave behind.
import type { Db } from './db';
import type { Schedule } from '../../shared/model';
import { parseRunError } from '../../shared/run-error';

interface ScheduleRow {
  id: string;
  host_id: string;
  vm_uuid: string;
  vm_name: string;
  kind: Schedule['kind'];
  interval_seconds: number | null;
  cron: string | null;
  name_pattern: string;
  keep_last: number | null;
  max_age_seconds: number | null;
  copy_to: string | null;
  copy_keep: number | null;
  enabled: number;
  created_at: string;
  last_run_at: string | null;
  next_run_at: string | null;
  last_error: string | null;
}

function toSchedule(r: ScheduleRow): Schedule {
  return {
    id: r.id,
    hostId: r.host_id,
    vmUuid: r.vm_uuid,
    vmName: r.vm_name,
    kind: r.kind,
    intervalSeconds: r.interval_seconds,
    cron: r.cron,
    namePattern: r.name_pattern,
    keepLast: r.keep_last,
    maxAgeSeconds: r.max_age_seconds,
    copyTo: r.copy_to,
    copyKeep: r.copy_keep,
    enabled: r.enabled === 1,
    lastRunAt: r.last_run_at,
    nextRunAt: r.next_run_at,
    lastError: r.last_error,
    lastFailure: r.last_error === null ? null : parseRunError(r.last_error),
  };
}

function toParams(s: Schedule): Record<string, string | number | null> {
  return {
    id: s.id,
    host_id: s.hostId,
    vm_uuid: s.vmUuid,
    vm_name: s.vmName,
    kind: s.kind,
    interval_seconds: s.intervalSeconds,
    cron: s.cron,
    name_pattern: s.namePattern,
    keep_last: s.keepLast,
    max_age_seconds: s.maxAgeSeconds,
    copy_to: s.copyTo,
    copy_keep: s.copyKeep,
    enabled: s.enabled ? 1 : 0,
    last_run_at: s.lastRunAt,
    next_run_at: s.nextRunAt,
    last_error: s.lastError,
  };
}

export const SCHEDULE_RUN_ACTION = 'schedule.run';
export const SCHEDULE_EXPIRE_ACTION = 'schedule.expire';
export const SCHEDULE_COPY_ACTION = 'schedule.copy';

export interface ScheduleEvent {
  at: string;
  schedule: Pick<Schedule, 'id' | 'hostId' | 'vmUuid'>;
  snapshotId: string | null;
  action: typeof SCHEDULE_RUN_ACTION | typeof SCHEDULE_EXPIRE_ACTION | typeof SCHEDULE_COPY_ACTION;
  outcome: 'succeeded' | 'failed';
  detail: Record<string, unknown>;
}

export interface SchedulesRepo {
  list(hostId?: string): Schedule[];
  get(id: string): Schedule | null;
  insert(s: Schedule, createdAt: string): void;
  /** Writes every field but id, host and creation time. */
  save(s: Schedule): void;
  remove(id: string): boolean;
  /**
   * Moves next_run_at from `expected` to `next` only if nobody else did meanwhile, so that the
   * app's timer and a systemd-started `schedules run` never take the same run twice.
   */
  claimRun(id: string, expected: string, next: string | null): boolean;
  recordRun(id: string, lastRunAt: string, lastError: string | null): void;
  /** Successful runs so far; the {n} of the name pattern is this plus one. */
  countSuccessfulRuns(id: string): number;
  addEvent(e: ScheduleEvent): void;
}

export function createSchedulesRepo(db: Db): SchedulesRepo {
  const columns = 'id, host_id, vm_uuid, vm_name, kind, interval_seconds, cron, name_pattern, keep_last, max_age_seconds, copy_to, copy_keep, enabled, created_at, last_run_at, next_run_at, last_error';
  const listAll = db.prepare<[], ScheduleRow>(`SELECT ${columns} FROM schedules ORDER BY vm_name, created_at`);
  const listHost = db.prepare<[string], ScheduleRow>(`SELECT ${columns} FROM schedules WHERE host_id = ? ORDER BY vm_name, created_at`);
  const getOne = db.prepare<[string], ScheduleRow>(`SELECT ${columns} FROM schedules WHERE id = ?`);
  const insert = db.prepare(`INSERT INTO schedules (${columns}) VALUES (@id, @host_id, @vm_uuid, @vm_name, @kind, @interval_seconds, @cron, @name_pattern, @keep_last, @max_age_seconds, @copy_to, @copy_keep, @enabled, @created_at, @last_run_at, @next_run_at, @last_error)`);
  const save = db.prepare(`UPDATE schedules SET vm_uuid = @vm_uuid, vm_name = @vm_name, kind = @kind,
    interval_seconds = @interval_seconds, cron = @cron, name_pattern = @name_pattern, keep_last = @keep_last,
    max_age_seconds = @max_age_seconds, copy_to = @copy_to, copy_keep = @copy_keep, enabled = @enabled, last_run_at = @last_run_at,
    next_run_at = @next_run_at, last_error = @last_error WHERE id = @id`);
  const remove = db.prepare<[string]>('DELETE FROM schedules WHERE id = ?');
  const claim = db.prepare<[string | null, string, string]>('UPDATE schedules SET next_run_at = ? WHERE id = ? AND next_run_at = ?');
  const recordRun = db.prepare<[string, string | null, string]>('UPDATE schedules SET last_run_at = ?, last_error = ? WHERE id = ?');
  const countRuns = db.prepare<[string, string], { n: number }>(
    `SELECT COUNT(*) AS n FROM events WHERE action = ? AND outcome = 'succeeded' AND json_extract(detail, '$.scheduleId') = ?`,
  );
  const addEvent = db.prepare('INSERT INTO events (at, host_id, snapshot_id, vm_uuid, action, outcome, detail) VALUES (?, ?, ?, ?, ?, ?, ?)');

  return {
    list: (hostId) => (hostId === undefined ? listAll.all() : listHost.all(hostId)).map(toSchedule),
    get: (id) => {
      const row = getOne.get(id);
      return row ? toSchedule(row) : null;
    },
    insert: (s, createdAt) => { insert.run({ ...toParams(s), created_at: createdAt }); },
    save: (s) => { save.run(toParams(s)); },
    remove: (id) => remove.run(id).changes > 0,
    claimRun: (id, expected, next) => claim.run(next, id, expected).changes === 1,
    recordRun: (id, lastRunAt, lastError) => { recordRun.run(lastRunAt, lastError, id); },
    countSuccessfulRuns: (id) => countRuns.get(SCHEDULE_RUN_ACTION, id)?.n ?? 0,
    addEvent: (e) => {
      addEvent.run(e.at, e.schedule.hostId, e.snapshotId, e.schedule.vmUuid, e.action, e.outcome,
        JSON.stringify({ scheduleId: e.schedule.id, ...e.detail }));
    },
  };
}
