// Dates and sizes as the user reads them: the locale comes from --lang and the environment.
import type { Lang } from '../../i18n/errors';

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

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];

/** 1536 → "1.5 KiB"; null (unknown) → "". */
export function formatSize(bytes: number | null): string {
  if (bytes === null || !Number.isFinite(bytes)) return '';
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  const digits = unit === 0 || value >= 100 ? 0 : value >= 10 ? 1 : 2;
  return `${Number(value.toFixed(digits))} ${UNITS[unit]}`;
}
