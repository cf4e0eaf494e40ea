// Validation of the restore-as-new wizard, step by step (pure, so the wizard and its tests agree).
import { nameProblem } from '../create/kind-rules';

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

export const LIMITS = { vcpusMax: 256, memoryMinMiB: 64, memoryMaxMiB: 4 * 1024 * 1024 } as const;

export type DraftProblems = Partial<Record<'name' | 'vcpus' | 'memoryMiB', string>>;

function intIn(value: string, min: number, max: number): boolean {
  return /^\d+$/.test(value.trim()) && Number(value) >= min && Number(value) <= max;
}

/** Problems as i18n keys, for the fields of one step (review checks them all). */
export function draftProblems(draft: NewVmDraft, step: WizardStep, takenNames: readonly string[]): DraftProblems {
  const p: DraftProblems = {};
  const all = step === 'review';
  if (step === 'name' || all) {
    const n = nameProblem(draft.name);
    if (n) p.name = `validation.name.${n}`;
    else if (takenNames.includes(draft.name.trim())) p.name = 'restoreAsNew.nameTaken';
  }
  if (step === 'resources' || all) {
    if (!intIn(draft.vcpus, 1, LIMITS.vcpusMax)) p.vcpus = 'restoreAsNew.vcpusInvalid';
    if (!intIn(draft.memoryMiB, LIMITS.memoryMinMiB, LIMITS.memoryMaxMiB)) p.memoryMiB = 'restoreAsNew.memoryInvalid';
  }
  return p;
}
