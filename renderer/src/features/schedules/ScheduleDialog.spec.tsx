import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { ScheduleDialog } from './ScheduleDialog';
import { demoHost, RUNNING_UUID, SHUTOFF_UUID } from '../../test/fake-api';
import { renderWithApi } from '../../test/setup';
import type { Schedule } from '../../api/contract';

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

  it('edits an existing schedule with its values filled in, and shows a refusal from main', async () => {
    const existing: Schedule = {
      id: 'sch1', hostId: 'demo', vmUuid: RUNNING_UUID, vmName: 'test', kind: 'memory', intervalSeconds: 2 * 86400, cron: null,
      namePattern: 'nightly-{date}', keepLast: 3, maxAgeSeconds: 14 * 86400, enabled: false, lastRunAt: null, nextRunAt: null, lastError: null, lastFailure: null,
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
