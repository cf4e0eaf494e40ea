// Validation of the restore-as-new wizard, step by step (pure, so the wizard and its tests agree).
// The limits are shared/rules.ts's: the wizard refuses exactly what main would.
import { RULES, typedIntProblem, type Problem } from '../../../../shared/rules';
import { resourceNameProblem } from '../field-rules';

export interface NewVmDraft {
  name: string;
  vcpus: string;
  memoryMiB: string;
  /** '' for no network interface. */
  network: string;
  start: boolean;
}

export const WIZARD_STEPS = ['name', 'resources', 'network', 'review'] as const;
export type WizardStep = (typeof WIZARD_STEPS)[number];

/** A rule's problem, or 'taken' for a name another VM of the host has. */
export type DraftProblem = Problem | 'taken';
export type DraftProblems = Partial<Record<'name' | 'vcpus' | 'memoryMiB', DraftProblem>>;

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
  return p;
}
