// The snapshot list as a keyboard widget (issue 13): Enter/Escape/Delete, tree keys, sort headers
// in the Tab order, and focus that never falls to <body> when the panel or a row goes away.
import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { SnapshotBrowser } from './SnapshotBrowser';
import { demoHost, HOST_ID, snapshot } from '../../test/fake-api';
import { useSnapshots } from '../../stores/snapshots';
import { useUi } from '../../stores/ui';
import { keepFocus } from '../../ui/focus';
import { renderWithApi } from '../../test/setup';

afterEach(cleanup);

const browser = <SnapshotBrowser host={demoHost()} title="Snapshots" emptyTitle="No snapshots yet" emptyText="Take one." actions={<button type="button">Take snapshot</button>} />;

// Newest first (the default sort): c, b, a.
function three() {
  return [snapshot({ name: 'a' }), snapshot({ name: 'b' }), snapshot({ name: 'c' })];
}

const grid = () => screen.getByRole(useUi.getState().treeView ? 'treegrid' : 'grid');
const key = (el: Element, k: string) => fireEvent.keyDown(el, { key: k });
const selectedNames = () => within(grid()).queryAllByRole('row', { selected: true }).map((r) => r.querySelector('.cell-text')?.textContent);
const panel = () => screen.queryByRole('complementary');

describe('the snapshot list from the keyboard', () => {
  it('Enter opens the detail and moves into it; Escape there closes it and focus is back on the row', async () => {
    await renderWithApi(browser, { snapshots: three() });
    grid().focus();
    key(grid(), 'ArrowDown');
    expect(selectedNames()).toEqual(['c']);
    await screen.findByRole('complementary', { name: 'Snapshot c' });

    key(grid(), 'Escape');
    await waitFor(() => expect(panel()).toBeNull());
    expect(selectedNames()).toEqual(['c']);
    expect(document.activeElement).toBe(grid());

    key(grid(), 'ArrowDown');
    expect(selectedNames()).toEqual(['b']);
    expect(panel()).toBeNull();

    key(grid(), 'Enter');
    const aside = await screen.findByRole('complementary', { name: 'Snapshot b' });
    await waitFor(() => expect(document.activeElement).toBe(aside));

    key(aside, 'Escape');
    await waitFor(() => expect(panel()).toBeNull());
    expect(document.activeElement).toBe(grid());
    expect(grid().getAttribute('aria-activedescendant')).toBe(within(grid()).getByRole('row', { selected: true }).id);
  });

  it('Escape in a note being typed leaves the panel open (the text would be lost)', async () => {
    await renderWithApi(browser, { snapshots: three() });
    fireEvent.click(screen.getByText('a'));
    const aside = await screen.findByRole('complementary', { name: 'Snapshot a' });
    fireEvent.click(within(aside).getByRole('tab', { name: 'Notes' }));
    const note = await within(aside).findByLabelText('Add a note');
    fireEvent.change(note, { target: { value: 'half a thought' } });
    key(note, 'Escape');
    expect(panel()).not.toBeNull();
  });

  it('closing the panel with × puts focus on the list, not on <body>', async () => {
    await renderWithApi(browser, { snapshots: three() });
    fireEvent.click(screen.getByText('b'));
    const aside = await screen.findByRole('complementary', { name: 'Snapshot b' });
    const close = within(aside).getByRole('button', { name: 'Close' });
    close.focus();
    fireEvent.click(close);
    await waitFor(() => expect(panel()).toBeNull());
    expect(document.activeElement).toBe(grid());
    expect(selectedNames()).toEqual(['b']);
  });

  it('Delete asks to delete the selected snapshot, and leaves one being deleted alone', async () => {
    await renderWithApi(browser, { snapshots: [snapshot({ name: 'keep' }), snapshot({ name: 'going', state: 'deleting' })] });
    grid().focus();
    key(grid(), 'Home');
    expect(selectedNames()).toEqual(['going']);
    key(grid(), 'Delete');
    expect(useUi.getState().dialog).toBeNull();
    key(grid(), 'ArrowDown');
    key(grid(), 'Delete');
    expect(useUi.getState().dialog).toMatchObject({ type: 'delete', snapshot: { name: 'keep' } });
  });

  it('in tree view the list is a treegrid: levels, expanded state, ArrowRight/ArrowLeft', async () => {
    const root = snapshot({ name: 'root' });
    const kid = snapshot({ name: 'kid', parentId: root.id });
    await renderWithApi(browser, { snapshots: [root, kid] });
    fireEvent.click(screen.getByLabelText('Tree view'));
    const rootRow = () => within(grid()).getByText('root').closest('[role="row"]')!;
    expect(rootRow().getAttribute('aria-level')).toBe('2');
    expect(within(grid()).getByText('kid').closest('[role="row"]')!.getAttribute('aria-level')).toBe('3');
    expect(rootRow().getAttribute('aria-expanded')).toBe('true');
    grid().focus();
    key(grid(), 'Home');
    expect(selectedNames()).toEqual(['root']);
    key(grid(), 'ArrowLeft');
    expect(rootRow().getAttribute('aria-expanded')).toBe('false');
    expect(within(grid()).queryByText('kid')).toBeNull();
    key(grid(), 'ArrowRight');
    expect(rootRow().getAttribute('aria-expanded')).toBe('true');
    key(grid(), 'ArrowRight');
    expect(selectedNames()).toEqual(['kid']);
    key(grid(), 'ArrowLeft');
    expect(selectedNames()).toEqual(['root']);
  });

  it('the sort headers are in the Tab order and sort when activated', async () => {
    await renderWithApi(browser, { snapshots: three() });
    const headers = within(grid()).getAllByRole('columnheader').map((h) => h.querySelector('button')).filter((b) => b !== null);
    expect(headers.length).toBeGreaterThan(5);
    for (const b of headers) expect(b.tabIndex).toBe(0);
    const name = within(grid()).getByRole('columnheader', { name: 'Name' });
    expect(name.getAttribute('aria-sort')).toBe('none');
    fireEvent.click(within(name).getByRole('button'));
    expect(name.getAttribute('aria-sort')).toBe('ascending');
  });

  it('when the selected snapshot is deleted, the row that took its place is selected and focus stays on the list', async () => {
    const rows = three();
    const stop = keepFocus();
    try {
      await renderWithApi(browser, { snapshots: rows });
      fireEvent.click(screen.getByText('b'));
      await screen.findByRole('complementary', { name: 'Snapshot b' });
      act(() => useUi.getState().closeDetail());
      grid().focus();
      act(() => useSnapshots.setState((s) => ({ byHost: { ...s.byHost, [HOST_ID]: rows.filter((r) => r.name !== 'b') } })));
      await waitFor(() => expect(selectedNames()).toEqual(['a']));
      expect(document.activeElement).toBe(grid());
      act(() => useSnapshots.setState((s) => ({ byHost: { ...s.byHost, [HOST_ID]: rows.filter((r) => r.name === 'c') } })));
      await waitFor(() => expect(selectedNames()).toEqual(['c']));
    } finally {
      stop();
    }
  });
});
