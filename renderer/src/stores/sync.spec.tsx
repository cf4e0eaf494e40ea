import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, screen, waitFor } from '@testing-library/react';
import { SnapshotBrowser } from '../features/snapshots/SnapshotBrowser';
import { Sidebar } from '../features/sidebar/Sidebar';
import { demoHost, HOST_ID, RUNNING_UUID, snapshot } from '../test/fake-api';
import { renderWithApi } from '../test/setup';
import { useSnapshots } from './snapshots';
import { startSync } from './sync';

afterEach(cleanup);

const view = (
  <>
    <Sidebar />
    <SnapshotBrowser host={demoHost()} title="Snapshots" emptyTitle="No snapshots yet" emptyText="Take one." actions={null} />
  </>
);

describe('the stores in step with change events', () => {
  it('patch the list and the sidebar counts from events, and reload only after a reconcile', async () => {
    const one = snapshot({ name: 'one' });
    const two = snapshot({ name: 'two' });
    const { api } = await renderWithApi(view, { snapshots: [one, two] });
    const stop = startSync();
    try {
      const loads = () => api.calls.filter((c) => c.channel === 'snapshots.list' || c.channel === 'vms.list').length;
      const loaded = loads();
      const count = () => document.querySelector('[data-vm-name="test"] .count')?.textContent;
      expect(count()).toBe('2');
      const change = (snapshots: typeof one[], removedIds: string[] = []) => act(() => {
        api.emit('snapshot.changed', { hostId: HOST_ID, vmUuid: RUNNING_UUID, snapshotIds: snapshots.map((s) => s.id), snapshots, removedIds });
      });

      const three = snapshot({ name: 'three' });
      change([three]);
      expect(screen.getByText('three')).toBeTruthy();
      expect(screen.getByTestId('row-count').textContent).toBe('3 of 3');
      expect(count()).toBe('3');
      change([{ ...two, name: 'two renamed' }], [one.id]);
      expect(screen.queryByText('one')).toBeNull();
      expect(screen.getByText('two renamed')).toBeTruthy();
      expect(screen.getByTestId('row-count').textContent).toBe('2 of 2');
      expect(count()).toBe('2');
      expect(loads()).toBe(loaded);

      act(() => api.emit('snapshots.reconciled', { hostId: HOST_ID, report: { adoptable: 0, missing: 0, resolved: 0, unchanged: 2 } }));
      await waitFor(() => expect(api.calls.filter((c) => c.channel === 'snapshots.list')).toHaveLength(2));
      // The fake's own rows were never changed: the reload shows them again.
      await waitFor(() => expect(screen.getByText('one')).toBeTruthy());
    } finally {
      stop();
    }
  });

  it('keep a change heard while the list was loading', async () => {
    const one = snapshot({ name: 'one' });
    await renderWithApi(view, { snapshots: [one] });
    const late = snapshot({ name: 'heard while loading' });
    const loading = useSnapshots.getState().fetch(HOST_ID);
    useSnapshots.getState().apply(HOST_ID, [late], [one.id]);
    await act(() => loading);
    expect(useSnapshots.getState().byHost[HOST_ID]!.map((s) => s.name)).toEqual(['heard while loading']);
  });
});
