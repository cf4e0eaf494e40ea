// Dates and sizes as the user reads them: the locale comes from --lang and the environment.
import type { Lang } from '../../../shared/error-messages';
import { formatBytes } from '../../../shared/format';

/** A BCP 47 locale from LC_ALL / LC_TIME / LANG ("en_GB.UTF-8" → "en-GB"), agreeing with `lang`. */
export function userLocale(lang: Lang, env: NodeJS.ProcessEnv = process.env): string {
  const raw = env.LC_ALL || env.LC_TIME || env.LANG || '';
  const match = /^([a-z]{2,3})(?:_([A-Z]{2}))?/.exec(raw);
  if (match && match[1] === lang) return match[2] ? `${match[1]}-${match[2]}` : match[1]!;
  return lang === 'ko' ? 'ko-KR' : 'en-US';
}

// One formatter per locale: building an Intl.DateTimeFormat costs ~0.1 ms, a table has thousands of dates.
const dateFormats = new Map<string, Intl.DateTimeFormat>();

export function formatDateTime(iso: string | null, locale: string): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  let format = dateFormats.get(locale);
  if (!format) dateFormats.set(locale, format = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }));
  return format.format(d);
}

/** Sizes by the shared rule (shared/format.ts, as the app shows them); unknown → "". */
export function formatSize(bytes: number | null): string {
  return bytes === null || !Number.isFinite(bytes) ? '' : formatBytes(bytes);
}
