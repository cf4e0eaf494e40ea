// Human output of each kind of result: tables and field lists in the user's language.
import type { SnapshotDetail } from '../../services/api';
import type { CopyFileCheck, CopyInfo, Schedule, ScheduleTimerStatus, Snapshot, SnapshotEvent, Vm } from '../../../shared/model';
import { formatDuration } from '../../services/schedules/duration';
import { formatError } from '../../../shared/error-messages';
import {
  ACTION_WORDS, KIND_WORDS, LOCATION_WORDS, OUTCOME_WORDS, SNAPSHOT_STATE_WORDS, VM_STATE_WORDS, wordOf, type Lang, type Words,
} from '../../../shared/vocabulary';
import { t } from '../messages';
import { formatDateTime, formatSize } from './locale';
import { renderFields, renderTable } from './text';

export interface ViewContext {
  lang: Lang;
  locale: string;
}

const yesNo = (v: ViewContext, on: boolean): string => (on ? t(v.lang, 'yes') : '');
/** A token in the user's words; one the vocabulary does not know (an old row) as it is. */
const say = (v: ViewContext, table: Readonly<Record<string, Words>>, token: string): string => wordOf(table, token, v.lang) ?? token;

export function snapshotTable(v: ViewContext, rows: readonly Snapshot[]): string {
  if (rows.length === 0) return t(v.lang, 'none');
  const headers = (['col.name', 'col.state', 'col.kind', 'col.vm', 'col.current', 'col.created', 'col.size', 'col.protected', 'col.id'] as const)
    .map((k) => t(v.lang, k));
  return renderTable(headers, rows.map((s) => [
    s.name, say(v, SNAPSHOT_STATE_WORDS, s.state), say(v, KIND_WORDS, s.kind), s.vm.name, s.current ? '*' : '', formatDateTime(s.createdAt, v.locale),
    formatSize(s.sizeBytes), yesNo(v, s.protected), s.id,
  ]));
}

export function snapshotDetailView(v: ViewContext, d: SnapshotDetail): string {
  const s = d.snapshot;
  const fields: [string, string][] = [
    [t(v.lang, 'col.name'), s.name],
    [t(v.lang, 'col.id'), s.id],
    [t(v.lang, 'col.state'), say(v, SNAPSHOT_STATE_WORDS, s.state)],
    [t(v.lang, 'col.kind'), say(v, KIND_WORDS, s.kind)],
    [t(v.lang, 'col.vm'), `${s.vm.name} (${s.vm.uuid})`],
    [t(v.lang, 'col.created'), formatDateTime(s.createdAt, v.locale)],
    [t(v.lang, 'col.size'), formatSize(s.sizeBytes)],
    [t(v.lang, 'col.current'), s.current ? t(v.lang, 'yes') : t(v.lang, 'no')],
    [t(v.lang, 'col.protected'), s.protected ? t(v.lang, 'yes') : t(v.lang, 'no')],
    [t(v.lang, 'field.description'), s.description],
  ];
  if (s.parentId) fields.push([t(v.lang, 'field.parent'), s.parentId]);
  if (s.dependentOf) fields.push([t(v.lang, 'field.dependentOf'), s.dependentOf]);
  if (s.error) fields.push([t(v.lang, 'field.error'), s.error]);
  if (d.children.length) fields.push([t(v.lang, 'field.children'), d.children.map((c) => c.name).join(', ')]);
  if (d.dependents.length) fields.push([t(v.lang, 'field.dependents'), d.dependents.map((c) => c.name).join(', ')]);
  if (d.copyOf) {
    fields.push([t(v.lang, 'field.copyOf'), `${d.copyOf.sourceVm.name} (${d.copyOf.sourceUri}), ${formatDateTime(d.copyOf.refreshedAt, v.locale)}`]);
  }
  if (d.copies.length) fields.push([t(v.lang, 'field.copies'), d.copies.map((c) => `${c.targetUri} (${formatDateTime(c.refreshedAt, v.locale)})`).join(', ')]);
  const parts = [renderFields(fields)];
  if (s.disks.length) {
    parts.push(renderTable(
      (['col.disk', 'col.location', 'col.size', 'col.file'] as const).map((k) => t(v.lang, k)),
      s.disks.map((disk) => [disk.target, say(v, LOCATION_WORDS, disk.location), formatSize(disk.sizeBytes), disk.file ?? '']),
    ));
  }
  if (d.notes.length) {
    parts.push(`${t(v.lang, 'field.notes')}:\n${d.notes.map((n) => `  ${formatDateTime(n.at, v.locale)}  ${n.text}`).join('\n')}`);
  }
  return parts.join('\n\n');
}

export function vmTable(v: ViewContext, vms: readonly Vm[]): string {
  if (vms.length === 0) return t(v.lang, 'none');
  const headers = (['col.name', 'col.state', 'col.vcpus', 'col.memory', 'col.snapshots', 'col.snapvisorFiles', 'col.protected', 'col.uuid'] as const).map((k) => t(v.lang, k));
  return renderTable(headers, vms.map((vm) => [
    vm.name, say(v, VM_STATE_WORDS, vm.state), String(vm.vcpus), formatSize(vm.memoryMiB * 1024 * 1024), String(vm.snapshotCount),
    formatSize(vm.snapvisorBytes ?? null), yesNo(v, vm.protected), vm.uuid,
  ]));
}

/** A VM's copies on other hosts: where, how many snapshots each holds, the last refresh and its failure. */
export function copiesTable(v: ViewContext, copies: readonly CopyInfo[]): string {
  if (copies.length === 0) return t(v.lang, 'none');
  const headers = (['col.vm', 'col.target', 'col.copyVm', 'col.copies', 'col.keep', 'col.refreshed', 'col.lastSent', 'col.error'] as const).map((k) => t(v.lang, k));
  return renderTable(headers, copies.map((c) => [
    c.source.vm.name, c.target.uri, c.copyVm.name, String(c.snapshotCount), c.keep === null ? '' : String(c.keep),
    formatDateTime(c.refreshedAt, v.locale), formatSize(c.lastBytesSent), c.lastError ? formatError(c.lastError.code, c.lastError.params, v.lang) : '',
  ]));
}

/** `copies verify`: each file read back from the target. */
export function copyChecksTable(v: ViewContext, files: readonly CopyFileCheck[]): string {
  if (files.length === 0) return t(v.lang, 'none');
  const headers = (['col.check', 'col.size', 'col.file'] as const).map((k) => t(v.lang, k));
  return renderTable(headers, files.map((f) => [t(v.lang, `check.${f.state}`), formatSize(f.bytes), f.file]));
}

export function eventTable(v: ViewContext, events: readonly SnapshotEvent[]): string {
  if (events.length === 0) return t(v.lang, 'none');
  const headers = (['col.at', 'col.action', 'col.outcome', 'col.snapshot', 'col.detail'] as const).map((k) => t(v.lang, k));
  return renderTable(headers, events.map((e) => [
    formatDateTime(e.at, v.locale), say(v, ACTION_WORDS, e.action), say(v, OUTCOME_WORDS, e.outcome), e.snapshotId ?? '', Object.keys(e.detail).length ? JSON.stringify(e.detail) : '',
  ]));
}

export function scheduleWhen(v: ViewContext, s: Pick<Schedule, 'intervalSeconds' | 'cron'>): string {
  return s.cron ?? t(v.lang, 'every', { duration: formatDuration(s.intervalSeconds ?? 0) });
}

export function scheduleTable(v: ViewContext, schedules: readonly Schedule[], errorText: (stored: string) => string): string {
  if (schedules.length === 0) return t(v.lang, 'none');
  const headers = (['col.id', 'col.vm', 'col.kind', 'col.when', 'col.keep', 'col.maxAge', 'col.pattern', 'col.copyTo', 'col.next', 'col.last', 'col.error'] as const)
    .map((k) => t(v.lang, k));
  return renderTable(headers, schedules.map((s) => [
    s.id, s.vmName, say(v, KIND_WORDS, s.kind), scheduleWhen(v, s), s.keepLast === null ? '' : String(s.keepLast),
    s.maxAgeSeconds === null ? '' : formatDuration(s.maxAgeSeconds), s.namePattern,
    s.copyTo === null ? '' : s.copyKeep === null ? s.copyTo : t(v.lang, 'copyKept', { target: s.copyTo, keep: s.copyKeep }),
    s.enabled ? formatDateTime(s.nextRunAt, v.locale) : '-', formatDateTime(s.lastRunAt, v.locale),
    s.lastError ? errorText(s.lastError) : '',
  ]));
}

/** `schedules status`: what each schedule's last run did, and when the next one is. */
export function scheduleStatusTable(v: ViewContext, schedules: readonly Schedule[]): string {
  if (schedules.length === 0) return t(v.lang, 'none');
  const headers = (['col.id', 'col.vm', 'col.kind', 'col.last', 'col.result', 'col.next', 'col.error'] as const).map((k) => t(v.lang, k));
  return renderTable(headers, schedules.map((s) => [
    s.id, s.vmName, say(v, KIND_WORDS, s.kind), formatDateTime(s.lastRunAt, v.locale),
    t(v.lang, s.lastRunAt === null ? 'result.never' : s.lastFailure ? 'result.failed' : 'result.succeeded'),
    s.enabled ? formatDateTime(s.nextRunAt, v.locale) : '-',
    s.lastFailure ? formatError(s.lastFailure.code, s.lastFailure.params, v.lang) : '',
  ]));
}

/** Whether the schedules run while the app is closed, in one sentence (or two). */
export function timerLine(v: ViewContext, timer: ScheduleTimerStatus): string {
  if (!timer.available) return t(v.lang, 'timer.unavailable', { reason: timer.reason ?? '', cron: timer.cronLine });
  if (!timer.installed || !timer.enabled) return t(v.lang, 'timer.off');
  if (!timer.current) return t(v.lang, 'timer.stale', { directory: timer.unitDirectory });
  return t(v.lang, 'timer.on', {
    next: formatDateTime(timer.nextRunAt, v.locale) || '-', last: formatDateTime(timer.lastTriggerAt, v.locale) || '-',
    result: timer.lastResult === 'failed' ? t(v.lang, 'timer.lastFailed') : '',
  });
}
