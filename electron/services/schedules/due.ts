// When a schedule runs next. Interval schedules keep their grid while the runs are on time;
// after downtime they run once and start a new grid from then. Cron schedules take the
// expression's next match after now, which skips the slots missed meanwhile in the same way.
import { cronOf } from '../../../shared/cron';

export type Timing = { intervalSeconds: number; cron: null } | { intervalSeconds: null; cron: string };

function nextCronMatch(expr: string, after: Date): Date | null {
  return cronOf(expr).nextRun(after);
}

/** The first run of a new (or re-timed, or re-enabled) schedule. */
export function firstRunAt(timing: Timing, now: Date): Date | null {
  if (timing.cron !== null) return nextCronMatch(timing.cron, now);
  return new Date(now.getTime() + timing.intervalSeconds * 1000);
}

/** The run after the one that was due at `scheduledAt` and is being taken at `now`. */
export function nextRunAfter(timing: Timing, scheduledAt: Date, now: Date): Date | null {
  if (timing.cron !== null) return nextCronMatch(timing.cron, now);
  const stepMs = timing.intervalSeconds * 1000;
  const onGrid = scheduledAt.getTime() + stepMs;
  return new Date(onGrid > now.getTime() ? onGrid : now.getTime() + stepMs);
}

export function isDue(nextRunAt: string | null, enabled: boolean, now: Date): boolean {
  return enabled && nextRunAt !== null && Date.parse(nextRunAt) <= now.getTime();
}
