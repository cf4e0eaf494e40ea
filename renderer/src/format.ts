// Dates, sizes and numbers in the user's locale. Date formatters are cached: the list formats
// hundreds of cells per scroll frame and constructing Intl objects is the slow part.
import type { Lang } from './i18n';

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

/**
 * English and Korean both group digits by three with ',' and write decimals with '.', so numbers
 * are formatted by hand: the first Intl.NumberFormat costs tens of ms, on the list's first paint.
 */
function formatDecimal(value: number, maxFraction: number): string {
  const [int = '', fraction = ''] = value.toFixed(maxFraction).split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const kept = fraction.replace(/0+$/, '');
  return kept ? `${grouped}.${kept}` : grouped;
}

export function formatDate(iso: string | null | undefined, lang: Lang, withSeconds = false): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : dateFormat(lang, withSeconds).format(d);
}

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'] as const;

export function formatBytes(bytes: number | null | undefined, _lang: Lang): string {
  if (bytes === null || bytes === undefined) return '—';
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${formatDecimal(value, unit === 0 ? 0 : value < 10 ? 1 : 0)} ${UNITS[unit]}`;
}

export function formatNumber(n: number, _lang: Lang): string {
  return formatDecimal(n, 0);
}

export function formatPercent(fraction: number, _lang: Lang): string {
  return `${formatDecimal(fraction * 100, 0)}%`;
}

/** ISO date (yyyy-mm-dd) of a date input, as the start or end of that local day. */
export function dayBoundary(day: string, end: boolean): string | undefined {
  if (!day) return undefined;
  const d = new Date(`${day}T${end ? '23:59:59.999' : '00:00:00'}`);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}
