// Typed access to parsed option values, with usage errors for values of the wrong shape.
import type { OptionValues, UsageProblem } from '../argv';
import type { ViewContext } from '../output/views';

export class UsageError extends Error {
  constructor(readonly problem: UsageProblem) {
    super(problem.key);
  }
}

/**
 * What a handler gives back: the JSON value for --json, and the text for people — built only
 * when printed, so `--json list` over 10,000 snapshots never formats a table it throws away.
 */
export interface CommandOutput {
  json: unknown;
  text: () => string;
  /** Set when a command that did its job still reports trouble (schedules status: a failed run). */
  exitCode?: number;
}

export interface HandlerArgs {
  values: OptionValues;
  positionals: string[];
  view: ViewContext;
}

export function text(values: OptionValues, name: string): string | undefined {
  const v = values[name];
  return typeof v === 'string' ? v : undefined;
}

export function required(values: OptionValues, name: string): string {
  const v = text(values, name);
  if (v === undefined) throw new UsageError({ key: 'usage.missingOption', params: { option: name } });
  return v;
}

export function flag(values: OptionValues, name: string): boolean {
  return values[name] === true;
}

export function badValue(option: string, value: string, expected: string): UsageError {
  return new UsageError({ key: 'usage.badValue', params: { option, value, expected } });
}

export function positiveInt(values: OptionValues, name: string): number | undefined {
  const v = text(values, name);
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v) || Number(v) < 1 || !Number.isSafeInteger(Number(v))) throw badValue(name, v, 'a whole number ≥ 1');
  return Number(v);
}

export function exclusive(values: OptionValues, a: string, b: string): void {
  if (values[a] !== undefined && values[b] !== undefined) throw new UsageError({ key: 'usage.conflict', params: { a, b } });
}

/**
 * An ISO date or date-time. A bare date means the whole local day: its start for --since,
 * its end for --until, so `--until 2025-01-31` includes that day.
 */
export function dateBound(values: OptionValues, name: string, end: boolean): string | undefined {
  const v = text(values, name);
  if (v === undefined) return undefined;
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  const date = day
    ? new Date(Number(day[1]), Number(day[2]) - 1, Number(day[3]), end ? 23 : 0, end ? 59 : 0, end ? 59 : 0, end ? 999 : 0)
    : new Date(v);
  if (Number.isNaN(date.getTime())) throw badValue(name, v, 'YYYY-MM-DD or an ISO date-time');
  return date.toISOString();
}
