import { describe, expect, it } from 'vitest';
import { flatRows, sortSnapshots, treeRows } from './list-model';
import { manySnapshots, snapshot, SHUTOFF_UUID } from '../../test/fake-api';
import { NO_FILTERS } from '../../stores/ui';

const names = (rows: ReturnType<typeof flatRows>) => rows.map((r) => (r.type === 'snapshot' ? `${'  '.repeat(r.depth)}${r.snapshot.name}` : `[${r.vmName}]`));

describe('list model', () => {
  it('filters by text (name, description, VM), kind, state, VM and date range', () => {
    const rows = [
      snapshot({ name: 'alpha', description: 'before upgrade', createdAt: '2025-03-01T10:00:00.000Z' }),
      snapshot({ name: 'beta', kind: 'cold', state: 'error', createdAt: '2025-03-05T10:00:00.000Z' }),
      snapshot({ name: 'gamma', vm: { name: 'db', uuid: SHUTOFF_UUID }, createdAt: '2025-03-09T10:00:00.000Z' }),
    ];
    const f = (patch: Partial<typeof NO_FILTERS>) => names(flatRows(rows, { ...NO_FILTERS, ...patch }));
    expect(f({ text: 'UPGRADE' })).toEqual(['alpha']);
    expect(f({ text: 'db' })).toEqual(['gamma']);
    expect(f({ kind: 'cold' })).toEqual(['beta']);
    expect(f({ state: 'error' })).toEqual(['beta']);
    expect(f({ vmUuid: SHUTOFF_UUID })).toEqual(['gamma']);
    expect(f({ since: '2025-03-02', until: '2025-03-08' })).toEqual(['beta']);
  });

  it('sorts by any column, both ways, stable on ties', () => {
    const rows = [snapshot({ name: 'b', sizeBytes: 5 }), snapshot({ name: 'a', sizeBytes: null }), snapshot({ name: 'c', sizeBytes: 9 })];
    expect(sortSnapshots(rows, 'name', 'asc').map((s) => s.name)).toEqual(['a', 'b', 'c']);
    expect(sortSnapshots(rows, 'sizeBytes', 'desc').map((s) => s.name)).toEqual(['c', 'b', 'a']);
  });

  it('builds a per-VM tree with dependents under their VM snapshot, keeping ancestors of matches', () => {
    const root = snapshot({ name: 'root' });
    const child = snapshot({ name: 'child', parentId: root.id });
    const dep = snapshot({ name: 'snapshot for child', kind: 'volume', dependentOf: child.id });
    const other = snapshot({ name: 'lonely', vm: { name: 'db', uuid: SHUTOFF_UUID } });
    const all = [root, child, dep, other];
    expect(names(treeRows(all, NO_FILTERS, new Set()))).toEqual(['[db]', 'lonely', '[test]', 'root', '  child', '    snapshot for child']);
    expect(names(treeRows(all, { ...NO_FILTERS, text: 'snapshot for' }, new Set()))).toEqual(['[test]', 'root', '  child', '    snapshot for child']);
    expect(names(treeRows(all, NO_FILTERS, new Set([root.id])))).toEqual(['[db]', 'lonely', '[test]', 'root']);
  });

  it('filters 10,000 rows well inside a frame', () => {
    const rows = sortSnapshots(manySnapshots(10_000), 'createdAt', 'desc');
    flatRows(rows, { ...NO_FILTERS, text: 'x' });
    const t0 = performance.now();
    const out = flatRows(rows, { ...NO_FILTERS, text: 'snap-0999' });
    const ms = performance.now() - t0;
    expect(out.length).toBe(10);
    expect(ms).toBeLessThan(50);
  });
});
