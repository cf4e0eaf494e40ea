// What a cron expression means and whether Snapvisor takes it: the same croner parser for the
// schedules (when a run is due), the services (refusing a bad one) and the schedule form (saying so
// while the user types). Kept apart from rules.ts so only code that needs cron loads the parser.
import { Cron } from 'croner';
import { RULES, textProblem, type Problem } from './rules';

/** A paused croner job for the expression (throws on a malformed one). */
export function cronOf(expr: string): Cron {
  return new Cron(expr, { paused: true });
}

/** Why a cron expression is refused, or null when it is fine: its text, then its meaning. */
export function cronProblem(expr: string): Problem | null {
  const textual = textProblem(RULES.cron, expr);
  if (textual) return textual;
  let job: Cron;
  try {
    job = cronOf(expr.trim());
  } catch {
    return { reason: 'cron_invalid' };
  }
  const [first, second] = job.nextRuns(2, new Date(0));
  if (!first) return { reason: 'cron_never_matches' };
  const min = RULES.intervalSeconds.min;
  if (second && second.getTime() - first.getTime() < min * 1000) return { reason: 'cron_too_frequent', min };
  return null;
}
