import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { firstRunAt, isDue, nextRunAfter } from '../../../electron/services/schedules/due';
import { cronProblem } from '../../../shared/cron';

const at = (iso: string): Date => new Date(iso);
const hourly = { intervalSeconds: 3600, cron: null } as const;

describe('interval schedules', () => {
  it('first run one interval after creation', () => {
    expect(firstRunAt(hourly, at('2025-01-01T10:00:00Z'))?.toISOString()).toBe('2025-01-01T11:00:00.000Z');
  });

  it('keep their grid when a run is taken a little late', () => {
    const next = nextRunAfter(hourly, at('2025-01-01T11:00:00Z'), at('2025-01-01T11:04:30Z'));
    expect(next?.toISOString()).toBe('2025-01-01T12:00:00.000Z');
  });

  it('after downtime run once and count the next run from now', () => {
    const next = nextRunAfter(hourly, at('2025-01-01T11:00:00Z'), at('2025-01-03T07:20:00Z'));
    expect(next?.toISOString()).toBe('2025-01-03T08:20:00.000Z');
  });
});

describe('cron schedules', () => {
  let savedTz: string | undefined;
  beforeEach(() => { savedTz = process.env.TZ; process.env.TZ = 'UTC'; });
  afterEach(() => { process.env.TZ = savedTz; if (savedTz === undefined) delete process.env.TZ; });

  const nightly = { intervalSeconds: null, cron: '30 2 * * *' } as const;

  it('first run at the next match', () => {
    expect(firstRunAt(nightly, at('2025-01-01T10:00:00Z'))?.toISOString()).toBe('2025-01-02T02:30:00.000Z');
  });

  it('after downtime skip the missed matches and take the next one after now', () => {
    const next = nextRunAfter(nightly, at('2025-01-02T02:30:00Z'), at('2025-01-05T09:00:00Z'));
    expect(next?.toISOString()).toBe('2025-01-06T02:30:00.000Z');
  });

  it('refuses invalid, never-matching and sub-minute expressions', () => {
    expect(cronProblem('0 */6 * * *')).toBeNull();
    expect(cronProblem('not cron')).toEqual({ reason: 'cron_invalid' });
    expect(cronProblem('0 0 31 2 *')).toEqual({ reason: 'cron_never_matches' });
    expect(cronProblem('*/5 * * * * *')).toEqual({ reason: 'cron_too_frequent', min: 60 });
    expect(cronProblem('0 3 * * *\n')).toBeNull();
    expect(cronProblem('0 3 * *\u0000 *')).toEqual({ reason: 'control_characters' });
  });
});

describe('isDue', () => {
  const now = at('2025-01-01T12:00:00Z');
  it('is due at or after the next run, when enabled', () => {
    expect(isDue('2025-01-01T12:00:00.000Z', true, now)).toBe(true);
    expect(isDue('2025-01-01T11:00:00.000Z', true, now)).toBe(true);
    expect(isDue('2025-01-01T12:00:01.000Z', true, now)).toBe(false);
    expect(isDue('2025-01-01T11:00:00.000Z', false, now)).toBe(false);
    expect(isDue(null, true, now)).toBe(false);
  });
});
