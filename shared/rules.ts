// Every input rule, once: the limits, patterns and character classes a value must meet. The IPC
// contract builds its zod schemas from these rules, the services' validators apply them to what
// the CLI and the schedules send, and the renderer's forms check them while the user types, so
// the three layers accept and refuse exactly the same values (test/unit/shared/rules.test.ts).
//
// A check answers null (fine) or a Problem: a reason token (worded in shared/vocabulary.ts) and
// the limit it broke. Lengths count code points, as people count characters.
//
// Pure: no imports from electron/ or renderer/.
import type { Reason } from './vocabulary';

export interface Problem {
  reason: Reason;
  min?: number;
  max?: number;
}

// C0 and C1 controls, DEL, line/paragraph separators and lone surrogates: never in a value that
// is one line (names, URIs, ids, cron expressions, network names).
// eslint-disable-next-line no-control-regex -- control characters are what these refuse
const LINE_CONTROL = /[\u0000-\u001F\u007F-\u009F\u2028\u2029]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
// Text (descriptions, comments) may hold tabs and line breaks, nothing else from C0.
// eslint-disable-next-line no-control-regex -- control characters are what these refuse
const TEXT_CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** True when a one-line value holds a character no name, URI or id may hold. */
export function hasLineControl(value: string): boolean {
  return LINE_CONTROL.test(value);
}

/** `value` with each character a one-line value may not hold replaced (for showing it safely). */
export function replaceLineControl(value: string, by: string): string {
  return value.replace(new RegExp(LINE_CONTROL.source, 'g'), by);
}

export interface TextRule {
  readonly type: 'text';
  /** Code points, after trimming when `trim`. A minimum of 1 refuses the empty value ('empty'). */
  readonly min: number;
  readonly max: number;
  /** The services trim the value before they keep it: the rule judges what is kept. */
  readonly trim: boolean;
  readonly control: 'line' | 'text';
  readonly pattern?: { readonly re: RegExp; readonly reason: Reason };
  /** A last check of the (trimmed) value, e.g. a real calendar date. */
  readonly valid?: { readonly test: (value: string) => boolean; readonly reason: Reason };
}

export interface IntRule {
  readonly type: 'int';
  readonly min: number;
  readonly max: number;
}

export type Rule = TextRule | IntRule;

const text = (r: Omit<TextRule, 'type' | 'trim' | 'control'> & Partial<Pick<TextRule, 'trim' | 'control'>>): TextRule => ({
  type: 'text', trim: false, control: 'line', ...r,
});
const int = (min: number, max: number): IntRule => ({ type: 'int', min, max });

// --- dates ---------------------------------------------------------------------------------------

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-](\d{2}):(\d{2}))?)?$/;

/** An ISO date ("2025-01-31") or date-time that names a real moment (no 13th month, no 31 February). */
export function isIsoDate(value: string): boolean {
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (month < 1 || month > 12 || day < 1 || day > new Date(Date.UTC(year, month, 0)).getUTCDate()) return false;
  const [hour, minute, second, offH, offM] = [m[4], m[5], m[6], m[7], m[8]].map((x) => Number(x ?? 0));
  return hour! <= 23 && minute! <= 59 && second! <= 59 && offH! <= 23 && offM! <= 59 && !Number.isNaN(Date.parse(value));
}

const BARE_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * An ISO date or date-time as an instant (ISO string). A bare date means the whole local day:
 * its start, or with `end` its last millisecond, so "until 2025-01-31" includes that day.
 * Null when the value is not a real date.
 */
export function dateBoundary(value: string, end: boolean): string | null {
  if (!isIsoDate(value)) return null;
  const day = BARE_DAY.exec(value);
  const d = day
    ? new Date(Number(day[1]), Number(day[2]) - 1, Number(day[3]), end ? 23 : 0, end ? 59 : 0, end ? 59 : 0, end ? 999 : 0)
    : new Date(value);
  return d.toISOString();
}

// --- the rules -----------------------------------------------------------------------------------

/** 100 years: far beyond any sane schedule, still a safe integer of seconds. */
const MAX_SECONDS = 100 * 366 * 24 * 3600;

export const RULES = {
  /** A snapshot's (or host's) display name: any characters but controls. Kept in SQLite only. */
  displayName: text({ min: 1, max: 200, trim: true }),
  /**
   * A name that becomes a libvirt domain name or a file name (restore-as-new, new volumes):
   * stricter, because it leaves SQLite.
   */
  resourceName: text({ min: 1, max: 64, trim: true, pattern: { re: /^[A-Za-z0-9_][A-Za-z0-9._-]*$/, reason: 'resource_characters' } }),
  description: text({ min: 0, max: 10_000, control: 'text' }),
  /** A comment on a snapshot: not blank. */
  note: text({ min: 1, max: 10_000, control: 'text', trim: true }),
  /** A libvirt connection URI: scheme://… */
  uri: text({ min: 1, max: 2_000, trim: true, pattern: { re: /^[A-Za-z][A-Za-z0-9+.-]*:\/\/\S*$/, reason: 'not_a_uri' } }),
  /** Snapvisor's ids (12-hex ids, host slugs such as "qemu-system", job ids): no separators, no spaces. */
  id: text({ min: 1, max: 200, pattern: { re: /^[A-Za-z0-9][A-Za-z0-9._:@+=-]*$/, reason: 'not_an_id' } }),
  /** libvirt's UUID text (the test driver's are not RFC 4122 variants, so any hex). */
  vmUuid: text({ min: 36, max: 36, pattern: { re: /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/, reason: 'not_a_uuid' } }),
  /** A disk target as libvirt names it: vda, sdb, hdc, nvme0n1 … */
  diskTarget: text({ min: 1, max: 32, pattern: { re: /^[a-z][a-z0-9]*$/, reason: 'not_a_disk_target' } }),
  /** A new VM's host name as typed: anything a host name can be made of (hostnameFrom). */
  hostname: text({ min: 1, max: 253, trim: true, valid: { test: (v) => hostnameFrom(v) !== null, reason: 'not_a_hostname' } }),
  /**
   * A file the app reads or writes on this computer (an export file): the absolute path a file
   * dialog answers, never one made from typed names; one line, no NUL, at most PATH_MAX.
   */
  filePath: text({ min: 1, max: 4_096, pattern: { re: /^\/.*[^/]$/, reason: 'not_a_file_path' } }),
  /** A libvirt network name. */
  networkName: text({ min: 1, max: 200, pattern: { re: /^[^/]*$/, reason: 'not_a_network_name' } }),
  /** A cron expression's text (shared/cron.ts judges what it means). */
  cron: text({ min: 1, max: 200, trim: true }),
  /** A schedule's name pattern ("auto-{date}"); its placeholders are judged by the naming engine. */
  namePattern: text({ min: 0, max: 200, trim: true }),
  search: text({ min: 0, max: 200, control: 'text' }),
  isoDate: text({ min: 1, max: 40, valid: { test: isIsoDate, reason: 'not_a_date' } }),
  /** vCPUs of a new VM. KVM's own limit; a host may allow fewer (libvirt then says so). */
  vcpus: int(1, 1_024),
  /** Memory of a new VM in MiB: 16 MiB (libvirt's smallest useful guest) to 16 TiB. */
  memoryMiB: int(16, 16 * 1024 * 1024),
  /** How often a schedule runs: at least once a minute. */
  intervalSeconds: int(60, MAX_SECONDS),
  keepLast: int(1, 100_000),
  maxAgeSeconds: int(60, MAX_SECONDS),
  /** Disks named in one request. */
  disks: int(0, 64),
} as const satisfies Record<string, Rule>;

export type RuleName = keyof typeof RULES;

// --- checks --------------------------------------------------------------------------------------

export function textProblem(rule: TextRule, raw: string): Problem | null {
  const value = rule.trim ? raw.trim() : raw;
  const length = [...value].length;
  if (length === 0 && rule.min > 0) return { reason: 'empty' };
  if (length < rule.min) return { reason: 'too_short', min: rule.min };
  if (length > rule.max) return { reason: 'too_long', max: rule.max };
  if ((rule.control === 'line' ? LINE_CONTROL : TEXT_CONTROL).test(value)) return { reason: 'control_characters' };
  if (rule.pattern && !rule.pattern.re.test(value)) return { reason: rule.pattern.reason };
  if (rule.valid && !rule.valid.test(value)) return { reason: rule.valid.reason };
  return null;
}

export function intProblem(rule: IntRule, value: number): Problem | null {
  if (!Number.isInteger(value)) return { reason: 'not_whole_number' };
  if (value < rule.min) return { reason: 'too_small', min: rule.min };
  if (value > rule.max) return { reason: 'too_large', max: rule.max };
  return null;
}

/** Any value against any rule: a value of the wrong type is a problem too. */
export function problemOf(rule: Rule, value: unknown): Problem | null {
  if (rule.type === 'int') return typeof value === 'number' ? intProblem(rule, value) : { reason: 'wrong_type' };
  return typeof value === 'string' ? textProblem(rule, value) : { reason: 'wrong_type' };
}

/**
 * A number typed into a form: digits only (no sign, no exponent, no decimals), then the rule.
 * `scale` turns the typed unit into the rule's (days → seconds).
 */
export function typedIntProblem(rule: IntRule, typed: string, scale = 1): Problem | null {
  const t = typed.trim();
  if (t === '') return { reason: 'empty' };
  if (!/^\d+$/.test(t)) return { reason: 'not_whole_number' };
  return intProblem(rule, Number(t) * scale);
}

// --- name patterns -------------------------------------------------------------------------------

/** What a name pattern may say: {date} {time} {datetime} {vm} {kind} {n}. */
export const PLACEHOLDERS = ['date', 'time', 'datetime', 'vm', 'kind', 'n'] as const;

/** Unknown placeholders, so that a typo is refused when the schedule is saved rather than at 3 am. */
export function unknownPlaceholders(pattern: string): string[] {
  const known: readonly string[] = PLACEHOLDERS;
  return [...pattern.matchAll(/\{(\w*)\}/g)].map((m) => m[1]!).filter((p) => !known.includes(p));
}

export function namePatternProblem(pattern: string): Problem | null {
  return textProblem(RULES.namePattern, pattern) ?? (unknownPlaceholders(pattern).length ? { reason: 'unknown_placeholder' } : null);
}

// --- a new VM's identity (restore as new: the cloud-init seed) -----------------------------------

/** The SSH key files (or pasted texts) one new VM may be given, and the size of each. */
export const SSH_KEY_TEXTS_MAX = 32;
export const SSH_KEY_TEXT_MAX_BYTES = 64 * 1024;

/** An init script's largest size in bytes (UTF-8): a first-boot script, not a payload. */
export const INIT_SCRIPT_MAX_BYTES = 64 * 1024;

/** The key types OpenSSH accepts in authorized_keys. */
export const SSH_KEY_TYPES = [
  'ssh-ed25519', 'ssh-rsa', 'ssh-dss', 'ecdsa-sha2-nistp256', 'ecdsa-sha2-nistp384', 'ecdsa-sha2-nistp521',
  'sk-ssh-ed25519@openssh.com', 'sk-ecdsa-sha2-nistp256@openssh.com',
] as const;

/**
 * A host name made from any text (the new VM's name, or what the user typed): lower case, each run
 * of other characters one hyphen, no hyphen at a label's ends, labels of at most 63 and 253 in all
 * (RFC 1123); null when nothing is left to make one of.
 */
export function hostnameFrom(text: string): string | null {
  const labels: string[] = [];
  let length = -1;
  for (const raw of text.toLowerCase().split('.')) {
    const label = raw.replace(/[^a-z0-9-]+/g, '-').replace(/^-+/, '').slice(0, 63).replace(/-+$/, '');
    if (!label) continue;
    if (length + 1 + label.length > 253) break;
    labels.push(label);
    length += 1 + label.length;
  }
  return labels.length ? labels.join('.') : null;
}

/** Whether a key's base64 blob starts with its own type, as every OpenSSH public key does. */
function blobNamesType(blob: string, type: string): boolean {
  let bytes: string;
  try {
    bytes = atob(blob);
  } catch {
    return false;
  }
  if (bytes.length < 4) return false;
  const n = ((bytes.charCodeAt(0) << 24) | (bytes.charCodeAt(1) << 16) | (bytes.charCodeAt(2) << 8) | bytes.charCodeAt(3)) >>> 0;
  return n === type.length && bytes.slice(4, 4 + n) === type;
}

/**
 * The SSH public keys in a key file's text (one per line, as in authorized_keys and *.pub; blank
 * and # lines skipped), or why it holds none that can be given to a guest: a private key, or a
 * line that is not a public key.
 */
export function sshPublicKeys(text: string): { keys: string[] } | { problem: Problem } {
  if (/-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/.test(text)) return { problem: { reason: 'private_key' } };
  const keys: string[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const [type, blob] = line.split(/\s+/);
    if (hasLineControl(line) || !(SSH_KEY_TYPES as readonly string[]).includes(type ?? '') || !blob || !blobNamesType(blob, type!)) {
      return { problem: { reason: 'not_a_public_key' } };
    }
    keys.push(line);
  }
  return keys.length ? { keys } : { problem: { reason: 'not_a_public_key' } };
}

/** What refuses an init script: too big, NUL bytes, or neither a shell script (#!) nor #cloud-config. */
export function initScriptProblem(script: string): Problem | null {
  if (new TextEncoder().encode(script).length > INIT_SCRIPT_MAX_BYTES) return { reason: 'file_too_large', max: INIT_SCRIPT_MAX_BYTES };
  if (script.includes('\0')) return { reason: 'nul_bytes' };
  if (!script.startsWith('#!') && !/^#cloud-config[ \t]*\r?\n/.test(`${script}\n`)) return { reason: 'not_a_script' };
  return null;
}

// --- confirmations -------------------------------------------------------------------------------

/** Whether the name typed to confirm removing something protected (a snapshot, a VM) is its name. */
export function nameConfirmed(typed: string | undefined, name: string): boolean {
  return typed?.trim() === name;
}

// --- disks ---------------------------------------------------------------------------------------

/** What a disk must be for a snapshot to hold it: its fields as the domain XML gives them. */
export interface DiskFacts {
  /** "disk", "cdrom", "floppy" or "lun". */
  device: string;
  /** "file", "block", "volume", "network", "dir". */
  type: string;
  readonly: boolean;
  shareable: boolean;
}

/**
 * Disks a snapshot can hold: writable, unshared disks (not CD-ROMs or floppies) backed by a file,
 * a block device or a pool volume (libvirt cannot snapshot network or directory disks here).
 */
export function isSnapshotableDisk(d: DiskFacts): boolean {
  return d.device === 'disk' && !d.readonly && !d.shareable && (d.type === 'file' || d.type === 'block' || d.type === 'volume');
}
