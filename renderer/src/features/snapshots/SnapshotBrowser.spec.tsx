import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { SnapshotBrowser } from './SnapshotBrowser';
import { demoHost, manySnapshots, RUNNING_UUID, SHUTOFF_UUID, snapshot } from '../../test/fake-api';
import { useUi } from '../../stores/ui';
import { renderWithApi } from '../../test/setup';

afterEach(cleanup);

const browser = <SnapshotBrowser host={demoHost()} title="Snapshots" emptyTitle="No snapshots yet" emptyText="Take one." actions={<button type="button">Take snapshot</button>} />;

describe('SnapshotBrowser', () => {
  it('renders only a window of 10,000 rows and filters them as the user types', async () => {
    await renderWithApi(browser, { snapshots: manySnapshots(10_000) });
    const grid = screen.getByRole('grid');
    const rendered = within(grid).getAllByRole('row').length;
    expect(rendered).toBeGreaterThan(5);
    expect(rendered).toBeLessThan(100);
    expect(screen.getByTestId('row-count').textContent).toBe('10,000 of 10,000');
    fireEvent.change(screen.getByLabelText('Search'), { target: { value: 'snap-0001' } });
    expect(screen.getByTestId('row-count').textContent).toBe('10 of 10,000');
  });

  it('says what to do when there are no snapshots, or when filters hide them all', async () => {
    await renderWithApi(browser);
    expect(screen.getByText('No snapshots yet')).toBeTruthy();
    cleanup();
    await renderWithApi(browser, { snapshots: [snapshot({ name: 'one' })] });
    fireEvent.change(screen.getByLabelText('Search'), { target: { value: 'zzz' } });
    expect(screen.getByText('Nothing matches these filters')).toBeTruthy();
    fireEvent.click(screen.getAllByRole('button', { name: 'Clear filters' })[0]!);
    expect(screen.getByRole('grid')).toBeTruthy();
  });

  it('shows a load error in the user’s language with a retry', async () => {
    const { api } = await renderWithApi(browser, {}, (fake) => {
      // A first load asks twice: the newest rows, and all of them.
      fake.failNext('snapshots.list', { code: 'host_unreachable', params: { uri: 'test:///default', detail: 'daemon gone' } }, 2);
    });
    expect(screen.getByText('The snapshots could not be loaded')).toBeTruthy();
    expect(screen.getByRole('alert').textContent).toMatch(/daemon gone/);
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    await waitFor(() => expect(api.calls.filter((c) => c.channel === 'snapshots.list')).toHaveLength(4));
    await waitFor(() => expect(screen.getByText('No snapshots yet')).toBeTruthy());
  });

  it('opens the detail panel on selection, and offers Adopt for unmanaged and Forget for missing rows', async () => {
    const { api } = await renderWithApi(browser, {
      snapshots: [snapshot({ name: 'made-by-virsh', state: 'unmanaged' }), snapshot({ name: 'vanished', state: 'missing' })],
    });
    fireEvent.click(screen.getByRole('button', { name: 'Adopt' }));
    await waitFor(() => expect(api.calls.some((c) => c.channel === 'snapshots.adopt')).toBe(true));
    fireEvent.click(screen.getByRole('button', { name: 'Forget' }));
    await waitFor(() => expect(api.calls.some((c) => c.channel === 'snapshots.forget')).toBe(true));
    fireEvent.click(screen.getByText('made-by-virsh'));
    expect(await screen.findByRole('complementary', { name: 'Snapshot made-by-virsh' })).toBeTruthy();
    expect(screen.getByRole('tab', { name: 'Overview', selected: true })).toBeTruthy();
  });

  it('adopts every unmanaged snapshot the filters show at once, and says how many', async () => {
    const older = snapshot({ name: 'copy-1', state: 'unmanaged', createdAt: '2026-01-01T00:00:00Z' });
    const newer = snapshot({ name: 'copy-2', state: 'unmanaged', createdAt: '2026-02-01T00:00:00Z' });
    const { api } = await renderWithApi(browser, { snapshots: [newer, snapshot({ name: 'mine' }), older] });
    fireEvent.click(screen.getByRole('button', { name: 'Adopt all (2)' }));
    await waitFor(() => expect(useUi.getState().toasts.map((x) => x.text)).toContain('2 snapshot(s) are now managed by Snapvisor.'));
    expect(api.calls.filter((c) => c.channel === 'snapshots.adopt').map((c) => (c.request as { id: string }).id).sort()).toEqual([older.id, newer.id].sort());
  });

  it('shows the tree view with children under their parent', async () => {
    const root = snapshot({ name: 'root' });
    await renderWithApi(browser, { snapshots: [root, snapshot({ name: 'kid', parentId: root.id })] });
    fireEvent.click(screen.getByLabelText('Tree view'));
    expect(screen.getByRole('button', { name: 'Hide the children of root' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Hide the children of root' }));
    expect(screen.queryByText('kid')).toBeNull();
  });

  it('shows short kinds with the explanation as a title, an icon-only Protected column, and drops low-priority columns beside the detail', async () => {
    await renderWithApi(browser, {
      snapshots: [snapshot({ name: 'mem', kind: 'memory', current: true, protected: true }), snapshot({ name: 'other', vm: { name: 'db', uuid: SHUTOFF_UUID } })],
    });
    const headers = () => screen.getAllByRole('columnheader').map((h) => h.textContent || h.querySelector('button')?.getAttribute('aria-label'));
    expect(headers()).toEqual(['Name', 'State', 'Kind', 'VM', 'Current', 'Created▼', 'Size', 'Protected']);
    const memRow = screen.getByText('mem').closest('[role="row"]') as HTMLElement;
    const kindCell = within(memRow).getByText('Memory');
    expect(kindCell.getAttribute('title')).toMatch(/^Memory \(disks \+ RAM\): Disks, RAM and device state/);
    expect(within(memRow).getByRole('img', { name: 'Protected' })).toBeTruthy();

    fireEvent.click(screen.getByText('mem'));
    await screen.findByRole('complementary', { name: 'Snapshot mem' });
    expect(headers()).toEqual(['Name', 'State', 'Kind', 'VM', 'Created▼', 'Protected']);
    expect(within(memRow).getByText('current')).toBeTruthy();

    act(() => useUi.getState().setFilters({ vmUuid: RUNNING_UUID }));
    expect(headers()).toEqual(['Name', 'State', 'Kind', 'Created▼', 'Protected']);
  });
});
