import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { ScheduleDialog } from './ScheduleDialog';
import { demoHost, RUNNING_UUID, SHUTOFF_UUID } from '../../test/fake-api';
import { renderWithApi } from '../../test/setup';
import type { HostStatus, Schedule } from '../../api/contract';

afterEach(cleanup);

const field = (label: string) => screen.getByRole('spinbutton', { name: label });
const set = (el: HTMLElement, value: string) => fireEvent.change(el, { target: { value } });
const save = () => fireEvent.click(screen.getByRole('button', { name: 'Save' }));
const addCalls = (api: { calls: { channel: string; request: unknown }[] }) => api.calls.filter((c) => c.channel === 'schedules.add');

describe('ScheduleDialog', () => {
  it('an interval needs a whole number of at least 1; it is saved in seconds with keep-last and max-age', async () => {
    const onSaved = vi.fn();
    const { api } = await renderWithApi(<ScheduleDialog host={demoHost()} schedule={null} onSaved={onSaved} />);
    set(field('Every'), '0');
    save();
    expect(screen.getByText('Enter a whole number, at least 1.')).toBeTruthy();
    set(field('Every'), '1.5');
    save();
    expect(screen.getByText('Enter a whole number, at least 1.')).toBeTruthy();
    expect(addCalls(api)).toHaveLength(0);

    set(field('Every'), '6');
    fireEvent.change(screen.getByLabelText('Unit'), { target: { value: 'hours' } });
    set(field('Keep the last'), '5');
    set(field('Delete after (days)'), '30');
    save();
    await waitFor(() => expect(onSaved).toHaveBeenCalled());
    expect(addCalls(api)[0]?.request).toMatchObject({
      hostId: 'demo', vmUuid: SHUTOFF_UUID, intervalSeconds: 6 * 3600, cron: null, keepLast: 5, maxAgeSeconds: 30 * 86400, enabled: true,
    });
  });

  it('a cron expression must parse and run at most once a minute; it replaces the interval', async () => {
    const { api } = await renderWithApi(<ScheduleDialog host={demoHost()} schedule={null} onSaved={() => undefined} />);
    fireEvent.click(screen.getByRole('radio', { name: 'Cron expression' }));
    expect(screen.queryByRole('spinbutton', { name: 'Every' })).toBeNull();
    const cron = screen.getByRole('textbox', { name: 'Cron expression' });
    set(cron, '0 3 * *');
    save();
    const refusal = 'Enter a cron expression that runs at most once a minute, with five fields, e.g. “0 3 * * *”.';
    expect(screen.getByText(refusal)).toBeTruthy();
    set(cron, '61 * * * *');
    expect(screen.getByText(refusal)).toBeTruthy();
    set(cron, '*/5 * * * * *');
    expect(screen.getByText(refusal)).toBeTruthy();
    set(cron, '*/15 2-4 * * 1-5');
    save();
    await waitFor(() => expect(addCalls(api)).toHaveLength(1));
    expect(addCalls(api)[0]?.request).toMatchObject({ cron: '*/15 2-4 * * 1-5', intervalSeconds: null });
  });

  it('keep-last and max-age are optional but, when given, whole numbers of at least 1', async () => {
    const { api } = await renderWithApi(<ScheduleDialog host={demoHost()} schedule={null} onSaved={() => undefined} />);
    set(field('Keep the last'), '0');
    set(field('Delete after (days)'), '-2');
    save();
    expect(screen.getByText('Enter a whole number, at least 1, or leave empty.')).toBeTruthy();
    expect(screen.getByText('Enter a whole number of days, at least 1, or leave empty.')).toBeTruthy();
    expect(addCalls(api)).toHaveLength(0);
    set(field('Keep the last'), '');
    set(field('Delete after (days)'), '');
    save();
    await waitFor(() => expect(addCalls(api)).toHaveLength(1));
    expect(addCalls(api)[0]?.request).toMatchObject({ keepLast: null, maxAgeSeconds: null });
    expect(screen.getByText('Retention never deletes protected snapshots.')).toBeTruthy();
  });

  describe('the copy on another host', () => {
    const backup: HostStatus = { ...demoHost(), id: 'backup', uri: 'qemu+ssh://backup/system', name: 'Backup', demo: false };
    const copyHost = () => screen.getByLabelText('Copy to host') as HTMLSelectElement;

    it('is off by default; a known host (never this one) with how many copies to keep there', async () => {
      const { api } = await renderWithApi(<ScheduleDialog host={demoHost()} schedule={null} onSaved={() => undefined} />, { hosts: [demoHost(), backup] });
      expect(copyHost().value).toBe('');
      expect([...copyHost().options].map((o) => o.textContent)).toEqual(['No copy', 'Backup (qemu+ssh://backup/system)', 'Another host (URI)…']);
      expect(screen.queryByRole('spinbutton', { name: 'Keep on that host' })).toBeNull();
      fireEvent.change(copyHost(), { target: { value: backup.uri } });
      set(field('Keep on that host'), '0');
      save();
      expect(screen.getAllByText('Enter a whole number, at least 1, or leave empty.')).toHaveLength(1);
      expect(addCalls(api)).toHaveLength(0);
      set(field('Keep on that host'), '6');
      save();
      await waitFor(() => expect(addCalls(api)).toHaveLength(1));
      expect(addCalls(api)[0]?.request).toMatchObject({ copyTo: backup.uri, copyKeep: 6 });
    });

    it('another host by its URI: checked by the URI rule, and not the VM’s own host', async () => {
      const { api } = await renderWithApi(<ScheduleDialog host={demoHost()} schedule={null} onSaved={() => undefined} />);
      fireEvent.change(copyHost(), { target: { value: 'other host' } });
      const uri = screen.getByRole('textbox', { name: 'Host URI' });
      save();
      expect(screen.getByText('Enter a libvirt connection URI such as qemu+ssh://user@host/system.')).toBeTruthy();
      set(uri, 'backup server');
      expect(screen.getByText('Enter a libvirt connection URI such as qemu+ssh://user@host/system.')).toBeTruthy();
      set(uri, 'test:///default');
      expect(screen.getByText('Choose another host: the VM runs on this one.')).toBeTruthy();
      expect(addCalls(api)).toHaveLength(0);
      set(uri, ' qemu+tls://vault.example/system ');
      save();
      await waitFor(() => expect(addCalls(api)).toHaveLength(1));
      expect(addCalls(api)[0]?.request).toMatchObject({ copyTo: 'qemu+tls://vault.example/system', copyKeep: null });
    });

    it('an existing schedule shows its copy; choosing no copy clears both fields', async () => {
      const existing: Schedule = {
        id: 'sch1', hostId: 'demo', vmUuid: RUNNING_UUID, vmName: 'test', kind: 'memory', intervalSeconds: 3600, cron: null,
        namePattern: 'auto-{date}', keepLast: null, maxAgeSeconds: null, copyTo: 'qemu+ssh://elsewhere/system', copyKeep: 4, enabled: true,
        lastRunAt: null, nextRunAt: null, lastError: null, lastFailure: null,
      };
      const { api } = await renderWithApi(<ScheduleDialog host={demoHost()} schedule={existing} onSaved={() => undefined} />, { hosts: [demoHost(), backup], schedules: [existing] });
      expect(copyHost().value).toBe('other host');
      expect((screen.getByRole('textbox', { name: 'Host URI' }) as HTMLInputElement).value).toBe('qemu+ssh://elsewhere/system');
      expect((field('Keep on that host') as HTMLInputElement).value).toBe('4');
      fireEvent.change(copyHost(), { target: { value: '' } });
      expect(screen.queryByRole('textbox', { name: 'Host URI' })).toBeNull();
      save();
      await waitFor(() => expect(api.calls.filter((c) => c.channel === 'schedules.update')).toHaveLength(1));
      expect(api.calls.find((c) => c.channel === 'schedules.update')?.request).toMatchObject({ id: 'sch1', copyTo: null, copyKeep: null });
    });
  });

  it('edits an existing schedule with its values filled in, and shows a refusal from main', async () => {
    const existing: Schedule = {
      id: 'sch1', hostId: 'demo', vmUuid: RUNNING_UUID, vmName: 'test', kind: 'memory', intervalSeconds: 2 * 86400, cron: null,
      namePattern: 'nightly-{date}', keepLast: 3, maxAgeSeconds: 14 * 86400, copyTo: null, copyKeep: null, enabled: false, lastRunAt: null, nextRunAt: null, lastError: null, lastFailure: null,
    };
    const { api } = await renderWithApi(<ScheduleDialog host={demoHost()} schedule={existing} onSaved={() => undefined} />, { schedules: [existing] }, (fake) => {
      fake.failNext('schedules.update', { code: 'invalid_input', params: { field: 'cron', reason: 'too_long', max: 200 } });
    });
    expect(screen.getByRole('heading').textContent).toBe('Edit schedule');
    expect((field('Every') as HTMLInputElement).value).toBe('2');
    expect((screen.getByLabelText('Unit') as HTMLSelectElement).value).toBe('days');
    expect((field('Keep the last') as HTMLInputElement).value).toBe('3');
    expect((field('Delete after (days)') as HTMLInputElement).value).toBe('14');
    expect((screen.getByLabelText('Name pattern') as HTMLInputElement).value).toBe('nightly-{date}');
    expect(screen.getByRole('checkbox', { name: 'Enabled' })).toHaveProperty('checked', false);
    save();
    expect((await screen.findByRole('alert')).textContent).toBe('Invalid input for cron expression: it is too long (at most 200).');
    save();
    await waitFor(() => expect(api.calls.filter((c) => c.channel === 'schedules.update')).toHaveLength(2));
    expect(api.calls.filter((c) => c.channel === 'schedules.update')[1]?.request).toMatchObject({ id: 'sch1', intervalSeconds: 2 * 86400, keepLast: 3, enabled: false });
  });
});
