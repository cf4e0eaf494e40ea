// The schedule form as strings (what inputs hold) and its conversion to a ScheduleInput. Its
// checks are the services' rules (shared/rules.ts, shared/cron.ts): what it lets through, main takes.
import type { Schedule, ScheduleInput } from '../../api/contract';
import type { VmKind } from '../create/kind-rules';
import { RULES, namePatternProblem, typedIntProblem } from '../../../../shared/rules';
import { cronProblem } from '../../../../shared/cron';

export const INTERVAL_UNITS = { minutes: 60, hours: 3600, days: 86400 } as const;
export type IntervalUnit = keyof typeof INTERVAL_UNITS;

export interface ScheduleDraft {
  vmUuid: string;
  kind: VmKind;
  trigger: 'interval' | 'cron';
  every: string;
  unit: IntervalUnit;
  cron: string;
  namePattern: string;
  keepLast: string;
  maxAgeDays: string;
  enabled: boolean;
}

export type ScheduleProblems = Partial<Record<'vmUuid' | 'every' | 'cron' | 'keepLast' | 'maxAgeDays' | 'namePattern', string>>;

const DAY_SECONDS = 86_400;

/** Problems as i18n keys. */
export function scheduleProblems(d: ScheduleDraft): ScheduleProblems {
  const p: ScheduleProblems = {};
  if (!d.vmUuid) p.vmUuid = 'schedules.vmRequired';
  if (d.trigger === 'interval' && typedIntProblem(RULES.intervalSeconds, d.every, INTERVAL_UNITS[d.unit])) p.every = 'schedules.everyInvalid';
  if (d.trigger === 'cron' && cronProblem(d.cron)) p.cron = 'schedules.cronInvalid';
  if (d.keepLast.trim() && typedIntProblem(RULES.keepLast, d.keepLast)) p.keepLast = 'schedules.keepLastInvalid';
  if (d.maxAgeDays.trim() && typedIntProblem(RULES.maxAgeSeconds, d.maxAgeDays, DAY_SECONDS)) p.maxAgeDays = 'schedules.maxAgeInvalid';
  if (namePatternProblem(d.namePattern)) p.namePattern = 'schedules.namePatternInvalid';
  return p;
}

export function draftFromSchedule(s: Schedule | null, vmUuid: string): ScheduleDraft {
  if (!s) {
    return { vmUuid, kind: 'hot', trigger: 'interval', every: '1', unit: 'days', cron: '0 3 * * *', namePattern: '', keepLast: '7', maxAgeDays: '', enabled: true };
  }
  const unit: IntervalUnit = s.intervalSeconds && s.intervalSeconds % 86400 === 0 ? 'days' : s.intervalSeconds && s.intervalSeconds % 3600 === 0 ? 'hours' : 'minutes';
  return {
    vmUuid: s.vmUuid,
    kind: s.kind,
    trigger: s.cron ? 'cron' : 'interval',
    every: s.intervalSeconds ? String(s.intervalSeconds / INTERVAL_UNITS[unit]) : '1',
    unit,
    cron: s.cron ?? '0 3 * * *',
    namePattern: s.namePattern,
    keepLast: s.keepLast === null ? '' : String(s.keepLast),
    maxAgeDays: s.maxAgeSeconds === null ? '' : String(Math.round(s.maxAgeSeconds / DAY_SECONDS)),
    enabled: s.enabled,
  };
}

export function inputFromDraft(d: ScheduleDraft, hostId: string): ScheduleInput {
  return {
    hostId,
    vmUuid: d.vmUuid,
    kind: d.kind,
    intervalSeconds: d.trigger === 'interval' ? Number(d.every) * INTERVAL_UNITS[d.unit] : null,
    cron: d.trigger === 'cron' ? d.cron.trim() : null,
    ...(d.namePattern.trim() ? { namePattern: d.namePattern.trim() } : {}),
    keepLast: d.keepLast.trim() ? Number(d.keepLast) : null,
    maxAgeSeconds: d.maxAgeDays.trim() ? Number(d.maxAgeDays) * DAY_SECONDS : null,
    enabled: d.enabled,
  };
}

/** "every 6 hours" / cron text, for the table. */
export function describeTrigger(s: Schedule): { key: string; count?: number; cron?: string } {
  if (s.cron) return { key: 'schedules.cronTrigger', cron: s.cron };
  const sec = s.intervalSeconds ?? 0;
  if (sec % 86400 === 0) return { key: 'schedules.everyDays', count: sec / 86400 };
  if (sec % 3600 === 0) return { key: 'schedules.everyHours', count: sec / 3600 };
  return { key: 'schedules.everyMinutes', count: Math.round(sec / 60) };
}
