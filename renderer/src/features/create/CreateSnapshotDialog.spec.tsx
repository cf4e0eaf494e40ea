import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { CreateSnapshotDialog } from './CreateSnapshotDialog';
import { demoHost, RUNNING_UUID, SHUTOFF_UUID, snapshot, vm } from '../../test/fake-api';
import { renderWithApi } from '../../test/setup';

afterEach(cleanup);

const kindRadio = (label: RegExp) => screen.getByRole('radio', { name: label });

describe('CreateSnapshotDialog', () => {
  it('for a running VM offers hot and memory, explains why cold is not possible, and prefills the default name', async () => {
    await renderWithApi(<CreateSnapshotDialog host={demoHost()} initialVmUuid={RUNNING_UUID} />);
    expect(kindRadio(/^Cold/)).toHaveProperty('disabled', true);
    expect(screen.getByTestId('kind-reason-cold').textContent).toMatch(/Shut test down first/);
    expect(kindRadio(/^Hot/)).toHaveProperty('checked', true);
    expect(kindRadio(/^Memory/)).toHaveProperty('disabled', false);
    await waitFor(() => expect(screen.getByLabelText('Name')).toHaveProperty('value', 'test-snap-1'));
  });

  it('when the host\'s storage pool cannot be used, no kind is offered and the dialog says why', async () => {
    const base = demoHost();
    const host = { ...base, capabilities: { ...base.capabilities!, storage: 'unavailable' as const, storageError: { code: 'storage_unavailable' as const, params: { pool: 'snapvisor-x', detail: 'Permission denied' } } } };
    await renderWithApi(<CreateSnapshotDialog host={host} initialVmUuid={RUNNING_UUID} />);
    for (const k of [/^Hot/, /^Memory/]) expect(kindRadio(k)).toHaveProperty('disabled', true);
    expect(screen.getByTestId('kind-reason-hot').textContent).toMatch(/storage pool/);
    expect(screen.getByRole('alert').textContent).toMatch(/snapvisor-x.*Permission denied/);
  });

  it('without a guest agent: quiesce is not offered and the running VM gets the consistency warning', async () => {
    await renderWithApi(<CreateSnapshotDialog host={demoHost()} initialVmUuid={RUNNING_UUID} />);
    expect(screen.getByText(/may not be application-consistent/)).toBeTruthy();
    expect(screen.getByLabelText(/Quiesce file systems/)).toHaveProperty('disabled', true);
    expect(screen.getByText(/No guest agent answers in test/)).toBeTruthy();
    fireEvent.click(kindRadio(/^Memory/));
    expect(screen.queryByLabelText(/Quiesce file systems/)).toBeNull();
  });

  it('with a guest agent: quiesce is on by default, and unticking it brings the warning', async () => {
    await renderWithApi(<CreateSnapshotDialog host={demoHost()} initialVmUuid={RUNNING_UUID} />, {
      vms: [vm('test', RUNNING_UUID, 'running', 0, true)],
    });
    const box = screen.getByLabelText(/Quiesce file systems/);
    expect(box).toHaveProperty('disabled', false);
    expect(box).toHaveProperty('checked', true);
    expect(screen.queryByText(/may not be application-consistent/)).toBeNull();
    fireEvent.click(box);
    expect(screen.getByText(/may not be application-consistent/)).toBeTruthy();
  });

  it('for a shut-off VM offers only cold', async () => {
    await renderWithApi(<CreateSnapshotDialog host={demoHost()} initialVmUuid={SHUTOFF_UUID} />);
    expect(kindRadio(/^Cold/)).toHaveProperty('checked', true);
    expect(kindRadio(/^Hot/)).toHaveProperty('disabled', true);
    expect(kindRadio(/^Memory/)).toHaveProperty('disabled', true);
    expect(screen.getByTestId('kind-reason-memory').textContent).toMatch(/Start db first/);
  });

  it('offers only the kinds the host supports', async () => {
    await renderWithApi(<CreateSnapshotDialog host={demoHost(['cold', 'hot'])} initialVmUuid={RUNNING_UUID} />);
    expect(kindRadio(/^Memory/)).toHaveProperty('disabled', true);
    expect(screen.getByTestId('kind-reason-memory').textContent).toMatch(/cannot take this kind/);
  });

  it('switching the VM re-applies the rules', async () => {
    await renderWithApi(<CreateSnapshotDialog host={demoHost()} initialVmUuid={RUNNING_UUID} />);
    fireEvent.change(screen.getByLabelText('VM'), { target: { value: SHUTOFF_UUID } });
    expect(kindRadio(/^Cold/)).toHaveProperty('checked', true);
    await waitFor(() => expect(screen.getByLabelText('Name')).toHaveProperty('value', 'db-snap-1'));
  });

  it('needs a name and at least one disk; CD-ROMs are not offered', async () => {
    await renderWithApi(<CreateSnapshotDialog host={demoHost()} initialVmUuid={RUNNING_UUID} />);
    const submit = screen.getByRole('button', { name: 'Take snapshot' });
    await waitFor(() => expect(screen.getByLabelText('Name')).toHaveProperty('value', 'test-snap-1'));
    fireEvent.change(screen.getByLabelText('Name'), { target: { value: '   ' } });
    expect(screen.getByText('Enter a name.')).toBeTruthy();
    expect(submit).toHaveProperty('disabled', true);
    fireEvent.change(screen.getByLabelText('Name'), { target: { value: 'ok' } });
    const disks = within(screen.getByRole('group', { name: 'Disks to include' }));
    expect(disks.queryByText('sda')).toBeNull();
    fireEvent.click(disks.getByLabelText(/vda/));
    fireEvent.click(disks.getByLabelText(/vdb/));
    expect(screen.getByText('Choose at least one disk.')).toBeTruthy();
    expect(submit).toHaveProperty('disabled', true);
  });

  it('sends the request and shows a refusal in the dialog', async () => {
    const { api } = await renderWithApi(<CreateSnapshotDialog host={demoHost()} initialVmUuid={RUNNING_UUID} />, {
      snapshots: [snapshot({ name: 'taken' })],
    });
    fireEvent.change(screen.getByLabelText('Name'), { target: { value: 'taken' } });
    fireEvent.click(screen.getByRole('button', { name: 'Take snapshot' }));
    await waitFor(() => expect(api.calls.map((c) => c.channel)).toContain('snapshots.create'));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toMatch(/“taken”/));
    const req = api.calls.find((c) => c.channel === 'snapshots.create')?.request;
    expect(req).toMatchObject({ hostId: 'demo', vmUuid: RUNNING_UUID, kind: 'hot', name: 'taken', quiesce: false, protect: false });

    fireEvent.change(screen.getByLabelText('Name'), { target: { value: 'fresh' } });
    fireEvent.click(screen.getByLabelText(/Protect from deletion/));
    fireEvent.click(screen.getByRole('button', { name: 'Take snapshot' }));
    await waitFor(() => expect(api.state.snapshots.map((s) => s.name)).toContain('fresh'));
    expect(api.state.snapshots.find((s) => s.name === 'fresh')?.protected).toBe(true);
  });

  it('a kind this VM cannot take (it has internal snapshots made elsewhere) offers the nearest one in one click', async () => {
    const { api } = await renderWithApi(<CreateSnapshotDialog host={demoHost()} initialVmUuid={RUNNING_UUID} />);
    await waitFor(() => expect(screen.getByLabelText('Name')).toHaveProperty('value', 'test-snap-1'));
    api.failNext('snapshots.create', { code: 'mixed_chain', params: { kind: 'hot', vm: 'test', existing: 'internal', needs: 'external', nearest: 'memory' } });
    fireEvent.click(screen.getByRole('button', { name: 'Take snapshot' }));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toMatch(/A hot snapshot cannot be taken of the VM “test”.*A memory snapshot can be taken instead/));
    const nearest = screen.getByRole('button', { name: 'Take a Memory snapshot instead' });
    fireEvent.click(nearest);
    await waitFor(() => expect(api.calls.filter((c) => c.channel === 'snapshots.create')).toHaveLength(2));
    expect(api.calls.filter((c) => c.channel === 'snapshots.create').map((c) => c.request)).toMatchObject([
      { kind: 'hot', name: 'test-snap-1' }, { kind: 'hot', name: 'test-snap-1', orNearest: true },
    ]);
    await waitFor(() => expect(api.state.snapshots.map((s) => s.name)).toContain('test-snap-1'));
  });

  it('offers no other kind for other refusals', async () => {
    const { api } = await renderWithApi(<CreateSnapshotDialog host={demoHost()} initialVmUuid={RUNNING_UUID} />);
    await waitFor(() => expect(screen.getByLabelText('Name')).toHaveProperty('value', 'test-snap-1'));
    api.failNext('snapshots.create', { code: 'quiesce_unavailable', params: { vm: 'test' } });
    fireEvent.click(screen.getByRole('button', { name: 'Take snapshot' }));
    await waitFor(() => expect(screen.getByRole('alert')).toBeTruthy());
    expect(screen.queryByTestId('take-nearest')).toBeNull();
  });
});
