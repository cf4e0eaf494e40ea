import { describe, expect, it } from 'vitest';
import { selectExpired } from '../../../electron/services/schedules/retention';

const now = new Date('2025-01-10T00:00:00Z');
type Row = { id: string; createdAt: string; protected: boolean; dependentOf: string | null; state: 'ready' | 'error' | 'creating' };
const day = (n: number, extra: Partial<Row> = {}): Row => ({
  id: `d${n}`, createdAt: `2025-01-${String(n).padStart(2, '0')}T00:00:00Z`, protected: false, dependentOf: null, state: 'ready', ...extra,
});

describe('selectExpired', () => {
  it('keep-last N removes the older ones, oldest first', () => {
    const rows = [day(9), day(5), day(7), day(8), day(6)];
    expect(selectExpired(rows, { keepLast: 3, maxAgeSeconds: null }, now)).toEqual(['d5', 'd6']);
  });

  it('max-age removes what is older than the age', () => {
    const rows = [day(9), day(8), day(6), day(2)];
    expect(selectExpired(rows, { keepLast: null, maxAgeSeconds: 3 * 86_400 }, now)).toEqual(['d2', 'd6']);
  });

  it('both limits: beyond the count or too old', () => {
    const rows = [day(9), day(8), day(7), day(3)];
    expect(selectExpired(rows, { keepLast: 3, maxAgeSeconds: 2 * 86_400 }, now)).toEqual(['d3', 'd7']);
  });

  it('never selects protected ones, and they do not count towards keep-last', () => {
    const rows = [day(9), day(8, { protected: true }), day(7), day(6), day(1, { protected: true })];
    expect(selectExpired(rows, { keepLast: 2, maxAgeSeconds: 86_400 }, now)).toEqual(['d6', 'd7']);
  });

  it('never selects dependents, rows that are not ready, or the snapshot just taken', () => {
    const rows = [
      day(9), day(8, { dependentOf: 'd9' }), day(7, { state: 'creating' }), day(6, { state: 'error' }), day(5),
    ];
    expect(selectExpired(rows, { keepLast: 1, maxAgeSeconds: 60 }, now, 'd9')).toEqual(['d5']);
  });

  it('selects nothing without a policy', () => {
    expect(selectExpired([day(1), day(2)], { keepLast: null, maxAgeSeconds: null }, now)).toEqual([]);
  });
});
