// Names Snapvisor makes: libvirt snapshot names (ids, never display names), default display
// names, dependent volume snapshot names.

export const LIBVIRT_PREFIX = 'sv-';

/** libvirt's name for a snapshot Snapvisor creates: only the id, so nothing typed reaches libvirt. */
export function libvirtSnapshotName(id: string): string {
  return `${LIBVIRT_PREFIX}${id}`;
}

export function dependentName(vmSnapshotName: string): string {
  return `snapshot for ${vmSnapshotName}`;
}

export const DEFAULT_PATTERN = '{vm}-{date}-{time}';

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** Expands {vm}, {date} (YYYY-MM-DD), {time} (HHMMSS) and {kind}; local time. */
export function expandPattern(pattern: string, vars: { vm: string; kind?: string; at?: Date }): string {
  const at = vars.at ?? new Date();
  const date = `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}`;
  const time = `${pad(at.getHours())}${pad(at.getMinutes())}${pad(at.getSeconds())}`;
  return pattern
    .replaceAll('{vm}', vars.vm)
    .replaceAll('{date}', date)
    .replaceAll('{time}', time)
    .replaceAll('{kind}', vars.kind ?? 'snapshot');
}

/** The pattern's expansion, suffixed " (2)", " (3)"... while it collides with `taken`. */
export function uniqueName(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) {
    const candidate = `${base} (${i})`;
    if (!taken.has(candidate)) return candidate;
  }
}
