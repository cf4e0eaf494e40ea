// What the forms check while the user types, field by field: the shared rules (shared/rules.ts),
// so a form lets through exactly what main accepts (test/unit/shared/rules.test.ts proves it).
import { RULES, textProblem, type Problem } from '../../../shared/rules';

export const nameProblem = (v: string): Problem | null => textProblem(RULES.displayName, v);
/** A name that may be left empty (main then picks one): judged only when given. */
export const optionalNameProblem = (v: string): Problem | null => (v.trim() ? nameProblem(v) : null);
/** A name that becomes a VM or file name (restore as a new VM, a new volume). */
export const resourceNameProblem = (v: string): Problem | null => textProblem(RULES.resourceName, v);
export const descriptionProblem = (v: string): Problem | null => textProblem(RULES.description, v);
export const noteProblem = (v: string): Problem | null => textProblem(RULES.note, v);
export const uriProblem = (v: string): Problem | null => textProblem(RULES.uri, v);
