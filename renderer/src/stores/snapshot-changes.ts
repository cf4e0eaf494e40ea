// Pure: a host's snapshot list patched with what a change event says, so the list stays current
// without fetching 10,000 rows again after each operation.
import type { Snapshot } from '../api/contract';

/**
 * The rows with `changed` put in place (new ones appended) and `removedIds` dropped. Unchanged
 * rows keep their identity, so memoized rows and cached search keys stay valid.
 */
export function applySnapshotChanges(rows: readonly Snapshot[], changed: readonly Snapshot[], removedIds: readonly string[]): Snapshot[] {
  const removed = new Set(removedIds);
  const next = new Map(changed.map((s) => [s.id, s]));
  const out: Snapshot[] = [];
  for (const r of rows) {
    if (removed.has(r.id)) continue;
    const c = next.get(r.id);
    if (c) next.delete(r.id);
    out.push(c ?? r);
  }
  for (const c of next.values()) if (!removed.has(c.id)) out.push(c);
  return out;
}

/**
 * Snapshots per VM as the sidebar counts them: VM snapshots, not the volume snapshots taken
 * with them (the services' countByVm counts the same).
 */
export function snapshotCountsByVm(rows: readonly Snapshot[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const r of rows) if (!r.dependentOf) counts.set(r.vm.uuid, (counts.get(r.vm.uuid) ?? 0) + 1);
  return counts;
}
