import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { HostManagerDialog } from './HostManagerDialog';
import { renderWithApi } from '../../test/setup';
import { useHosts } from '../../stores/hosts';
import { useUi } from '../../stores/ui';

afterEach(cleanup);

const uriField = () => screen.getByLabelText('Connection URI');

describe('HostManagerDialog', () => {
  it('tests a URI and shows the outcome, success or the reason it failed', async () => {
    const { api } = await renderWithApi(<HostManagerDialog />);
    fireEvent.change(uriField(), { target: { value: 'qemu+ssh://admin@lab/system' } });
    fireEvent.click(screen.getByRole('button', { name: 'Test connection' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Cannot connect to the libvirt host qemu+ssh://admin@lab/system: no daemon.');
    expect(api.calls.filter((c) => c.channel === 'hosts.add')).toHaveLength(0);

    fireEvent.click(screen.getByRole('button', { name: 'test:///default' }));
    expect(screen.queryByRole('alert')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Test connection' }));
    expect((await screen.findByRole('note')).textContent).toBe('Connected: libvirt 9.0.0.');
  });

  it('refuses what is not a URI before asking main', async () => {
    const { api } = await renderWithApi(<HostManagerDialog />);
    fireEvent.change(uriField(), { target: { value: 'lab-server' } });
    expect(screen.getByText('Enter a URI such as qemu:///system.')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Add host' })).toHaveProperty('disabled', true);
    expect(screen.getByRole('button', { name: 'Test connection' })).toHaveProperty('disabled', true);
    expect(api.calls.some((c) => c.channel === 'hosts.test' || c.channel === 'hosts.add')).toBe(false);
  });

  it('adds a host by URI with a display name; it appears in the table, selected, and the form empties', async () => {
    const { api } = await renderWithApi(<HostManagerDialog />);
    fireEvent.change(uriField(), { target: { value: ' qemu+ssh://admin@lab/system ' } });
    fireEvent.change(screen.getByLabelText('Display name (optional)'), { target: { value: 'Lab' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add host' }));
    const table = screen.getByRole('table', { name: 'Hosts' });
    await within(table).findByText('qemu+ssh://admin@lab/system');
    expect(api.calls.find((c) => c.channel === 'hosts.add')?.request).toEqual({ uri: 'qemu+ssh://admin@lab/system', name: 'Lab' });
    expect(useHosts.getState().selectedHostId).toBe('h1');
    expect(useUi.getState().toasts.map((t) => t.text)).toContain('Host Lab added.');
    expect((uriField() as HTMLInputElement).value).toBe('');
  });

  it('removes a host only after a second, explicit click', async () => {
    const { api } = await renderWithApi(<HostManagerDialog />);
    const row = screen.getByRole('row', { name: /Demo host/ });
    fireEvent.click(within(row).getByRole('button', { name: 'Remove' }));
    expect(api.calls.some((c) => c.channel === 'hosts.remove')).toBe(false);
    fireEvent.click(within(row).getByRole('button', { name: 'Cancel' }));
    fireEvent.click(within(row).getByRole('button', { name: 'Remove' }));
    fireEvent.click(within(row).getByRole('button', { name: 'Remove it' }));
    await waitFor(() => expect(screen.queryByRole('row', { name: /Demo host/ })).toBeNull());
    expect(api.calls.find((c) => c.channel === 'hosts.remove')?.request).toEqual({ hostId: 'demo' });
    expect(useHosts.getState().hosts).toEqual([]);
  });
});
