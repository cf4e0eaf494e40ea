// The schedule form as strings (what inputs hold) and its conversion to a ScheduleInput. Its
// checks are the services' rules (shared/rules.ts, shared/cron.ts): what it lets through, main takes.
import type { Schedule, ScheduleInput } from '../../api/contract';
import type { VmKind } from '../create/kind-rules';
import { RULES, namePatternProblem, typedIntProblem } from '../../../../shared/rules';
import { cronProblem } from '../../../../shared/cron';
import { uriProblem } from '../field-rules';

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
  /** Each run refreshes the VM's copy on another host: `copyTo`, a libvirt URI, keeping `copyKeep` there. */
  copy: boolean;
  copyTo: string;
  copyKeep: string;
  enabled: boolean;
}

export type ScheduleProblems = Partial<Record<'vmUuid' | 'every' | 'cron' | 'keepLast' | 'maxAgeDays' | 'namePattern' | 'copyTo' | 'copyKeep', string>>;

const DAY_SECONDS = 86_400;

/** Problems as i18n keys. `hostUri`: the schedule's own host, which cannot hold the copy. */
export function scheduleProblems(d: ScheduleDraft, hostUri?: string): ScheduleProblems {
  const p: ScheduleProblems = {};
  if (!d.vmUuid) p.vmUuid = 'schedules.vmRequired';
  if (d.trigger === 'interval' && typedIntProblem(RULES.intervalSeconds, d.every, INTERVAL_UNITS[d.unit])) p.every = 'schedules.everyInvalid';
  if (d.trigger === 'cron' && cronProblem(d.cron)) p.cron = 'schedules.cronInvalid';
  if (d.keepLast.trim() && typedIntProblem(RULES.keepLast, d.keepLast)) p.keepLast = 'schedules.keepLastInvalid';
  if (d.maxAgeDays.trim() && typedIntProblem(RULES.maxAgeSeconds, d.maxAgeDays, DAY_SECONDS)) p.maxAgeDays = 'schedules.maxAgeInvalid';
  if (namePatternProblem(d.namePattern)) p.namePattern = 'schedules.namePatternInvalid';
  if (d.copy) {
    if (uriProblem(d.copyTo)) p.copyTo = 'schedules.copyToInvalid';
    else if (d.copyTo.trim() === hostUri) p.copyTo = 'schedules.copyToSameHost';
    if (d.copyKeep.trim() && typedIntProblem(RULES.keepLast, d.copyKeep)) p.copyKeep = 'schedules.keepLastInvalid';
  }
  return p;
}

export function draftFromSchedule(s: Schedule | null, vmUuid: string): ScheduleDraft {
  if (!s) {
    return {
      vmUuid, kind: 'hot', trigger: 'interval', every: '1', unit: 'days', cron: '0 3 * * *', namePattern: '', keepLast: '7', maxAgeDays: '',
      copy: false, copyTo: '', copyKeep: '', enabled: true,
    };
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
    copy: s.copyTo !== null,
    copyTo: s.copyTo ?? '',
    copyKeep: s.copyKeep === null ? '' : String(s.copyKeep),
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
    copyTo: d.copy ? d.copyTo.trim() : null,
    copyKeep: d.copy && d.copyKeep.trim() ? Number(d.copyKeep) : null,
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
