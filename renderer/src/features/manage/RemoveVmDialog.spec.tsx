import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { RemoveVmDialog } from './RemoveVmDialog';
import { Sidebar } from '../sidebar/Sidebar';
import { snapshot, vm } from '../../test/fake-api';
import { renderWithApi } from '../../test/setup';
import { useUi } from '../../stores/ui';

afterEach(cleanup);

const CLONE = '0c1a9e3e-5d1f-4c8e-9a41-3f0c2e6d7b10';
const clone = { ...vm('web-clone', CLONE, 'shutoff'), snapvisorMade: true, protected: true };
const source = vm('web', '7b3f0c2e-6d7b-4c55-9d3c-6c7a1e0b2f01', 'shutoff');

describe('RemoveVmDialog', () => {
  it('lists every file and snapshot that goes, and removes a protected VM only with its name typed and consent', async () => {
    const snap = { ...snapshot({ name: 'clone-snap' }), vm: { name: 'web-clone', uuid: CLONE } };
    const { api } = await renderWithApi(<RemoveVmDialog vm={clone} />, { vms: [clone, source], snapshots: [snap] });
    await waitFor(() => expect(screen.getByTestId('removal-files').textContent).toContain(`${CLONE}.new-vda.qcow2`));
    expect(screen.getByTestId('removal-snapshots').textContent).toContain('clone-snap');
    const remove = screen.getByRole('button', { name: 'Remove VM' });
    fireEvent.click(screen.getByLabelText(/will be removed for good/));
    expect(remove).toHaveProperty('disabled', true);
    fireEvent.change(screen.getByLabelText('Type “web-clone” to confirm'), { target: { value: 'web-clon' } });
    expect(screen.getByText('The name does not match.')).toBeTruthy();
    expect(remove).toHaveProperty('disabled', true);
    fireEvent.change(screen.getByLabelText('Type “web-clone” to confirm'), { target: { value: 'web-clone' } });
    fireEvent.click(remove);
    await waitFor(() => expect(api.state.vms.map((v) => v.name)).toEqual(['web']));
    expect(api.calls.find((c) => c.channel === 'vms.remove')?.request).toEqual({ hostId: clone.hostId, vmUuid: CLONE, confirmName: 'web-clone' });
  });

  it('says why a VM Snapvisor did not make is not removed, and offers no button', async () => {
    await renderWithApi(<RemoveVmDialog vm={source} />, { vms: [clone, source] });
    await screen.findByText('This VM cannot be removed');
    expect(screen.getByText(/Snapvisor did not make the VM “web”/)).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Remove VM' })).toBeNull();
  });

  it('the sidebar offers “Remove…” only for VMs Snapvisor made, and marks the protected ones', async () => {
    await renderWithApi(<Sidebar />, { vms: [clone, source] });
    expect(screen.queryByRole('button', { name: 'Remove VM web…' })).toBeNull();
    fireEvent.click(await screen.findByRole('button', { name: 'Remove VM web-clone…' }));
    expect(useUi.getState().dialog).toEqual({ type: 'removeVm', vm: expect.objectContaining({ uuid: CLONE }) });
    expect(screen.getByText('protected')).toBeTruthy();
  });
});
