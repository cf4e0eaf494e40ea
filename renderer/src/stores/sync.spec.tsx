import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, screen, waitFor } from '@testing-library/react';
import { SnapshotBrowser } from '../features/snapshots/SnapshotBrowser';
import { Sidebar } from '../features/sidebar/Sidebar';
import { demoHost, HOST_ID, RUNNING_UUID, snapshot } from '../test/fake-api';
import { renderWithApi } from '../test/setup';
import { useHosts } from './hosts';
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

  it('list a connecting host from the store; its first connect reloads its VMs, not its list', async () => {
    const { api } = await renderWithApi(view, { hosts: [{ ...demoHost(), state: 'connecting', capabilities: null }], snapshots: [snapshot({ name: 'stored' })] });
    const stop = startSync();
    try {
      expect(screen.getByText('stored')).toBeTruthy();
      const count = (channel: string) => api.calls.filter((c) => c.channel === channel).length;
      const [lists, vms] = [count('snapshots.list'), count('vms.list')];
      act(() => api.emit('host.changed', demoHost()));
      await waitFor(() => expect(count('vms.list')).toBe(vms + 1));
      expect(count('snapshots.list')).toBe(lists);
      expect(useHosts.getState().hosts[0]!.state).toBe('connected');
    } finally {
      stop();
    }
  });

  it('move off a host that failed to connect at start to one that lists, unless the user picked it', async () => {
    const system = { ...demoHost(), id: 'system', uri: 'qemu:///system', name: 'system', demo: false, state: 'connecting' as const, capabilities: null };
    await renderWithApi(view, { hosts: [system] });
    const hosts = useHosts.getState();
    expect(hosts.selectedHostId).toBe('system');
    act(() => hosts.apply({ ...system, state: 'error' }));
    expect(useHosts.getState().selectedHostId).toBe('system');
    act(() => hosts.apply(demoHost()));
    expect(useHosts.getState().selectedHostId).toBe(HOST_ID);
    act(() => hosts.select('system'));
    act(() => hosts.apply({ ...demoHost(), name: 'renamed' }));
    expect(useHosts.getState().selectedHostId).toBe('system');
  });
});
