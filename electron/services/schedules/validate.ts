// Turns a ScheduleInput into the fields stored, or refuses it with schedule_invalid: the field,
// a reason token and the limit, worded by the UI and the CLI. The limits are shared/rules.ts's.
import { SnapvisorError } from '../../../shared/errors';
import type { ScheduleInput } from '../api';
import type { Schedule } from '../../../shared/model';
import type { Timing } from './due';
import { DEFAULT_SCHEDULE_PATTERN } from '../policy/naming';
import { cronProblem } from '../../../shared/cron';
import { RULES, intProblem, namePatternProblem, textProblem, unknownPlaceholders, type Problem } from '../../../shared/rules';
import { VM_SNAPSHOT_KINDS, type FieldName } from '../../../shared/vocabulary';

export const SCHEDULE_KINDS: readonly Schedule['kind'][] = VM_SNAPSHOT_KINDS;

export type ValidSchedule = Pick<Schedule, 'hostId' | 'vmUuid' | 'kind' | 'namePattern' | 'keepLast' | 'maxAgeSeconds' | 'copyTo' | 'copyKeep' | 'enabled'> & Timing;

function invalid(field: FieldName, problem: Problem, extra: Record<string, string> = {}): never {
  throw new SnapvisorError('schedule_invalid', { field, ...problem, ...extra });
}

function timingOf(input: ScheduleInput): Timing {
  const interval = input.intervalSeconds ?? null;
  const cron = input.cron?.trim() || null;
  if ((interval === null) === (cron === null)) invalid('intervalSeconds', { reason: 'interval_or_cron' });
  if (cron !== null) {
    const problem = cronProblem(cron);
    if (problem) invalid('cron', problem, { cron });
    return { intervalSeconds: null, cron };
  }
  const problem = intProblem(RULES.intervalSeconds, interval!);
  if (problem) invalid('intervalSeconds', problem);
  return { intervalSeconds: interval!, cron: null };
}

function optionalInt(value: number | null | undefined, field: 'keepLast' | 'maxAgeSeconds' | 'copyKeep'): number | null {
  if (value === undefined || value === null) return null;
  const problem = intProblem(field === 'copyKeep' ? RULES.keepLast : RULES[field], value);
  if (problem) invalid(field, problem);
  return value;
}

/** The copy a run refreshes: a target URI, and its retention only with a target. */
function copyOf(input: ScheduleInput): Pick<Schedule, 'copyTo' | 'copyKeep'> {
  const raw = input.copyTo ?? null;
  const problem = raw === null ? null : textProblem(RULES.uri, raw);
  if (problem) invalid('copyTo', problem);
  const copyTo = raw === null ? null : raw.trim();
  const copyKeep = optionalInt(input.copyKeep, 'copyKeep');
  if (copyKeep !== null && copyTo === null) invalid('copyKeep', { reason: 'copy_keep_without_target' });
  return { copyTo, copyKeep };
}

export function validateSchedule(input: ScheduleInput): ValidSchedule {
  if (!input.hostId || !input.vmUuid) invalid('vmUuid', { reason: 'host_and_vm_required' });
  if (!SCHEDULE_KINDS.includes(input.kind)) invalid('kind', { reason: 'kind_not_schedulable' });
  const keepLast = optionalInt(input.keepLast, 'keepLast');
  const maxAgeSeconds = optionalInt(input.maxAgeSeconds, 'maxAgeSeconds');
  const patternProblem = namePatternProblem(input.namePattern ?? '');
  if (patternProblem) {
    invalid('namePattern', patternProblem, { placeholder: unknownPlaceholders(input.namePattern ?? '').map((p) => `{${p}}`).join(', ') });
  }
  const namePattern = input.namePattern?.trim() || DEFAULT_SCHEDULE_PATTERN;
  return {
    hostId: input.hostId,
    vmUuid: input.vmUuid,
    kind: input.kind,
    ...timingOf(input),
    namePattern,
    keepLast,
    maxAgeSeconds,
    ...copyOf(input),
    enabled: input.enabled ?? true,
  };
}
