import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { ExtractVolumeDialog, VolumeRestoreDialog } from './VolumeDialogs';
import { snapshot } from '../../test/fake-api';
import { renderWithApi } from '../../test/setup';
import { useUi } from '../../stores/ui';

afterEach(cleanup);

const volume = () => snapshot({ name: 'data-before', kind: 'volume' });
const restoreCalls = (api: { calls: { channel: string; request: unknown }[] }) => api.calls.filter((c) => c.channel === 'snapshots.restoreVolume');
const submit = () => fireEvent.click(screen.getByRole('button', { name: 'Restore volume' }));

describe('VolumeRestoreDialog', () => {
  it('restores into a new volume by default, with a name that must be given and safe as a file name', async () => {
    const s = volume();
    const { api } = await renderWithApi(<VolumeRestoreDialog snapshot={s} />, { snapshots: [s] });
    useUi.setState({ dialog: { type: 'volumeRestore', snapshot: s } });
    expect(screen.getByRole('radio', { name: /^Into a new volume/ })).toHaveProperty('checked', true);
    expect(screen.getByText('The restored volume has the same size and format as the original disk.')).toBeTruthy();
    const name = screen.getByLabelText('Name of the new volume');
    expect((name as HTMLInputElement).value).toBe('data-before-volume');
    fireEvent.change(name, { target: { value: '   ' } });
    expect(screen.getByText('Enter a name.')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Restore volume' })).toHaveProperty('disabled', true);
    fireEvent.change(name, { target: { value: 'data\trestored' } });
    expect(screen.getByText(/cannot contain control characters/)).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Restore volume' })).toHaveProperty('disabled', true);
    fireEvent.change(name, { target: { value: 'data restored' } });
    expect(screen.getByText(/Use only letters, digits/)).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Restore volume' })).toHaveProperty('disabled', true);
    fireEvent.change(name, { target: { value: ' data-restored ' } });
    submit();
    await waitFor(() => expect(useUi.getState().dialog).toBeNull());
    expect(restoreCalls(api).map((c) => c.request)).toEqual([{ id: s.id, asNewName: 'data-restored' }]);
    expect(useUi.getState().toasts.map((t) => t.text)).toContain('Volume restored: /var/lib/libvirt/images/data-restored.qcow2');
  });

  it('in place warns that later writes are lost, sends no name, and shows a refusal inside the dialog', async () => {
    const s = volume();
    const { api } = await renderWithApi(<VolumeRestoreDialog snapshot={s} />, { snapshots: [s] }, (fake) => {
      fake.failNext('snapshots.restoreVolume', { code: 'vm_wrong_state', params: { vm: 'test', state: 'running' } });
    });
    useUi.setState({ dialog: { type: 'volumeRestore', snapshot: s } });
    fireEvent.click(screen.getByRole('radio', { name: /^Into the original disk/ }));
    expect(screen.queryByLabelText('Name of the new volume')).toBeNull();
    expect(screen.getByText('Everything written to the disk since the snapshot is lost.')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Restore volume' }).className).toContain('btn-danger');
    submit();
    expect((await screen.findByRole('alert')).textContent).toBe('The VM “test” is not in the right state for this: it is running.');
    expect(useUi.getState().dialog).not.toBeNull();
    submit();
    await waitFor(() => expect(useUi.getState().dialog).toBeNull());
    expect(restoreCalls(api).map((c) => c.request)).toEqual([{ id: s.id }, { id: s.id }]);
  });
});

describe('ExtractVolumeDialog', () => {
  const vmSnapshot = () => snapshot({
    name: 'before-upgrade',
    kind: 'cold',
    disks: [
      { target: 'vda', location: 'internal', format: 'qcow2', file: '/img/test.qcow2', overlay: null, sizeBytes: 1 << 20 },
      { target: 'vdb', location: 'internal', format: 'qcow2', file: '/img/test-data.qcow2', overlay: null, sizeBytes: 1 << 20 },
    ],
  });

  it('keeps the chosen disk as a volume snapshot, with the default name when none is given', async () => {
    const s = vmSnapshot();
    const { api } = await renderWithApi(<ExtractVolumeDialog snapshot={s} />, { snapshots: [s] });
    useUi.setState({ dialog: { type: 'extractVolume', snapshot: s } });
    expect(screen.getByText('Pick one disk of “before-upgrade” to keep as a standalone volume snapshot.')).toBeTruthy();
    const disk = screen.getByLabelText('Disk') as HTMLSelectElement;
    expect([...disk.options].map((o) => o.value)).toEqual(['vda', 'vdb']);
    fireEvent.change(disk, { target: { value: 'vdb' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create volume snapshot' }));
    await waitFor(() => expect(useUi.getState().dialog).toBeNull());
    expect(api.calls.find((c) => c.channel === 'snapshots.extractVolume')?.request).toEqual({ id: s.id, disk: 'vdb' });
    expect(useUi.getState().toasts.map((t) => t.text)).toContain('Snapshot “before-upgrade-vdb” is ready.');
  });

  it('sends a given name trimmed', async () => {
    const s = vmSnapshot();
    const { api } = await renderWithApi(<ExtractVolumeDialog snapshot={s} />, { snapshots: [s] });
    fireEvent.change(screen.getByLabelText('Name'), { target: { value: '  data disk  ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create volume snapshot' }));
    await waitFor(() => expect(api.calls.find((c) => c.channel === 'snapshots.extractVolume')?.request).toEqual({ id: s.id, disk: 'vda', name: 'data disk' }));
  });

  it('cannot be submitted for a snapshot that holds no disk', async () => {
    const s = snapshot({ name: 'empty', kind: 'cold', disks: [] });
    await renderWithApi(<ExtractVolumeDialog snapshot={s} />, { snapshots: [s] });
    expect(screen.getByRole('button', { name: 'Create volume snapshot' })).toHaveProperty('disabled', true);
  });
});
