// Validation of the restore-as-new wizard, step by step (pure, so the wizard and its tests agree).
// The limits are shared/rules.ts's: the wizard refuses exactly what main would.
import { RULES, hostnameFrom, initScriptProblem, sshPublicKeys, textProblem, typedIntProblem, type Problem } from '../../../../shared/rules';
import { resourceNameProblem } from '../field-rules';
import type { LocalSshKey } from '../../api/contract';

export interface NewVmDraft {
  name: string;
  vcpus: string;
  memoryMiB: string;
  /** '' for no network interface. */
  network: string;
  start: boolean;
  protect: boolean;
  /** '' for the new VM's name made a host name. */
  hostname: string;
  /** Pasted public keys, one per line ('' for none). */
  sshKeys: string;
  /** Key files checked in ~/.ssh (offered only when they pass the same key rule). */
  pickedKeys?: readonly LocalSshKey[];
  /** A shell script or #cloud-config document ('' for none). */
  initScript: string;
}

export const WIZARD_STEPS = ['name', 'resources', 'network', 'extra', 'review'] as const;
export type WizardStep = (typeof WIZARD_STEPS)[number];

/** A rule's problem, or 'taken' for a name another VM of the host has. */
export type DraftProblem = Problem | 'taken';
export type DraftProblems = Partial<Record<'name' | 'vcpus' | 'memoryMiB' | 'hostname' | 'sshKeys' | 'initScript', DraftProblem>>;

/** Whether the draft asks for a cloud-init seed (a host name, keys or a script). */
export function wantsSeed(draft: NewVmDraft): boolean {
  return draft.hostname.trim() !== '' || draft.sshKeys.trim() !== '' || draft.initScript !== '' || !!draft.pickedKeys?.length;
}

/** The key texts the new VM is given: the picked files', then the pasted ones. */
export function draftKeyTexts(draft: NewVmDraft): string[] {
  return [...(draft.pickedKeys ?? []).map((k) => k.key), ...(draft.sshKeys.trim() ? [draft.sshKeys] : [])];
}

/** How many keys those texts hold (blank and # lines are not keys). */
export function draftKeyCount(draft: NewVmDraft): number {
  return draftKeyTexts(draft).join('\n').split('\n').filter((l) => l.trim() && !l.trim().startsWith('#')).length;
}

/** The host name the new VM will get: the typed one, or its name made one (null: none can be made). */
export function draftHostname(draft: NewVmDraft): string | null {
  return hostnameFrom(draft.hostname.trim() || draft.name.trim());
}

/** Problems of the fields of one step (review checks them all). */
export function draftProblems(draft: NewVmDraft, step: WizardStep, takenNames: readonly string[]): DraftProblems {
  const p: DraftProblems = {};
  const all = step === 'review';
  if (step === 'name' || all) {
    const n = resourceNameProblem(draft.name);
    if (n) p.name = n;
    else if (takenNames.includes(draft.name.trim())) p.name = 'taken';
  }
  if (step === 'resources' || all) {
    const vcpus = typedIntProblem(RULES.vcpus, draft.vcpus);
    if (vcpus) p.vcpus = vcpus;
    const memory = typedIntProblem(RULES.memoryMiB, draft.memoryMiB);
    if (memory) p.memoryMiB = memory;
  }
  if ((step === 'extra' || all) && wantsSeed(draft)) {
    const typed = draft.hostname.trim() === '' ? null : textProblem(RULES.hostname, draft.hostname);
    if (typed) p.hostname = typed;
    else if (draftHostname(draft) === null) p.hostname = { reason: 'not_a_hostname' };
    if (draft.sshKeys.trim() !== '') {
      const keys = sshPublicKeys(draft.sshKeys);
      if ('problem' in keys) p.sshKeys = keys.problem;
    }
    if (draft.initScript !== '') {
      const script = initScriptProblem(draft.initScript);
      if (script) p.initScript = script;
    }
  }
  return p;
}
