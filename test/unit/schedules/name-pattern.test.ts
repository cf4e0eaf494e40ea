import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_NAME_PATTERN, renderNamePattern, sanitiseName, uniqueName, unknownPlaceholders,
} from '../../../electron/services/schedules/name-pattern';

describe('renderNamePattern', () => {
  let savedTz: string | undefined;
  beforeEach(() => { savedTz = process.env.TZ; process.env.TZ = 'Asia/Seoul'; });
  afterEach(() => { process.env.TZ = savedTz; if (savedTz === undefined) delete process.env.TZ; });

  // 2025-03-01T23:04:05Z is 2025-03-02 08:04:05 in Seoul: names use the host's local time.
  const ctx = { at: new Date('2025-03-01T23:04:05Z'), vm: 'web-1', kind: 'memory', n: 7 };

  it('fills every placeholder in local time', () => {
    expect(renderNamePattern('{vm}_{kind}_{date}_{time}_{datetime}_{n}', ctx))
      .toBe('web-1_memory_2025-03-02_080405_2025-03-02-080405_7');
  });

  it('defaults to auto-{date}', () => {
    expect(renderNamePattern(DEFAULT_NAME_PATTERN, ctx)).toBe('auto-2025-03-02');
  });

  it('sanitises what a VM name brings in', () => {
    expect(renderNamePattern('{vm} at {time}', { ...ctx, vm: '<a&b>/"c"' })).toBe('a-b-c-at-080405');
  });

  it('falls back to auto-<datetime> when nothing usable remains', () => {
    expect(renderNamePattern('{vm}', { ...ctx, vm: '///' })).toBe('auto-2025-03-02-080405');
  });
});

describe('sanitiseName', () => {
  it('keeps letters of any script, digits and . _ + @ -', () => {
    expect(sanitiseName('스냅샷_v1.2+rc@host-a')).toBe('스냅샷_v1.2+rc@host-a');
  });

  it('replaces control characters, separators and XML metacharacters, and trims dashes', () => {
    expect(sanitiseName('\u0000a\nb/c\\d<e>f"g\'h  i-')).toBe('a-b-c-d-e-f-g-h-i');
    expect(sanitiseName('..hidden')).toBe('hidden');
  });

  it('caps the length at 100 characters', () => {
    expect(sanitiseName('x'.repeat(10_000))).toHaveLength(100);
  });
});

describe('uniqueName and unknownPlaceholders', () => {
  it('suffixes -2, -3 until free', () => {
    expect(uniqueName('auto', new Set())).toBe('auto');
    expect(uniqueName('auto', new Set(['auto', 'auto-2']))).toBe('auto-3');
  });

  it('finds typos in a pattern', () => {
    expect(unknownPlaceholders('auto-{date}-{hour}-{}')).toEqual(['hour', '']);
    expect(unknownPlaceholders('{date}{time}{datetime}{vm}{kind}{n}')).toEqual([]);
  });
});
