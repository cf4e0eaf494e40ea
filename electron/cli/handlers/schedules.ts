// schedules list | add | remove | run | status | install-timer.
import { formatError } from '../../../shared/error-messages';
import { parseDuration } from '../../services/schedules/duration';
import { parseRunError } from '../../../shared/run-error';
import {
  installTimerUnits, serviceUnitText, timerUnitText, unitDirectory, SERVICE_UNIT, TIMER_UNIT, type TimerUnitOptions,
} from '../../services/schedules/systemd';
import { SnapvisorError, isSnapvisorError } from '../../../shared/errors';
import type { ScheduleTimerStatus } from '../../../shared/model';
import { resolveVm, vmUuidFor, type CliContext } from '../context';
import { t } from '../messages';
import { formatDateTime } from '../output/locale';
import { scheduleStatusTable, scheduleTable, timerLine, type ViewContext } from '../output/views';
import { runningCliInvocation } from '../invocation';
import { UsageError, badValue, flag, required, ruled, text, wholeNumber, type CommandOutput, type HandlerArgs } from './values';
import { formatSize } from '../output/locale';
import { RULES, intProblem, namePatternProblem, type IntRule } from '../../../shared/rules';
import { cronProblem } from '../../../shared/cron';

const storedErrorText = (view: ViewContext) => (stored: string): string => {
  const { code, params } = parseRunError(stored);
  return formatError(code, params, view.lang);
};

export async function schedulesListCommand(ctx: CliContext, { values, view }: HandlerArgs): Promise<CommandOutput> {
  const vmArg = text(values, 'vm');
  const vmUuid = vmArg === undefined ? undefined : await vmUuidFor(ctx, vmArg);
  const schedules = ctx.services.schedules.list(ctx.hostId)
    .filter((s) => vmUuid === undefined || s.vmUuid === vmUuid || s.vmName === vmArg);
  return { json: schedules, text: () => scheduleTable(view, schedules, storedErrorText(view)) };
}

/** A duration option ("30m", "6h", "1d") as seconds that meet `rule`. */
function durationOption(values: HandlerArgs['values'], name: string, rule: IntRule): number | null {
  const raw = text(values, name);
  if (raw === undefined) return null;
  const seconds = parseDuration(raw);
  if (seconds === null) throw badValue(name, raw, { reason: 'not_a_duration' });
  const problem = intProblem(rule, seconds);
  if (problem) throw badValue(name, raw, problem);
  return seconds;
}

export async function schedulesAddCommand(ctx: CliContext, { values, view }: HandlerArgs): Promise<CommandOutput> {
  const every = durationOption(values, 'every', RULES.intervalSeconds);
  const cron = text(values, 'cron') ?? null;
  const cronIssue = cron === null ? null : cronProblem(cron);
  if (cron !== null && cronIssue) throw badValue('cron', cron, cronIssue);
  const pattern = text(values, 'pattern');
  const patternIssue = pattern === undefined ? null : namePatternProblem(pattern);
  if (pattern !== undefined && patternIssue) throw badValue('pattern', pattern, patternIssue);
  if ((every === null) === (cron === null)) {
    throw new UsageError({ key: every === null ? 'usage.oneOf' : 'usage.conflict', params: { a: 'every', b: 'cron' } });
  }
  const copyTo = ruled(values, 'copy-to', RULES.uri) ?? null;
  const copyKeep = wholeNumber(values, 'copy-keep', RULES.keepLast) ?? null;
  if (copyKeep !== null && copyTo === null) throw new UsageError({ key: 'usage.needs', params: { a: 'copy-keep', b: 'copy-to' } });
  const vm = await resolveVm(ctx, required(values, 'vm'));
  const schedule = ctx.services.schedules.add({
    hostId: ctx.hostId,
    vmUuid: vm.uuid,
    kind: required(values, 'kind') as 'cold' | 'hot' | 'memory',
    intervalSeconds: every,
    cron,
    keepLast: wholeNumber(values, 'keep', RULES.keepLast) ?? null,
    maxAgeSeconds: durationOption(values, 'max-age', RULES.maxAgeSeconds),
    namePattern: pattern,
    copyTo,
    copyKeep,
  });
  return { json: schedule, text: () => t(view.lang, 'done.scheduleAdded', { id: schedule.id, next: formatDateTime(schedule.nextRunAt, view.locale) }) };
}

export async function schedulesRemoveCommand(ctx: CliContext, { positionals, view }: HandlerArgs): Promise<CommandOutput> {
  const id = positionals[0]!;
  ctx.services.schedules.remove(id);
  return { json: { removed: id }, text: () => t(view.lang, 'done.scheduleRemoved', { id }) };
}

export async function schedulesRunCommand(ctx: CliContext, { view }: HandlerArgs): Promise<CommandOutput> {
  const report = await ctx.services.schedules.runDue();
  const names = new Map(ctx.services.snapshots.list({ hostId: ctx.hostId, includeDependents: true }).map((s) => [s.id, s.name]));
  const lines = report.ran.map((r) => {
    const snapshot = names.get(r.snapshotId ?? '') ?? r.snapshotId ?? '';
    if (r.error !== null) {
      const error = storedErrorText(view)(r.error);
      // A snapshot taken with an error: the copy refresh after it failed.
      return r.snapshotId === null
        ? t(view.lang, 'done.scheduleFailed', { id: r.scheduleId, error })
        : t(view.lang, 'done.scheduleCopyFailed', { id: r.scheduleId, snapshot, error });
    }
    return r.copy === null
      ? t(view.lang, 'done.scheduleRan', { id: r.scheduleId, snapshot })
      : t(view.lang, 'done.scheduleCopied', { id: r.scheduleId, snapshot, target: r.copy.target, bytes: formatSize(r.copy.bytesSent) });
  });
  if (lines.length === 0) lines.push(t(view.lang, 'done.nothingDue'));
  if (report.expired.length) lines.push(t(view.lang, 'done.expired', { count: report.expired.length }));
  return { json: report, text: () => lines.join('\n') };
}

/**
 * For monitoring: every schedule's last run, its result and the next run, and the systemd timer.
 * Exits 1 when the last run of any schedule failed (the table says which and why).
 */
export async function schedulesStatusCommand(ctx: CliContext, { view }: HandlerArgs): Promise<CommandOutput> {
  const schedules = ctx.services.schedules.list();
  const failed = schedules.filter((s) => s.lastFailure !== null);
  let timer: ScheduleTimerStatus | { error: { code: string; message: string; params: Record<string, string | number> } };
  try {
    timer = await ctx.services.schedules.timer();
  } catch (e) {
    if (!isSnapvisorError(e)) throw e;
    timer = { error: { code: e.code, message: formatError(e.code, e.params, view.lang), params: e.params } };
  }
  const json = {
    schedules: schedules.map((s) => ({
      id: s.id, hostId: s.hostId, vmName: s.vmName, kind: s.kind, enabled: s.enabled, lastRunAt: s.lastRunAt,
      result: s.lastRunAt === null ? null : s.lastFailure ? 'failed' : 'succeeded',
      error: s.lastFailure && { ...s.lastFailure, message: formatError(s.lastFailure.code, s.lastFailure.params, view.lang) },
      nextRunAt: s.enabled ? s.nextRunAt : null,
    })),
    failed: failed.length,
    timer,
  };
  return {
    json,
    exitCode: failed.length ? 1 : 0,
    text: () => [
      scheduleStatusTable(view, schedules),
      '',
      'error' in timer ? t(view.lang, 'timer.error', { error: timer.error.message }) : timerLine(view, timer),
      ...(failed.length ? [t(view.lang, 'done.statusFailed', { count: failed.length })] : []),
    ].join('\n'),
  };
}

/** Needs no services: it only writes (or prints) two files. */
export function installTimerCommand(
  globals: { connect: string; dbPath: string }, { values, view }: Omit<HandlerArgs, 'positionals'>,
): CommandOutput {
  const system = flag(values, 'system');
  if (system && process.getuid?.() !== 0 && text(values, 'dir') === undefined) {
    throw new SnapvisorError('invalid_input', { field: 'systemOption', reason: 'needs_root_or_dir' });
  }
  const options: TimerUnitOptions = {
    exec: runningCliInvocation(), connect: globals.connect, db: globals.dbPath, system,
    onCalendar: text(values, 'on-calendar'),
  };
  const service = serviceUnitText(options);
  const timer = timerUnitText(options);
  if (flag(values, 'print')) {
    return {
      json: { [SERVICE_UNIT]: service, [TIMER_UNIT]: timer },
      text: () => `# ${SERVICE_UNIT}\n${service}\n# ${TIMER_UNIT}\n${timer}`,
    };
  }
  const installed = installTimerUnits(options, text(values, 'dir') ?? unitDirectory(system));
  return {
    json: installed,
    text: () => t(view.lang, 'done.timerWritten', { files: installed.files.join(', '), command: installed.enableCommand }),
  };
}
