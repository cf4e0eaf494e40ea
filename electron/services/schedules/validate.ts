// Turns a ScheduleInput into the fields stored, or refuses it with schedule_invalid and a reason.
import { SnapvisorError } from '../errors';
import type { ScheduleInput } from '../api';
import type { Schedule } from '../model';
import { MIN_INTERVAL_SECONDS, cronProblem, type Timing } from './due';
import { DEFAULT_NAME_PATTERN, sanitiseName, unknownPlaceholders } from './name-pattern';

export const SCHEDULE_KINDS: readonly Schedule['kind'][] = ['cold', 'hot', 'memory'];
const MIN_MAX_AGE_SECONDS = 60;

export type ValidSchedule = Pick<Schedule, 'hostId' | 'vmUuid' | 'kind' | 'namePattern' | 'keepLast' | 'maxAgeSeconds' | 'enabled'> & Timing;

function invalid(reason: string): never {
  throw new SnapvisorError('schedule_invalid', { reason });
}

function timingOf(input: ScheduleInput): Timing {
  const interval = input.intervalSeconds ?? null;
  const cron = input.cron?.trim() || null;
  if ((interval === null) === (cron === null)) invalid('give either an interval or a cron expression');
  if (cron !== null) {
    const problem = cronProblem(cron);
    if (problem) invalid(`cron expression “${cron}”: ${problem}`);
    return { intervalSeconds: null, cron };
  }
  if (!Number.isInteger(interval) || interval! < MIN_INTERVAL_SECONDS) {
    invalid(`the interval must be a whole number of seconds, at least ${MIN_INTERVAL_SECONDS}`);
  }
  return { intervalSeconds: interval!, cron: null };
}

export function validateSchedule(input: ScheduleInput): ValidSchedule {
  if (!input.hostId || !input.vmUuid) invalid('a host and a VM are required');
  if (!SCHEDULE_KINDS.includes(input.kind)) invalid(`the kind must be one of ${SCHEDULE_KINDS.join(', ')}`);
  const keepLast = input.keepLast ?? null;
  if (keepLast !== null && (!Number.isInteger(keepLast) || keepLast < 1)) invalid('keep-last must be a whole number, at least 1');
  const maxAgeSeconds = input.maxAgeSeconds ?? null;
  if (maxAgeSeconds !== null && (!Number.isInteger(maxAgeSeconds) || maxAgeSeconds < MIN_MAX_AGE_SECONDS)) {
    invalid(`the maximum age must be at least ${MIN_MAX_AGE_SECONDS} seconds`);
  }
  const namePattern = input.namePattern?.trim() || DEFAULT_NAME_PATTERN;
  const unknown = unknownPlaceholders(namePattern);
  if (unknown.length) invalid(`unknown placeholder ${unknown.map((p) => `{${p}}`).join(', ')} in the name pattern`);
  if (namePattern.length > 200) invalid('the name pattern is longer than 200 characters');
  if (!/\{\w+\}/.test(namePattern) && !sanitiseName(namePattern)) invalid('the name pattern gives an empty name');
  return {
    hostId: input.hostId,
    vmUuid: input.vmUuid,
    kind: input.kind,
    ...timingOf(input),
    namePattern,
    keepLast,
    maxAgeSeconds,
    enabled: input.enabled ?? true,
  };
}
