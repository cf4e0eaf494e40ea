import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from '../../../electron/services/schedules/duration';

describe('parseDuration', () => {
  it.each([
    ['30m', 1800], ['6h', 21_600], ['1d', 86_400], ['2w', 1_209_600], ['90s', 90], ['1h30m', 5400], [' 1D ', 86_400],
  ])('reads %s as %i seconds', (text, seconds) => {
    expect(parseDuration(text)).toBe(seconds);
  });

  it.each(['', '6', 'h', '6x', '-1h', '1.5h', '0m', '6 h', '1h 30m', 'six hours'])('refuses %j', (text) => {
    expect(parseDuration(text)).toBeNull();
  });
});

describe('formatDuration', () => {
  it.each([[21_600, '6h'], [5400, '1h30m'], [86_400, '1d'], [90_061, '1d1h1m1s'], [0, '0s']])('writes %i as %s', (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
  });

  it('round-trips through parseDuration', () => {
    for (const s of [60, 61, 3599, 3600, 86_399, 604_800 + 5]) expect(parseDuration(formatDuration(s))).toBe(s);
  });
});
