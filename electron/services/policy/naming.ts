// Names Snapvisor makes: libvirt snapshot names (ids, never display names), dependent volume
// snapshot names, and display names from a pattern — one engine for the create dialog's default
// name and the schedules' names.
//
// One suffix rule for a taken name: "-2", "-3" … Both default patterns are dash-joined words
// ("{vm}-{date}-{time}", "auto-{date}"), so the suffix keeps a name one word: a name from a
// pattern can be typed as the CLI's SNAP argument without quoting, which " (2)" would break.
import { RULES, replaceLineControl } from '../../../shared/rules';

export const LIBVIRT_PREFIX = 'sv-';

/** libvirt's name for a snapshot Snapvisor creates: only the id, so nothing typed reaches libvirt. */
export function libvirtSnapshotName(id: string): string {
  return `${LIBVIRT_PREFIX}${id}`;
}

export function dependentName(vmSnapshotName: string): string {
  return `snapshot for ${vmSnapshotName}`;
}

/** The create dialog's default name for a VM's next snapshot. */
export const DEFAULT_PATTERN = '{vm}-{date}-{time}';
/** A schedule's names when it has no pattern of its own. */
export const DEFAULT_SCHEDULE_PATTERN = 'auto-{date}';

export interface NameContext {
  /** When the name is made (default: now). */
  at?: Date;
  vm: string;
  /** The snapshot kind ({kind}); empty when not known yet. */
  kind?: string;
  /** A schedule run's sequence number, from 1 ({n}). */
  n?: number;
}

const MAX = RULES.displayName.max;
const pad = (v: number): string => String(v).padStart(2, '0');

/** Local time of the host, as people read it on that host. */
function localDate(d: Date): string {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

function localTime(d: Date): string {
  return `${pad(d.getHours())}${pad(d.getMinutes())}${pad(d.getSeconds())}`;
}

/** Cuts to at most `max` code points without splitting a surrogate pair. */
function fit(name: string, max: number): string {
  const points = [...name];
  return points.length <= max ? name : points.slice(0, max).join('');
}

/**
 * The pattern with its placeholders filled in, as a valid display name: characters a name may not
 * hold (a VM name can bring control characters) become "-", and it fits the name limit.
 */
export function expandPattern(pattern: string, ctx: NameContext): string {
  const at = ctx.at ?? new Date();
  const date = localDate(at);
  const time = localTime(at);
  const values: Record<string, string> = {
    date, time, datetime: `${date}-${time}`, vm: ctx.vm, kind: ctx.kind ?? '', n: String(ctx.n ?? 1),
  };
  const rendered = replaceLineControl(pattern.replace(/\{(\w*)\}/g, (whole, key: string) => values[key] ?? whole), '-').trim();
  return fit(rendered || `auto-${values.datetime}`, MAX);
}

/** `name`, or `name-2`, `name-3` … whichever is not taken yet, within the name limit. */
export function uniqueName(name: string, taken: ReadonlySet<string>): string {
  if (!taken.has(name)) return name;
  for (let i = 2; ; i++) {
    const suffix = `-${i}`;
    const candidate = `${fit(name, MAX - suffix.length)}${suffix}`;
    if (!taken.has(candidate)) return candidate;
  }
}
