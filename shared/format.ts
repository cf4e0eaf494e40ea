// Numbers and sizes as Snapvisor shows them, in the app and on the command line alike.
// English and Korean both group digits by three with ',' and write decimals with '.', so numbers
// are formatted by hand: the first Intl.NumberFormat costs tens of ms, on the list's first paint.

/** `value` with at most `maxFraction` decimals (trailing zeros dropped) and grouped thousands. */
export function formatDecimal(value: number, maxFraction: number): string {
  const [int = '', fraction = ''] = value.toFixed(maxFraction).split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const kept = fraction.replace(/0+$/, '');
  return kept ? `${grouped}.${kept}` : grouped;
}

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'] as const;

/**
 * Bytes in binary units, one rounding rule: one decimal below 10 of a unit, whole numbers above
 * (1536 → "1.5 KiB", 123.4 MiB → "123 MiB", 1023 → "1,023 B").
 */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${formatDecimal(value, unit === 0 ? 0 : value < 10 ? 1 : 0)} ${UNITS[unit]}`;
}
