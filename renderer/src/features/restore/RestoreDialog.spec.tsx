import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { RestoreDialog } from './RestoreDialog';
import { snapshot } from '../../test/fake-api';
import { renderWithApi } from '../../test/setup';

afterEach(cleanup);

describe('RestoreDialog', () => {
  it('a memory snapshot resumes running by default; a safety snapshot is on by default', async () => {
    const { api } = await renderWithApi(<RestoreDialog snapshot={snapshot({ name: 'mem', kind: 'memory' })} />);
    expect(screen.getByRole('radio', { name: /^Running/ })).toHaveProperty('checked', true);
    expect(screen.getByRole('radio', { name: /^Paused/ })).toBeTruthy();
    expect(screen.getByRole('radio', { name: /^Shut off/ })).toHaveProperty('checked', false);
    fireEvent.click(screen.getByRole('button', { name: 'Restore' }));
    await waitFor(() => expect(api.calls.find((c) => c.channel === 'snapshots.revert')?.request).toMatchObject({ safetySnapshot: true, afterState: 'running' }));
  });

  it('a disk-only snapshot of a running VM says the VM is stopped first, and stays off unless asked', async () => {
    const { api } = await renderWithApi(<RestoreDialog snapshot={snapshot({ name: 'disks', kind: 'hot' })} />);
    expect(screen.getByText(/is stopped first/)).toBeTruthy();
    expect(screen.getByRole('radio', { name: /^Shut off/ })).toHaveProperty('checked', true);
    fireEvent.click(screen.getByLabelText(/safety snapshot first/));
    fireEvent.click(screen.getByRole('radio', { name: /^Running/ }));
    fireEvent.click(screen.getByRole('button', { name: 'Restore' }));
    await waitFor(() => expect(api.calls.find((c) => c.channel === 'snapshots.revert')?.request).toMatchObject({ safetySnapshot: false, afterState: 'running' }));
  });

  it('Escape closes the dialog and focus starts inside it', async () => {
    const { useUi } = await import('../../stores/ui');
    await renderWithApi(<RestoreDialog snapshot={snapshot({ name: 'x', kind: 'hot' })} />);
    useUi.setState({ dialog: { type: 'restore', snapshot: snapshot({ name: 'x' }) } });
    expect(screen.getByRole('dialog').contains(document.activeElement)).toBe(true);
    fireEvent.keyDown(screen.getByRole('dialog'), { key: 'Escape' });
    expect(useUi.getState().dialog).toBeNull();
  });
});
