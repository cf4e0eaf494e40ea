// When a schedule runs next. Interval schedules keep their grid while the runs are on time;
// after downtime they run once and start a new grid from then. Cron schedules take the
// expression's next match after now, which skips the slots missed meanwhile in the same way.
import { Cron } from 'croner';

export const MIN_INTERVAL_SECONDS = 60;

export type Timing = { intervalSeconds: number; cron: null } | { intervalSeconds: null; cron: string };

function cronOf(expr: string): Cron {
  return new Cron(expr, { paused: true });
}

/** Why a cron expression is refused, or null when it is fine. */
export function cronProblem(expr: string): string | null {
  let job: Cron;
  try {
    job = cronOf(expr);
  } catch (e) {
    return (e as Error).message;
  }
  const [first, second] = job.nextRuns(2, new Date(0));
  if (!first) return 'the expression never matches';
  if (second && second.getTime() - first.getTime() < MIN_INTERVAL_SECONDS * 1000) {
    return `runs more often than once every ${MIN_INTERVAL_SECONDS} seconds`;
  }
  return null;
}

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
