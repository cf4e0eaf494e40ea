// Export and import, the pure part: the file name a save dialog suggests (made from safe
// characters only, so it passes the same rule main applies to it), the import form's problems
// and the request it becomes. Paths themselves come from the file dialog, never from here.
import { RULES, textProblem, type Problem } from '../../../../shared/rules';
import { resourceNameProblem } from '../field-rules';

const EXTENSION = '.tar';

/** yyyy-mm-dd of `now` in local time. */
function localDay(now: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/**
 * `<vm>-<date>.tar`: each run of characters a file name should not hold becomes one hyphen, no
 * leading dot or hyphen, shortened so the whole stays within RULES.resourceName ("vm" when
 * nothing of the name is left).
 */
export function exportFileName(vmName: string, now: Date): string {
  const day = localDay(now);
  const room = RULES.resourceName.max - day.length - EXTENSION.length - 1;
  const safe = vmName.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[.-]+/, '').slice(0, room).replace(/[.-]+$/, '');
  return `${safe || 'vm'}-${day}${EXTENSION}`;
}

export interface ImportDraft {
  /** The file the open dialog answered, or null before one is chosen. */
  file: string | null;
  /** The new VM's name as typed; empty: the services choose (the original's, or a free variant). */
  name: string;
  /** Read the file through and verify it, writing nothing. */
  checkOnly: boolean;
}

export type ImportProblems = { file?: 'missing'; name?: Problem | 'taken' };

/** What keeps the draft from being sent: no file yet, a name the rule refuses or a VM of the host has. */
export function importProblems(d: ImportDraft, vmNames: readonly string[]): ImportProblems {
  const p: ImportProblems = {};
  if (d.file === null || textProblem(RULES.filePath, d.file)) p.file = 'missing';
  const name = d.name.trim();
  if (name && !d.checkOnly) {
    const problem = resourceNameProblem(name);
    if (problem) p.name = problem;
    else if (vmNames.includes(name)) p.name = 'taken';
  }
  return p;
}

export function importRequest(d: ImportDraft & { file: string }, hostId: string): { hostId: string; file: string; name?: string } {
  const name = d.name.trim();
  return { hostId, file: d.file, ...(name ? { name } : {}) };
}
