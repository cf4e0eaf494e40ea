import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { DeleteSnapshotDialog } from './DeleteSnapshotDialog';
import { snapshot } from '../../test/fake-api';
import { renderWithApi } from '../../test/setup';

afterEach(cleanup);

function family() {
  const root = snapshot({ name: 'base' });
  const target = snapshot({ name: 'before-upgrade', parentId: root.id, protected: true });
  const child = snapshot({ name: 'after-upgrade', parentId: target.id });
  const dependent = snapshot({ name: 'snapshot for before-upgrade', kind: 'volume', dependentOf: target.id });
  return { root, target, child, dependent, all: [root, target, child, dependent] };
}

const deleteButton = () => screen.getByRole('button', { name: 'Delete' });

describe('DeleteSnapshotDialog', () => {
  it('lists what goes with it and where children move', async () => {
    const f = family();
    await renderWithApi(<DeleteSnapshotDialog snapshot={f.target} />, { snapshots: f.all });
    await waitFor(() => expect(screen.getByTestId('plan-dependents').textContent).toContain('snapshot for before-upgrade'));
    expect(screen.getByTestId('plan-children').textContent).toContain('after-upgrade → now under base');
  });

  it('a protected snapshot needs consent and its exact name typed', async () => {
    const f = family();
    const { api } = await renderWithApi(<DeleteSnapshotDialog snapshot={f.target} />, { snapshots: f.all });
    await screen.findByLabelText('Type “before-upgrade” to confirm');
    expect(deleteButton()).toHaveProperty('disabled', true);
    fireEvent.click(screen.getByLabelText(/these 2 snapshots will be deleted/));
    expect(deleteButton()).toHaveProperty('disabled', true);
    fireEvent.change(screen.getByLabelText('Type “before-upgrade” to confirm'), { target: { value: 'before-upgrad' } });
    expect(screen.getByText('The name does not match.')).toBeTruthy();
    expect(deleteButton()).toHaveProperty('disabled', true);
    fireEvent.change(screen.getByLabelText('Type “before-upgrade” to confirm'), { target: { value: 'before-upgrade' } });
    expect(deleteButton()).toHaveProperty('disabled', false);
    fireEvent.click(deleteButton());
    await waitFor(() => expect(api.state.snapshots.map((s) => s.name)).toEqual(['base', 'after-upgrade']));
    expect(api.calls.find((c) => c.channel === 'snapshots.delete')?.request).toEqual({ id: f.target.id, confirmName: 'before-upgrade' });
  });

  it('an unprotected snapshot needs only consent, and sends no name', async () => {
    const f = family();
    const { api } = await renderWithApi(<DeleteSnapshotDialog snapshot={f.child} />, { snapshots: f.all });
    await screen.findByLabelText(/this snapshot will be deleted/);
    expect(screen.queryByLabelText(/to confirm/)).toBeNull();
    fireEvent.click(screen.getByLabelText(/this snapshot will be deleted/));
    fireEvent.click(deleteButton());
    await waitFor(() => expect(api.calls.find((c) => c.channel === 'snapshots.delete')?.request).toEqual({ id: f.child.id }));
  });

  it('explains a refusal (a dependent volume snapshot) and offers no delete button', async () => {
    const f = family();
    await renderWithApi(<DeleteSnapshotDialog snapshot={f.dependent} />, { snapshots: f.all });
    await screen.findByText('This snapshot cannot be deleted');
    expect(screen.getByRole('alert').textContent).toMatch(/before-upgrade/);
    expect(screen.queryByRole('button', { name: 'Delete' })).toBeNull();
  });

  it('shows an error from main in the dialog, keeping it open', async () => {
    const f = family();
    const { api } = await renderWithApi(<DeleteSnapshotDialog snapshot={f.child} />, { snapshots: f.all });
    api.failNext('snapshots.delete', { code: 'snapshot_in_use', params: { snapshot: 'after-upgrade', holder: 'VM clone-1' } });
    fireEvent.click(await screen.findByLabelText(/this snapshot will be deleted/));
    fireEvent.click(deleteButton());
    await waitFor(() => expect(screen.getByRole('alert').textContent).toMatch(/clone-1/));
  });

  it('focus waits on the dialog while the plan loads, then goes to the type-the-name field', async () => {
    const f = family();
    await renderWithApi(<DeleteSnapshotDialog snapshot={f.target} />, { snapshots: f.all });
    const field = await screen.findByLabelText('Type “before-upgrade” to confirm');
    await waitFor(() => expect(document.activeElement).toBe(field));
  });
});
