// Pure list logic: sort once, filter on every keystroke (cheap: precomputed search keys), and
// flatten the per-VM parent/child tree into rows for the virtualized table.
import type { Snapshot } from '../../api/contract';
import { dayBoundary } from '../../format';
import type { Filters, SortKey } from '../../stores/ui';

export type ListRow =
  | { type: 'snapshot'; snapshot: Snapshot; depth: number; hasChildren: boolean }
  | { type: 'vm'; vmUuid: string; vmName: string; count: number };

const searchKeys = new WeakMap<Snapshot, string>();

function searchKey(s: Snapshot): string {
  let key = searchKeys.get(s);
  if (key === undefined) {
    key = `${s.name}\n${s.description}\n${s.vm.name}\n${s.id}`.toLowerCase();
    searchKeys.set(s, key);
  }
  return key;
}

/** Builds the search keys ahead of the first keystroke (call it when the browser is idle). */
export function warmSearchKeys(rows: readonly Snapshot[]): void {
  for (const s of rows) searchKey(s);
}

function compareBy(key: SortKey): (a: Snapshot, b: Snapshot) => number {
  switch (key) {
    case 'name': return (a, b) => a.name.localeCompare(b.name);
    case 'state': return (a, b) => a.state.localeCompare(b.state);
    case 'kind': return (a, b) => a.kind.localeCompare(b.kind);
    case 'vm': return (a, b) => a.vm.name.localeCompare(b.vm.name);
    case 'current': return (a, b) => Number(a.current) - Number(b.current);
    case 'protected': return (a, b) => Number(a.protected) - Number(b.protected);
    case 'sizeBytes': return (a, b) => (a.sizeBytes ?? -1) - (b.sizeBytes ?? -1);
    case 'createdAt': return (a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0);
  }
}

export function sortSnapshots(rows: readonly Snapshot[], key: SortKey, dir: 'asc' | 'desc'): Snapshot[] {
  const cmp = compareBy(key);
  const sign = dir === 'asc' ? 1 : -1;
  // Ties fall back to creation time so the order is stable across reloads.
  return [...rows].sort((a, b) => sign * cmp(a, b) || (a.createdAt < b.createdAt ? -1 : 1));
}

export function hasActiveFilters(f: Filters): boolean {
  return Boolean(f.vmUuid || f.text.trim() || f.kind || f.state || f.since || f.until);
}

export function makeMatcher(f: Filters): (s: Snapshot) => boolean {
  const text = f.text.trim().toLowerCase();
  const since = dayBoundary(f.since, false);
  const until = dayBoundary(f.until, true);
  return (s) =>
    (!f.vmUuid || s.vm.uuid === f.vmUuid) &&
    (!f.kind || s.kind === f.kind) &&
    (!f.state || s.state === f.state) &&
    (!since || s.createdAt >= since) &&
    (!until || s.createdAt <= until) &&
    (!text || searchKey(s).includes(text));
}

export function flatRows(sorted: readonly Snapshot[], filters: Filters): ListRow[] {
  const match = makeMatcher(filters);
  const out: ListRow[] = [];
  for (const s of sorted) if (match(s)) out.push({ type: 'snapshot', snapshot: s, depth: 0, hasChildren: false });
  return out;
}

/**
 * One group per VM, snapshots nested under their parent (volume snapshots under the VM
 * snapshot they depend on). With filters, a row stays when it or a descendant matches.
 */
export function treeRows(sorted: readonly Snapshot[], filters: Filters, collapsed: ReadonlySet<string>): ListRow[] {
  const match = makeMatcher(filters);
  const filtering = hasActiveFilters(filters);
  const ids = new Set(sorted.map((s) => s.id));
  const children = new Map<string, Snapshot[]>();
  const rootsByVm = new Map<string, { name: string; roots: Snapshot[]; count: number }>();
  for (const s of sorted) {
    const parent = s.dependentOf ?? s.parentId;
    if (parent && ids.has(parent)) {
      const list = children.get(parent);
      if (list) list.push(s);
      else children.set(parent, [s]);
    } else {
      const group = rootsByVm.get(s.vm.uuid) ?? { name: s.vm.name, roots: [], count: 0 };
      group.roots.push(s);
      rootsByVm.set(s.vm.uuid, group);
    }
  }
  const keep = new Map<string, boolean>();
  const kept = (s: Snapshot): boolean => {
    let k = keep.get(s.id);
    if (k === undefined) {
      k = match(s) || (children.get(s.id) ?? []).some(kept);
      keep.set(s.id, k);
    }
    return k;
  };
  const out: ListRow[] = [];
  const groups = [...rootsByVm.entries()].sort((a, b) => a[1].name.localeCompare(b[1].name));
  for (const [vmUuid, group] of groups) {
    const visibleRoots = filtering ? group.roots.filter(kept) : group.roots;
    if (visibleRoots.length === 0) continue;
    const header: ListRow = { type: 'vm', vmUuid, vmName: group.name, count: 0 };
    out.push(header);
    const start = out.length;
    const walk = (s: Snapshot, depth: number): void => {
      const kids = (children.get(s.id) ?? []).filter((c) => !filtering || kept(c));
      out.push({ type: 'snapshot', snapshot: s, depth, hasChildren: kids.length > 0 });
      if (!collapsed.has(s.id)) for (const c of kids) walk(c, depth + 1);
    };
    for (const r of visibleRoots) walk(r, 0);
    header.count = out.length - start;
  }
  return out;
}
