// Durations as people type them: "30m", "6h", "1d", "2w", "1h30m", "90s".
const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 };

/** Seconds in a duration string, or null when it is not one (or is zero). */
export function parseDuration(text: string): number | null {
  const trimmed = text.trim().toLowerCase();
  if (!/^(\d+[smhdw])+$/.test(trimmed)) return null;
  let total = 0;
  for (const [, amount, unit] of trimmed.matchAll(/(\d+)([smhdw])/g)) {
    total += Number(amount) * UNIT_SECONDS[unit!]!;
  }
  return total > 0 && Number.isSafeInteger(total) ? total : null;
}

/** The shortest exact spelling: 21600 → "6h", 5400 → "1h30m". */
export function formatDuration(seconds: number): string {
  let rest = seconds;
  let out = '';
  for (const unit of ['w', 'd', 'h', 'm', 's']) {
    const size = UNIT_SECONDS[unit]!;
    const count = Math.floor(rest / size);
    if (count > 0) {
      out += `${count}${unit}`;
      rest -= count * size;
    }
  }
  return out || '0s';
}
