// The one naming engine: the create dialog's default names and the schedules' names.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_PATTERN, DEFAULT_SCHEDULE_PATTERN, expandPattern, libvirtSnapshotName, uniqueName,
} from '../../../electron/services/policy/naming';
import { RULES, textProblem, unknownPlaceholders } from '../../../shared/rules';

describe('expandPattern', () => {
  let savedTz: string | undefined;
  beforeEach(() => { savedTz = process.env.TZ; process.env.TZ = 'Asia/Seoul'; });
  afterEach(() => { process.env.TZ = savedTz; if (savedTz === undefined) delete process.env.TZ; });

  // 2025-03-01T23:04:05Z is 2025-03-02 08:04:05 in Seoul: names use the host's local time.
  const ctx = { at: new Date('2025-03-01T23:04:05Z'), vm: 'web-1', kind: 'memory', n: 7 };

  it('fills every placeholder in local time', () => {
    expect(expandPattern('{vm}_{kind}_{date}_{time}_{datetime}_{n}', ctx))
      .toBe('web-1_memory_2025-03-02_080405_2025-03-02-080405_7');
  });

  it('has the two defaults: the create dialog’s and the schedules’', () => {
    expect(expandPattern(DEFAULT_PATTERN, ctx)).toBe('web-1-2025-03-02-080405');
    expect(expandPattern(DEFAULT_SCHEDULE_PATTERN, ctx)).toBe('auto-2025-03-02');
  });

  it('keeps what a VM name brings in, except what no name may hold', () => {
    expect(expandPattern('{vm} at {time}', { ...ctx, vm: '<a&b>/"c" 웹' })).toBe('<a&b>/"c" 웹 at 080405');
    expect(expandPattern('{vm}', { ...ctx, vm: 'a\nb\u0000c\u2028' })).toBe('a-b-c-');
    expect(expandPattern('{unknown}', ctx)).toBe('{unknown}');
  });

  it('falls back to auto-<datetime> when nothing remains, and always gives a valid display name', () => {
    expect(expandPattern('{kind}', { at: ctx.at, vm: 'x' })).toBe('auto-2025-03-02-080405');
    for (const vm of ['x'.repeat(500), '\u0001'.repeat(10), ' ', '😀'.repeat(300)]) {
      expect(textProblem(RULES.displayName, expandPattern('{vm}-{date}', { ...ctx, vm })), vm.slice(0, 5)).toBeNull();
    }
  });
});

describe('uniqueName and unknownPlaceholders', () => {
  it('suffixes -2, -3 until free, within the name limit', () => {
    expect(uniqueName('auto', new Set())).toBe('auto');
    expect(uniqueName('auto', new Set(['auto', 'auto-2']))).toBe('auto-3');
    const long = 'x'.repeat(RULES.displayName.max);
    const next = uniqueName(long, new Set([long]));
    expect(next.endsWith('-2')).toBe(true);
    expect([...next]).toHaveLength(RULES.displayName.max);
  });

  it('finds typos in a pattern', () => {
    expect(unknownPlaceholders('auto-{date}-{hour}-{}')).toEqual(['hour', '']);
    expect(unknownPlaceholders('{date}{time}{datetime}{vm}{kind}{n}')).toEqual([]);
  });

  it('names libvirt snapshots by id only', () => {
    expect(libvirtSnapshotName('abc123')).toBe('sv-abc123');
  });
});
