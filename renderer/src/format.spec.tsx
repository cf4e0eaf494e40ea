import { describe, expect, it } from 'vitest';
import { formatBytes, formatNumber, formatPercent } from './format';

describe('number formatting (by hand for en and ko)', () => {
  it('matches Intl for counts, sizes and percentages', () => {
    for (const lang of ['en', 'ko'] as const) {
      const nf = (max: number) => new Intl.NumberFormat(lang === 'en' ? 'en-US' : 'ko-KR', { maximumFractionDigits: max });
      for (const n of [0, 7, 999, 1000, 10_000, 1_234_567]) expect(formatNumber(n, lang)).toBe(nf(0).format(n));
      expect(formatBytes(1536, lang)).toBe(`${nf(1).format(1.5)} KiB`);
      expect(formatBytes(2048, lang)).toBe('2 KiB');
      expect(formatBytes(5 * 1024 ** 3 * 123.4, lang)).toBe(`${nf(0).format(617)} GiB`);
      expect(formatBytes(512, lang)).toBe('512 B');
      expect(formatPercent(0.426, lang)).toBe('43%');
    }
  });
});
