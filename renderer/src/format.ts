// Dates, sizes and numbers in the user's locale. Date formatters are cached: the list formats
// hundreds of cells per scroll frame and constructing Intl objects is the slow part.
import type { Lang } from './i18n';
import { formatBytes as formatSize, formatDecimal } from '../../shared/format';
import { dateBoundary } from '../../shared/rules';

const LOCALES: Record<Lang, string> = { en: 'en-US', ko: 'ko-KR' };
const dateCache = new Map<string, Intl.DateTimeFormat>();

function dateFormat(lang: Lang, withSeconds: boolean): Intl.DateTimeFormat {
  const key = `${lang}:${withSeconds}`;
  let f = dateCache.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(LOCALES[lang], { dateStyle: 'medium', timeStyle: withSeconds ? 'medium' : 'short' });
    dateCache.set(key, f);
  }
  return f;
}


export function formatDate(iso: string | null | undefined, lang: Lang, withSeconds = false): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : dateFormat(lang, withSeconds).format(d);
}

/** Sizes by the shared rule (shared/format.ts); unknown as "—". */
export function formatBytes(bytes: number | null | undefined, _lang: Lang): string {
  return bytes === null || bytes === undefined || !Number.isFinite(bytes) ? '—' : formatSize(bytes);
}

export function formatNumber(n: number, _lang: Lang): string {
  return formatDecimal(n, 0);
}

export function formatPercent(fraction: number, _lang: Lang): string {
  return `${formatDecimal(fraction * 100, 0)}%`;
}

/** ISO date (yyyy-mm-dd) of a date input, as the start or end of that local day (the CLI's rule too). */
export function dayBoundary(day: string, end: boolean): string | undefined {
  return (day && dateBoundary(day, end)) || undefined;
}
