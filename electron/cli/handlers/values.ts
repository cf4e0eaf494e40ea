// Typed access to parsed option values, with usage errors (exit 2) for values the services would
// refuse: each value is judged by its rule in shared/rules.ts, before anything is done.
import type { OptionValues, UsageProblem } from '../argv';
import type { ViewContext } from '../output/views';
import { printable } from '../output/text';
import { RULES, dateBoundary, textProblem, typedIntProblem, type IntRule, type Problem, type TextRule } from '../../../shared/rules';

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

/** Every value of an option given more than once (`multiple`). */
export function texts(values: OptionValues, name: string): string[] {
  const v = values[name];
  return Array.isArray(v) ? v : typeof v === 'string' ? [v] : [];
}

export function required(values: OptionValues, name: string): string {
  const v = text(values, name);
  if (v === undefined) throw new UsageError({ key: 'usage.missingOption', params: { option: name } });
  return v;
}

export function flag(values: OptionValues, name: string): boolean {
  return values[name] === true;
}

/** A usage error for a value: the option (or argument), the value as typed, and why (a reason token with its limit). */
function badValueOf(option: string, value: string, problem: Problem): UsageError {
  return new UsageError({ key: 'usage.badValue', params: { option, value: printable(value), ...problem } });
}

export function badValue(option: string, value: string, problem: Problem): UsageError {
  return badValueOf(`--${option}`, value, problem);
}

/** A text value that must meet a rule (names, descriptions, disk targets, network names …). */
export function ruled(values: OptionValues, name: string, rule: TextRule): string | undefined {
  const v = text(values, name);
  if (v === undefined) return undefined;
  const problem = textProblem(rule, v);
  if (problem) throw badValue(name, v, problem);
  return v;
}

export function requiredRuled(values: OptionValues, name: string, rule: TextRule): string {
  return ruled(values, name, rule) ?? required(values, name);
}

/** A whole number that must meet a rule (vCPUs, memory, how many to keep). */
export function wholeNumber(values: OptionValues, name: string, rule: IntRule): number | undefined {
  const v = text(values, name);
  if (v === undefined) return undefined;
  const problem = typedIntProblem(rule, v);
  if (problem) throw badValue(name, v, problem);
  return Number(v);
}

/** A positional argument that must meet a rule (a comment's text …). */
export function ruledArgument(argument: string, value: string, rule: TextRule): string {
  const problem = textProblem(rule, value);
  if (problem) throw badValueOf(argument, value, problem);
  return value;
}

export function exclusive(values: OptionValues, a: string, b: string): void {
  if (values[a] !== undefined && values[b] !== undefined) throw new UsageError({ key: 'usage.conflict', params: { a, b } });
}

/**
 * An ISO date or date-time (a real one: 2024-13-45 is refused). A bare date means the whole
 * local day: its start for --since, its end for --until, so `--until 2025-01-31` includes that day.
 */
export function dateBound(values: OptionValues, name: string, end: boolean): string | undefined {
  const v = text(values, name);
  if (v === undefined) return undefined;
  const bound = dateBoundary(v, end);
  if (bound === null) throw badValue(name, v, textProblem(RULES.isoDate, v) ?? { reason: 'not_a_date' });
  return bound;
}
