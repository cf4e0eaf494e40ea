// Dates, sizes and numbers in the user's locale. Formatters are cached: the list formats
// hundreds of cells per scroll frame and constructing Intl objects is the slow part.
import type { Lang } from './i18n';

const LOCALES: Record<Lang, string> = { en: 'en-US', ko: 'ko-KR' };
const dateCache = new Map<string, Intl.DateTimeFormat>();
const numberCache = new Map<string, Intl.NumberFormat>();

function dateFormat(lang: Lang, withSeconds: boolean): Intl.DateTimeFormat {
  const key = `${lang}:${withSeconds}`;
  let f = dateCache.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(LOCALES[lang], { dateStyle: 'medium', timeStyle: withSeconds ? 'medium' : 'short' });
    dateCache.set(key, f);
  }
  return f;
}

function numberFormat(lang: Lang, maxFraction: number): Intl.NumberFormat {
  const key = `${lang}:${maxFraction}`;
  let f = numberCache.get(key);
  if (!f) {
    f = new Intl.NumberFormat(LOCALES[lang], { maximumFractionDigits: maxFraction });
    numberCache.set(key, f);
  }
  return f;
}

export function formatDate(iso: string | null | undefined, lang: Lang, withSeconds = false): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : dateFormat(lang, withSeconds).format(d);
}

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'] as const;

export function formatBytes(bytes: number | null | undefined, lang: Lang): string {
  if (bytes === null || bytes === undefined) return '—';
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${numberFormat(lang, unit === 0 ? 0 : value < 10 ? 1 : 0).format(value)} ${UNITS[unit]}`;
}

export function formatNumber(n: number, lang: Lang): string {
  return numberFormat(lang, 0).format(n);
}

export function formatPercent(fraction: number, lang: Lang): string {
  return `${numberFormat(lang, 0).format(fraction * 100)}%`;
}

/** ISO date (yyyy-mm-dd) of a date input, as the start or end of that local day. */
export function dayBoundary(day: string, end: boolean): string | undefined {
  if (!day) return undefined;
  const d = new Date(`${day}T${end ? '23:59:59.999' : '00:00:00'}`);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}
