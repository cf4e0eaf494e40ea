// Terminal text: display width (Hangul and other wide characters take two columns), aligned
// tables, and neutralised control characters so a snapshot name cannot drive the terminal.
import { replaceLineControl } from '../../../shared/rules';

const WIDE_RANGES: readonly [number, number][] = [
  [0x1100, 0x115f], [0x2e80, 0x303e], [0x3041, 0x33ff], [0x3400, 0x4dbf], [0x4e00, 0x9fff],
  [0xa000, 0xa4cf], [0xac00, 0xd7a3], [0xf900, 0xfaff], [0xfe30, 0xfe4f], [0xff00, 0xff60],
  [0xffe0, 0xffe6], [0x1f300, 0x1f64f], [0x1f900, 0x1f9ff], [0x20000, 0x3fffd],
];

function isWide(codePoint: number): boolean {
  return WIDE_RANGES.some(([lo, hi]) => codePoint >= lo && codePoint <= hi);
}

export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += isWide(ch.codePointAt(0)!) ? 2 : 1;
  return width;
}

/** Control characters (and escape sequences' ESC) shown as '?', line breaks as spaces. */
export function printable(text: string): string {
  return replaceLineControl(text.replace(/[\r\n\t]/g, ' '), '?');
}

function padEnd(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - displayWidth(text)));
}

/** Columns separated by two spaces, each as wide as its widest cell; no trailing blanks. */
export function renderTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const cells = [headers, ...rows].map((r) => r.map(printable));
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => displayWidth(r[i] ?? ''))));
  return cells
    .map((r) => r.map((c, i) => (i === r.length - 1 ? c : padEnd(c, widths[i]!))).join('  ').trimEnd())
    .join('\n');
}

/** "Label: value" lines with the values aligned. */
export function renderFields(fields: readonly (readonly [string, string])[]): string {
  const width = Math.max(...fields.map(([label]) => displayWidth(label)));
  return fields.map(([label, value]) => `${padEnd(`${label}:`, width + 1)} ${printable(value)}`).join('\n');
}
