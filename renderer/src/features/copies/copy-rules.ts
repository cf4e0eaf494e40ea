// The copy dialogs' rules, pure: which hosts a VM can be copied to, the form as strings (what the
// inputs hold) turned into a copies.refresh request, and a verify result counted by state. The
// checks are the services' rules (shared/rules.ts): what the form lets through, main takes.
import type { CopyInfo, CopyVerifyResult, HostStatus } from '../../api/contract';
import { RULES, typedIntProblem } from '../../../../shared/rules';
import { uriProblem } from '../field-rules';

/** The select's value for "a URI typed in the field below". */
export const OTHER_URI = '';

/** Known hosts a copy can go to: every host but the VM's own (by id or by URI). */
export function copyTargets(hosts: readonly HostStatus[], own: Pick<HostStatus, 'id' | 'uri'>): HostStatus[] {
  return hosts.filter((h) => h.id !== own.id && h.uri !== own.uri);
}

export interface CopyDraft {
  /** A known host's URI, or OTHER_URI to use `typedUri`. */
  chosenUri: string;
  typedUri: string;
  /** Empty: the target keeps every copy the source has (or, for a copy that exists, as it was). */
  keep: string;
}

export type CopyProblems = Partial<Record<'uri' | 'keep', 'copies.uriInvalid' | 'copies.sameHost' | 'copies.keepInvalid'>>;

export function targetUri(d: CopyDraft): string {
  return (d.chosenUri === OTHER_URI ? d.typedUri : d.chosenUri).trim();
}

/** Problems as i18n keys; an empty typed URI is a problem too (the submit stays disabled). */
export function copyProblems(d: CopyDraft, ownUri: string): CopyProblems {
  const p: CopyProblems = {};
  const uri = targetUri(d);
  if (uriProblem(uri)) p.uri = 'copies.uriInvalid';
  else if (uri === ownUri) p.uri = 'copies.sameHost';
  if (d.keep.trim() && typedIntProblem(RULES.keepLast, d.keep)) p.keep = 'copies.keepInvalid';
  return p;
}

export function refreshRequest(d: CopyDraft, source: { hostId: string; vmUuid: string }): { hostId: string; vmUuid: string; to: string; keep?: number } {
  const keep = d.keep.trim();
  return { ...source, to: targetUri(d), ...(keep ? { keep: Number(keep) } : {}) };
}

/** The request naming one existing copy (refresh, verify, remove). */
export function copyRequest(c: CopyInfo): { hostId: string; vmUuid: string; to: string } {
  return { hostId: c.source.hostId, vmUuid: c.source.vm.uuid, to: c.target.uri };
}

export type VerifyCounts = Record<'ok' | 'differ' | 'rewritten', number>;

/** A verify result counted as the user reads it: missing files count as differing. */
export function verifyCounts(r: CopyVerifyResult): VerifyCounts {
  const n: VerifyCounts = { ok: 0, differ: 0, rewritten: 0 };
  for (const f of r.files) n[f.state === 'ok' ? 'ok' : f.state === 'rewritten' ? 'rewritten' : 'differ']++;
  return n;
}
