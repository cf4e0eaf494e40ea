import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { SchedulesScreen } from './SchedulesScreen';
import { AppHeader } from '../shell/AppHeader';
import { demoHost, HOST_ID, RUNNING_UUID, timerStatus } from '../../test/fake-api';
import { renderWithApi } from '../../test/setup';
import { setLang } from '../../i18n';
import { startSync } from '../../stores/sync';
import type { Schedule } from '../../api/contract';

afterEach(() => {
  cleanup();
  setLang('en');
});

const failure = { code: 'vm_wrong_state' as const, params: { vm: 'test', state: 'running', kind: 'cold', needs: 'shutoff' } as const };

function schedule(id: string, lastFailure: Schedule['lastFailure']): Schedule {
  return {
    id, hostId: HOST_ID, vmUuid: RUNNING_UUID, vmName: 'test', kind: 'cold', intervalSeconds: 3600, cron: null, namePattern: 'auto-{date}',
    keepLast: null, maxAgeSeconds: null, copyTo: null, copyKeep: null, enabled: true, lastRunAt: '2025-01-02T03:00:00.000Z', nextRunAt: '2025-01-02T04:00:00.000Z',
    lastError: lastFailure && `${lastFailure.code} ${JSON.stringify(lastFailure.params)}`, lastFailure,
  };
}

const whileClosed = () => screen.getByRole('region', { name: 'While Snapvisor is closed' });

describe('Schedules: while Snapvisor is closed', () => {
  it('without a user systemd instance: says why, the switch is off and disabled, the crontab line to use instead', async () => {
    await renderWithApi(<SchedulesScreen host={demoHost()} />);
    const panel = await waitFor(whileClosed);
    const toggle = await within(panel).findByRole('checkbox', { name: 'Also run the schedules while Snapvisor is closed' });
    expect((toggle as HTMLInputElement).checked).toBe(false);
    expect((toggle as HTMLInputElement).disabled).toBe(true);
    expect(panel.textContent).toContain('Here the schedules run only while Snapvisor is open: no user systemd instance answers (systemctl --user).');
    expect(within(panel).getByText(/^\*\/5 \* \* \* \* \/usr\/bin\/snapvisor schedules run --connect test:\/\/\/default/)).toBeTruthy();
  });

  it('in Korean too', async () => {
    setLang('ko');
    await renderWithApi(<SchedulesScreen host={demoHost()} />);
    setLang('ko');
    expect(await screen.findByText(/사용자 systemd 인스턴스가 응답하지 않습니다/)).toBeTruthy();
  });

  it('turns the timer on and off, and shows its next and last check', async () => {
    const { api } = await renderWithApi(<SchedulesScreen host={demoHost()} />, {
      timer: timerStatus({ available: true, reason: null, lastTriggerAt: '2025-01-02T03:00:00.000Z' }),
    });
    const toggle = await within(whileClosed()).findByRole('checkbox', { name: 'Also run the schedules while Snapvisor is closed' });
    expect(screen.getByText('Off: the schedules run only while Snapvisor is open.')).toBeTruthy();
    fireEvent.click(toggle);
    await screen.findByText(/On: a systemd user timer runs the due schedules every 5 minutes\. Next check: .*2025/);
    expect(api.calls.filter((c) => c.channel === 'schedules.setTimer').map((c) => c.request)).toEqual([{ on: true }]);
    expect((toggle as HTMLInputElement).checked).toBe(true);
    fireEvent.click(toggle);
    await screen.findByText('Off: the schedules run only while Snapvisor is open.');
    expect(api.calls.filter((c) => c.channel === 'schedules.setTimer').map((c) => c.request)).toEqual([{ on: true }, { on: false }]);
  });

  it('says when the timer\'s last run failed, and when the installed timer is another Snapvisor\'s', async () => {
    await renderWithApi(<SchedulesScreen host={demoHost()} />, {
      timer: timerStatus({ available: true, reason: null, installed: true, enabled: true, current: true, active: true, lastResult: 'failed' }),
    });
    expect(await screen.findByText(/The timer’s last “snapvisor schedules run” failed; see journalctl/)).toBeTruthy();
    cleanup();
    await renderWithApi(<SchedulesScreen host={demoHost()} />, {
      timer: timerStatus({ available: true, reason: null, installed: true, enabled: true, current: false }),
    });
    expect(await screen.findByText(/A timer for another Snapvisor installation or database is installed/)).toBeTruthy();
  });
});

describe('failed runs are seen', () => {
  it('the row says the error in words; the Schedules tab carries a badge with the count', async () => {
    await renderWithApi(<><AppHeader /><SchedulesScreen host={demoHost()} /></>, {
      schedules: [schedule('ok', null), schedule('bad', failure)],
    });
    const row = (await screen.findByText(/The VM “test” is not in the right state for this: it is running, a cold snapshot needs it shut off/)).closest('tr')!;
    expect(within(row).getByText('Failed')).toBeTruthy();
    const tab = screen.getByRole('button', { name: /Schedules/ });
    expect(within(tab).getByRole('status', { name: '1 schedule failed on its last run' }).textContent).toBe('1');
  });

  it('a run whose copy refresh failed is failed like any run, naming the copy\'s host', async () => {
    const unreachable = { code: 'host_unreachable' as const, params: { uri: 'qemu+ssh://backup/system', detail: 'Connection refused' } };
    await renderWithApi(<><AppHeader /><SchedulesScreen host={demoHost()} /></>, {
      schedules: [{ ...schedule('copied', unreachable), copyTo: 'qemu+ssh://backup/system', copyKeep: 6 }],
    });
    const row = (await screen.findByText('Cannot connect to the libvirt host qemu+ssh://backup/system: Connection refused.', { exact: false })).closest('tr')!;
    expect(within(row).getByText('Failed')).toBeTruthy();
    expect(within(row).getByText('Copy on qemu+ssh://backup/system, keeping 6')).toBeTruthy();
    const tab = screen.getByRole('button', { name: /Schedules/ });
    expect(within(tab).getByRole('status', { name: '1 schedule failed on its last run' }).textContent).toBe('1');
  });

  it('a run recorded later (by the app or the systemd timer) updates the badge without a reload', async () => {
    const { api } = await renderWithApi(<AppHeader />, { schedules: [schedule('a', null)] });
    const stop = startSync();
    try {
      const tab = screen.getByRole('button', { name: /Schedules/ });
      await waitFor(() => expect(api.calls.some((c) => c.channel === 'schedules.list')).toBe(true));
      expect(within(tab).queryByRole('status')).toBeNull();
      const failed = schedule('a', failure);
      api.state.schedules = [failed];
      act(() => api.emit('schedule.changed', failed));
      await waitFor(() => expect(within(tab).getByRole('status', { name: '1 schedule failed on its last run' })).toBeTruthy());
    } finally {
      stop();
    }
  });
});
