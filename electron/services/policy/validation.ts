// The services' side of the input rules (shared/rules.ts): what the CLI, the schedules and any
// other caller hands the services is judged by the same rules the IPC contract applies, and a
// refusal names the field, a reason token and the limit.
import { SnapvisorError } from '../../../shared/errors';
import {
  RULES, SSH_KEY_TEXTS_MAX, SSH_KEY_TEXT_MAX_BYTES, hostnameFrom, initScriptProblem, intProblem, problemOf, sshPublicKeys, textProblem,
  type IntRule, type Problem, type TextRule,
} from '../../../shared/rules';
import type { FieldName } from '../../../shared/vocabulary';

export const NAME_MAX = RULES.displayName.max;

/** A display name's problem as the name_* codes the UI explains best. */
function nameError(problem: Problem, field: FieldName): SnapvisorError {
  if (problem.reason === 'empty' || problem.reason === 'wrong_type') return new SnapvisorError('name_required', { field });
  if (problem.reason === 'too_long') return new SnapvisorError('name_too_long', { field, max: problem.max ?? NAME_MAX });
  return new SnapvisorError('name_invalid', { field, reason: problem.reason });
}

/** A display name, trimmed: 1–200 characters (code points), no control characters. */
export function validateName(raw: unknown, field: FieldName = 'name'): string {
  const problem = problemOf(RULES.displayName, raw);
  if (problem) throw nameError(problem, field);
  return (raw as string).trim();
}

/**
 * A name that becomes a libvirt domain name or a file name (restore-as-new, new volumes): stricter,
 * because it leaves SQLite. Letters, digits, '.', '_', '-'; not starting with '.' or '-'.
 */
export function validateResourceName(raw: unknown, field: FieldName = 'name'): string {
  const problem = problemOf(RULES.resourceName, raw);
  if (problem) throw nameError(problem, field);
  return (raw as string).trim();
}

export function validateDescription(raw: unknown): string {
  if (raw === undefined || raw === null) return '';
  const problem = problemOf(RULES.description, raw);
  if (problem) throw new SnapvisorError('invalid_input', { field: 'description', ...problem });
  return raw as string;
}

export function validateNote(raw: unknown): string {
  const problem = problemOf(RULES.note, raw);
  if (problem) throw new SnapvisorError('invalid_input', { field: 'note', ...problem });
  return raw as string;
}

/** One of the int rules (vCPUs, memory …). */
export function validateInt(raw: unknown, rule: IntRule, field: FieldName): number {
  const problem = typeof raw === 'number' ? intProblem(rule, raw) : { reason: 'wrong_type' as const };
  if (problem) throw new SnapvisorError('invalid_input', { field, ...problem });
  return raw as number;
}

/** A one-line value judged by a text rule (URIs, network names …), trimmed when the rule trims. */
export function validateText(raw: unknown, rule: TextRule, field: FieldName): string {
  const problem = typeof raw === 'string' ? textProblem(rule, raw) : { reason: 'wrong_type' as const };
  if (problem) throw new SnapvisorError('invalid_input', { field, ...problem });
  return rule.trim ? (raw as string).trim() : (raw as string);
}

export interface NewIdentity {
  hostname: string;
  /** OpenSSH public key lines. */
  sshKeys: string[];
  initScript?: string;
}

/**
 * The identity settings of a VM restored as new, or null when none is given (no cloud-init seed
 * then). Key texts are key files' contents (several keys each); the host name defaults to the
 * new VM's name made one.
 */
export function validateIdentity(req: { hostname?: unknown; sshKeys?: unknown; initScript?: unknown }, vmName: string): NewIdentity | null {
  const texts = req.sshKeys ?? [];
  if (!Array.isArray(texts) || texts.length > SSH_KEY_TEXTS_MAX) throw new SnapvisorError('invalid_input', { field: 'sshKeys', reason: 'too_many', max: SSH_KEY_TEXTS_MAX });
  if (req.hostname === undefined && texts.length === 0 && req.initScript === undefined) return null;
  const sshKeys: string[] = [];
  for (const text of texts as unknown[]) {
    if (typeof text !== 'string') throw new SnapvisorError('invalid_input', { field: 'sshKeys', reason: 'wrong_type' });
    if (text.length > SSH_KEY_TEXT_MAX_BYTES) throw new SnapvisorError('invalid_input', { field: 'sshKeys', reason: 'file_too_large', max: SSH_KEY_TEXT_MAX_BYTES });
    const found = sshPublicKeys(text);
    if ('problem' in found) throw new SnapvisorError('invalid_input', { field: 'sshKeys', ...found.problem });
    sshKeys.push(...found.keys.filter((k) => !sshKeys.includes(k)));
  }
  let initScript: string | undefined;
  if (req.initScript !== undefined) {
    const problem = typeof req.initScript === 'string' ? initScriptProblem(req.initScript) : { reason: 'wrong_type' as const };
    if (problem) throw new SnapvisorError('invalid_input', { field: 'initScript', ...problem });
    initScript = req.initScript as string;
  }
  const typed = req.hostname === undefined ? vmName : validateText(req.hostname, RULES.hostname, 'hostname');
  const hostname = hostnameFrom(typed);
  if (hostname === null) throw new SnapvisorError('invalid_input', { field: 'hostname', reason: 'not_a_hostname', name: typed });
  return { hostname, sshKeys, ...(initScript === undefined ? {} : { initScript }) };
}
