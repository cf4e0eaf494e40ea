import { describe, expect, it } from 'vitest';
import { LIST_KEYS, listCommand, rowThatTookPlace, type ListKeyContext } from './list-keys';
import { flatRows, treeRows } from './list-model';
import { NO_FILTERS } from '../../stores/ui';
import { snapshot, SHUTOFF_UUID } from '../../test/fake-api';

// vm "test": root → child → grandchild, and root2; vm "db": solo.
const root = snapshot({ name: 'root', createdAt: '2024-01-01T00:00:00Z' });
const child = snapshot({ name: 'child', parentId: root.id, createdAt: '2024-01-02T00:00:00Z' });
const grandchild = snapshot({ name: 'grandchild', parentId: child.id, createdAt: '2024-01-03T00:00:00Z' });
const root2 = snapshot({ name: 'root2', createdAt: '2024-01-04T00:00:00Z' });
const solo = snapshot({ name: 'solo', vm: { name: 'db', uuid: SHUTOFF_UUID }, createdAt: '2024-01-05T00:00:00Z' });
const all = [root, child, grandchild, root2, solo];

function tree(collapsed: ReadonlySet<string> = new Set()) {
  return treeRows(all, NO_FILTERS, collapsed);
}

const names = (ctx: ListKeyContext) => ctx.rows.map((r) => (r.type === 'snapshot' ? r.snapshot.name : `[${r.vmName}]`));

function ctx(rows: ListKeyContext['rows'], selected: string | null, more: Partial<ListKeyContext> = {}): ListKeyContext {
  const selectedIndex = rows.findIndex((r) => r.type === 'snapshot' && r.snapshot.name === selected);
  return { rows, selectedIndex, tree: true, collapsed: new Set(), detailOpen: true, ...more };
}

/** The name of the row a key selects, or the command's type. */
function after(key: string, c: ListKeyContext): string | null {
  const command = listCommand(key, c);
  if (!command) return null;
  if (command.type !== 'select') return command.type;
  const row = c.rows[command.index];
  return row?.type === 'snapshot' ? row.snapshot.name : `vm row ${command.index}`;
}

describe('the snapshot list’s keys', () => {
  it('arrows, pages, Home and End move between snapshot rows, never onto a VM group row', () => {
    const c = ctx(tree(), null);
    expect(names(c)).toEqual(['[db]', 'solo', '[test]', 'root', 'child', 'grandchild', 'root2']);
    expect(after('ArrowDown', c)).toBe('solo');
    expect(after('ArrowUp', c)).toBe('solo');
    expect(after('ArrowDown', ctx(c.rows, 'solo'))).toBe('root');
    expect(after('ArrowUp', ctx(c.rows, 'root'))).toBe('solo');
    expect(after('ArrowUp', ctx(c.rows, 'solo'))).toBe('solo');
    expect(after('ArrowDown', ctx(c.rows, 'root2'))).toBe('root2');
    expect(after('Home', ctx(c.rows, 'child'))).toBe('solo');
    expect(after('End', ctx(c.rows, 'child'))).toBe('root2');
    expect(after('PageDown', ctx(c.rows, 'solo'))).toBe('root2');
    expect(after('PageUp', ctx(c.rows, 'root2'))).toBe('solo');
  });

  it('in the tree, ArrowRight expands then enters; ArrowLeft collapses then climbs to the parent', () => {
    const open = ctx(tree(), 'child');
    expect(after('ArrowRight', open)).toBe('grandchild');
    expect(listCommand('ArrowLeft', open)).toEqual({ type: 'collapse', id: child.id });
    expect(after('ArrowLeft', ctx(open.rows, 'grandchild'))).toBe('child');
    expect(after('ArrowLeft', ctx(open.rows, 'root'))).toBe('collapse');
    expect(after('ArrowLeft', ctx(open.rows, 'root2'))).toBeNull();
    expect(after('ArrowRight', ctx(open.rows, 'root2'))).toBeNull();

    const closed = new Set([child.id]);
    const folded = ctx(tree(closed), 'child', { collapsed: closed });
    expect(names(folded)).not.toContain('grandchild');
    expect(listCommand('ArrowRight', folded)).toEqual({ type: 'expand', id: child.id });
    expect(after('ArrowLeft', folded)).toBe('root');
  });

  it('the flat list has no tree keys', () => {
    const flat = ctx(flatRows(all, NO_FILTERS), 'child', { tree: false });
    expect(listCommand('ArrowRight', flat)).toBeNull();
    expect(listCommand('ArrowLeft', flat)).toBeNull();
  });

  it('Enter opens the detail, Escape closes an open one, Delete asks to delete what may be deleted', () => {
    const rows = tree();
    expect(after('Enter', ctx(rows, 'root'))).toBe('openDetail');
    expect(after('Enter', ctx(rows, null))).toBeNull();
    expect(after('Escape', ctx(rows, 'root'))).toBe('closeDetail');
    expect(after('Escape', ctx(rows, 'root', { detailOpen: false }))).toBeNull();
    expect(after('Delete', ctx(rows, 'root'))).toBe('delete');
    const busy = flatRows([snapshot({ name: 'going', state: 'deleting' })], NO_FILTERS);
    expect(after('Delete', ctx(busy, 'going'))).toBeNull();
    expect(after('x', ctx(rows, 'root'))).toBeNull();
    expect(after(' ', ctx(rows, 'root'))).toBeNull();
  });

  it('every key the help lists does something in some state of the list', () => {
    const closed = new Set([child.id]);
    const states = [ctx(tree(), 'child'), ctx(tree(closed), 'child', { collapsed: closed }), ctx(tree(), 'grandchild')];
    for (const entry of LIST_KEYS) {
      for (const key of entry.keys) expect(states.some((s) => listCommand(key, s) !== null), key).toBe(true);
    }
  });

  it('a deleted row’s place goes to the row that took it, else the one before', () => {
    const rows = flatRows([root, root2, solo], NO_FILTERS);
    expect(rowThatTookPlace(rows, 1)).toBe(root2.id);
    expect(rowThatTookPlace(rows, 3)).toBe(solo.id);
    expect(rowThatTookPlace(tree(), 0)).toBe(solo.id);
    expect(rowThatTookPlace([], 0)).toBeNull();
  });
});
