// The single place where an error becomes user-facing text in the current language.
import { formatError } from '../../../shared/error-messages';
import type { ApiError } from './contract';
import { toApiError } from './api';
import { currentLang } from '../i18n';

export function errorText(error: ApiError | unknown): string {
  const e = isApiError(error) ? error : toApiError(error);
  return formatError(e.code, e.params, currentLang());
}

function isApiError(x: unknown): x is ApiError {
  return typeof x === 'object' && x !== null && 'code' in x && 'params' in x && typeof (x as { code: unknown }).code === 'string';
}
