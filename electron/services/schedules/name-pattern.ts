// Snapshot names from a schedule's pattern, e.g. "auto-{date}" → "auto-2025-03-01".
export const DEFAULT_NAME_PATTERN = 'auto-{date}';
export const PLACEHOLDERS = ['date', 'time', 'datetime', 'vm', 'kind', 'n'] as const;
const MAX_NAME_LENGTH = 100;

export interface NameContext {
  at: Date;
  vm: string;
  kind: string;
  /** The run's sequence number, from 1. */
  n: number;
}

const pad = (v: number): string => String(v).padStart(2, '0');

/** Local time of the host, as people read it on that host. */
function localDate(d: Date): string {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

function localTime(d: Date): string {
  return `${pad(d.getHours())}${pad(d.getMinutes())}${pad(d.getSeconds())}`;
}

/** Unknown placeholders, so that a typo is refused when the schedule is saved rather than at 3 am. */
export function unknownPlaceholders(pattern: string): string[] {
  const known: readonly string[] = PLACEHOLDERS;
  return [...pattern.matchAll(/\{(\w*)\}/g)].map((m) => m[1]!).filter((p) => !known.includes(p));
}

export function renderNamePattern(pattern: string, ctx: NameContext): string {
  const values: Record<string, string> = {
    date: localDate(ctx.at),
    time: localTime(ctx.at),
    datetime: `${localDate(ctx.at)}-${localTime(ctx.at)}`,
    vm: ctx.vm,
    kind: ctx.kind,
    n: String(ctx.n),
  };
  const rendered = pattern.replace(/\{(\w*)\}/g, (whole, key: string) => values[key] ?? whole);
  return sanitiseName(rendered) || sanitiseName(`auto-${values.datetime}`);
}

/**
 * Keeps letters (any script), digits, '.', '_', '-', '+', '@'; everything else (spaces, slashes,
 * quotes, XML metacharacters, control characters) becomes '-', so a pattern fed a VM name with
 * odd characters still gives a name that is safe as a file name and in libvirt XML.
 */
export function sanitiseName(raw: string): string {
  return raw
    .normalize('NFC')
    .replace(/[^\p{L}\p{N}._+@-]+/gu, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[-.]+|-+$/g, '')
    .slice(0, MAX_NAME_LENGTH)
    .replace(/-+$/, '');
}

/** `name`, or `name-2`, `name-3`… whichever is not taken yet. */
export function uniqueName(name: string, taken: ReadonlySet<string>): string {
  if (!taken.has(name)) return name;
  for (let i = 2; ; i++) {
    const suffix = `-${i}`;
    const candidate = `${name.slice(0, MAX_NAME_LENGTH - suffix.length)}${suffix}`;
    if (!taken.has(candidate)) return candidate;
  }
}
