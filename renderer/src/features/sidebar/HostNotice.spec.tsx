import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { HostNotice } from './HostNotice';
import { demoHost } from '../../test/fake-api';
import { renderWithApi } from '../../test/setup';
import type { HostStatus } from '../../api/contract';

afterEach(cleanup);

const systemHost = (patch: Partial<HostStatus>): HostStatus => ({
  ...demoHost(), id: 'qemu-system', uri: 'qemu:///system', name: 'This computer', demo: false, capabilities: null, ...patch,
});

describe('HostNotice', () => {
  it('without permission on qemu:///system, explains the libvirt group and polkit, and offers qemu:///session', async () => {
    const host = systemHost({
      state: 'error', error: 'authentication unavailable: no polkit agent available to authenticate action org.libvirt.unix.manage',
      failure: { code: 'host_permission_denied', params: { uri: 'qemu:///system' } },
    });
    const { api } = await renderWithApi(<HostNotice host={host} />, { hosts: [host] });
    expect(screen.getByRole('heading').textContent).toBe('No permission to use qemu:///system');
    expect(screen.getByText(/membership in the “libvirt” group/)).toBeTruthy();
    expect(screen.getByText(/sudo usermod -aG libvirt \$USER/)).toBeTruthy();
    expect(screen.getByText(/polkit rule for org\.libvirt\.unix\.manage/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Use qemu:///session' }));
    await waitFor(() => expect(api.calls.find((c) => c.channel === 'hosts.add')?.request).toEqual({ uri: 'qemu:///session' }));
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    await waitFor(() => expect(api.calls.filter((c) => c.channel === 'hosts.connect').map((c) => c.request)).toContainEqual({ hostId: 'qemu-system' }));
  });

  it('recognises the refusal by its error code too, after a connect attempt', async () => {
    const host = systemHost({ state: 'disconnected', error: null });
    await renderWithApi(<HostNotice host={host} />, { hosts: [host] }, (fake) => {
      fake.failNext('hosts.connect', { code: 'host_permission_denied', params: { uri: 'qemu:///system' } });
    });
    fireEvent.click(screen.getByRole('button', { name: 'Connect' }));
    expect(await screen.findByRole('heading', { name: 'No permission to use qemu:///system' })).toBeTruthy();
  });

  it('with no host at all, offers the demo host and says its VMs are simulated', async () => {
    const { api } = await renderWithApi(<HostNotice host={null} />, { hosts: [] });
    expect(screen.getByRole('heading').textContent).toBe('No host yet');
    expect(screen.getByText(/built-in demo host \(test:\/\/\/default\): its VMs are simulated/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Open the demo host' }));
    await waitFor(() => expect(api.calls.find((c) => c.channel === 'hosts.add')?.request).toEqual({ uri: 'test:///default' }));
  });

  it('when the daemon is unreachable, says how to start it and offers the demo host unless it is already there', async () => {
    const detail = 'Failed to connect socket to /run/libvirt/libvirt-sock: No such file or directory';
    const host = systemHost({ state: 'error', error: detail, failure: { code: 'host_unreachable', params: { uri: 'qemu:///system', detail } } });
    await renderWithApi(<HostNotice host={host} />, { hosts: [host] });
    expect(screen.getByRole('heading').textContent).toBe('Cannot reach This computer');
    expect(screen.getByText(`Cannot connect to the libvirt host qemu:///system: ${detail}.`)).toBeTruthy();
    expect(screen.getByText(/sudo systemctl start libvirtd/)).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Open the demo host' })).toBeTruthy();
    cleanup();
    await renderWithApi(<HostNotice host={host} />, { hosts: [host, demoHost()] });
    expect(screen.queryByRole('button', { name: 'Open the demo host' })).toBeNull();
  });

  it('an SSH host that refused the login says so, not the local libvirt-group page or the daemon hint', async () => {
    const uri = 'qemu+ssh://admin@lab:2200/system';
    const host = systemHost({
      id: 'lab', uri, name: 'Lab', state: 'error', error: 'Cannot recv data: admin@lab: Permission denied (publickey).: Connection reset by peer',
      failure: { code: 'ssh_auth_refused', params: { uri, user: 'admin', host: 'lab', port: 2200 } },
    });
    await renderWithApi(<HostNotice host={host} />, { hosts: [host] });
    expect(screen.getByRole('heading').textContent).toBe('Cannot reach Lab');
    expect(screen.getByText(/^lab refused the SSH login as “admin”: none of your keys was accepted/)).toBeTruthy();
    expect(screen.getByText(/ssh-copy-id -p 2200 admin@lab/)).toBeTruthy();
    expect(screen.queryByText(/usermod -aG libvirt \$USER/)).toBeNull();
    expect(screen.queryByText(/sudo systemctl start libvirtd/)).toBeNull();
  });
});
