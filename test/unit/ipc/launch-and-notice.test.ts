// Two decisions the Electron main process leaves to plain modules, checked under Node: window or
// command line (the AppImage's `cli` argument), and which schedule failures become a desktop
// notification.
import { describe, expect, it } from 'vitest';
import { exitCodeOf, launchMode } from '../../../electron/app/launch-mode';
import { failureNotice, type NoticeMemory } from '../../../electron/app/failure-notice';
import type { Schedule } from '../../../shared/model';

describe('launchMode', () => {
  it('packaged (AppImage, deb): `cli` as the first argument runs the command line with the rest', () => {
    expect(launchMode(['/tmp/.mount_x/snapvisor-desktop', 'cli', '--json', 'vms'], true)).toEqual({ mode: 'cli', args: ['--json', 'vms'] });
    expect(launchMode(['/opt/Snapvisor/snapvisor-desktop', 'cli'], true)).toEqual({ mode: 'cli', args: [] });
    // Chromium switches a launcher put first do not hide it, and are not the CLI's.
    expect(launchMode(['/x/snapvisor-desktop', '--no-sandbox', 'cli', 'list'], true)).toEqual({ mode: 'cli', args: ['list'] });
  });

  it('unpackaged (`electron .`): the app path comes first', () => {
    expect(launchMode(['/src/node_modules/electron/dist/electron', '.', 'cli', 'vms'], false)).toEqual({ mode: 'cli', args: ['vms'] });
    expect(launchMode(['/src/node_modules/electron/dist/electron', '.'], false)).toEqual({ mode: 'window' });
  });

  it('anything else opens the window', () => {
    expect(launchMode(['/opt/Snapvisor/snapvisor-desktop'], true)).toEqual({ mode: 'window' });
    expect(launchMode(['/opt/Snapvisor/snapvisor-desktop', '--no-sandbox'], true)).toEqual({ mode: 'window' });
    expect(launchMode(['/opt/Snapvisor/snapvisor-desktop', 'list', 'cli'], true)).toEqual({ mode: 'window' });
    expect(launchMode(['/opt/Snapvisor/snapvisor-desktop', '--cli'], true)).toEqual({ mode: 'window' });
  });

  it('passes the command line\'s exit code on, a signal as 128 + its number', () => {
    expect(exitCodeOf({ status: 2, signal: null })).toBe(2);
    expect(exitCodeOf({ status: null, signal: 'SIGTERM' })).toBe(143);
    expect(exitCodeOf({ status: null, signal: null })).toBe(1);
  });
});

describe('failureNotice', () => {
  const schedule = (lastFailure: Schedule['lastFailure'], id = 's1'): Schedule => ({
    id, hostId: 'h', vmUuid: 'u', vmName: 'web', kind: 'cold', intervalSeconds: 3600, cron: null, namePattern: 'auto-{date}',
    keepLast: null, maxAgeSeconds: null, copyTo: null, copyKeep: null, enabled: true, lastRunAt: '2026-01-01T00:00:00.000Z', nextRunAt: null,
    lastError: lastFailure ? lastFailure.code : null, lastFailure,
  });
  const wrongState = { code: 'vm_wrong_state' as const, params: { vm: 'web', state: 'running', kind: 'cold', needs: 'shutoff' } as const };

  it('announces a failure with the VM and the reason in the user\'s language', () => {
    const { notice } = failureNotice(new Map(), schedule(wrongState), 'en');
    expect(notice?.title).toBe('Scheduled snapshot failed');
    expect(notice?.body).toMatch(/^web: The VM “web” is not in the right state for this: it is running, a cold snapshot needs it shut off/);
    expect(failureNotice(new Map(), schedule(wrongState), 'ko').notice?.title).toBe('예약 스냅샷 실패');
  });

  it('says the same failure once, again after a success or a different failure; says nothing for successes', () => {
    let memory: NoticeMemory = new Map();
    const step = (f: Schedule['lastFailure'], id?: string) => {
      const r = failureNotice(memory, schedule(f, id), 'en');
      memory = r.memory;
      return r.notice !== null;
    };
    expect([step(wrongState), step(wrongState), step(wrongState)]).toEqual([true, false, false]);
    expect(step({ code: 'vm_not_found', params: { vm: 'web' } })).toBe(true);
    expect(step(null)).toBe(false);
    expect(step(wrongState)).toBe(true);
    expect(step(wrongState, 's2')).toBe(true); // another schedule is its own news
  });
});
