// A rule's Problem (shared/rules.ts) as the sentence a form shows under its field, in the
// current language: the reason in the shared vocabulary's words, then the limit it broke.
import type { Problem } from '../../../shared/rules';
import { REASON_WORDS, capitalised } from '../../../shared/vocabulary';
import { currentLang, i18next } from '../i18n';

export function problemText(p: Problem): string {
  const limit = p.max !== undefined ? i18next.t('validation.atMost', { max: p.max })
    : p.min !== undefined ? i18next.t('validation.atLeast', { min: p.min }) : '';
  return `${capitalised(REASON_WORDS[p.reason][currentLang()])}${limit ? ` ${limit}` : ''}.`;
}

/** A name field's problem: the two everyone meets (empty, control characters) in their own words. */
export function nameProblemText(p: Problem): string {
  if (p.reason === 'empty') return i18next.t('validation.name.required');
  if (p.reason === 'control_characters') return i18next.t('validation.name.control');
  return problemText(p);
}
