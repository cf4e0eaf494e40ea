// Input rules shared by every operation: display names, descriptions, notes, volume names.
import { SnapvisorError } from './errors';

export const NAME_MAX = 200;
export const DESCRIPTION_MAX = 10_000;
export const NOTE_MAX = 10_000;

// C0/C1 controls, DEL, line/paragraph separators, and lone surrogates: never in a display name.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001F\u007F-\u009F\u2028\u2029]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
// Descriptions may hold tabs and line breaks, nothing else from C0.
// eslint-disable-next-line no-control-regex
const DESCRIPTION_CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** A display name, trimmed: 1–200 characters (code points), no control characters. */
export function validateName(raw: unknown, field = 'name'): string {
  if (typeof raw !== 'string') throw new SnapvisorError('name_required', { field });
  const name = raw.trim();
  if (name.length === 0) throw new SnapvisorError('name_required', { field });
  if ([...name].length > NAME_MAX) throw new SnapvisorError('name_too_long', { field, max: NAME_MAX });
  if (CONTROL.test(name)) throw new SnapvisorError('name_invalid', { field, reason: 'control_characters' });
  return name;
}

export function validateDescription(raw: unknown): string {
  if (raw === undefined || raw === null) return '';
  if (typeof raw !== 'string') throw new SnapvisorError('invalid_input', { field: 'description' });
  if ([...raw].length > DESCRIPTION_MAX) throw new SnapvisorError('invalid_input', { field: 'description', reason: 'too_long', max: DESCRIPTION_MAX });
  if (DESCRIPTION_CONTROL.test(raw)) throw new SnapvisorError('invalid_input', { field: 'description', reason: 'control_characters' });
  return raw;
}

export function validateNote(raw: unknown): string {
  if (typeof raw !== 'string' || raw.trim() === '') throw new SnapvisorError('invalid_input', { field: 'note', reason: 'empty' });
  if ([...raw].length > NOTE_MAX) throw new SnapvisorError('invalid_input', { field: 'note', reason: 'too_long', max: NOTE_MAX });
  if (DESCRIPTION_CONTROL.test(raw)) throw new SnapvisorError('invalid_input', { field: 'note', reason: 'control_characters' });
  return raw;
}

/**
 * A name that becomes a libvirt domain name or a file name (restore-as-new, new volumes): stricter,
 * because it leaves SQLite. Letters, digits, '.', '_', '-'; not starting with '.' or '-'.
 */
export function validateResourceName(raw: unknown, field = 'name'): string {
  const name = validateName(raw, field);
  if (name.length > 64) throw new SnapvisorError('name_too_long', { field, max: 64 });
  if (!/^[A-Za-z0-9_][A-Za-z0-9._-]*$/.test(name)) throw new SnapvisorError('name_invalid', { field, reason: 'resource_characters' });
  return name;
}

export function validatePositiveInt(raw: unknown, field: string, max: number): number {
  if (typeof raw !== 'number' || !Number.isInteger(raw) || raw < 1 || raw > max) {
    throw new SnapvisorError('invalid_input', { field, min: 1, max });
  }
  return raw;
}
