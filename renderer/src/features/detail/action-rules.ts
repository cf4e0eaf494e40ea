// What a snapshot's state allows the user to do (pure: the detail panel's buttons and the list's
// Delete key ask the same rule). Main refuses the same operations on its own; this keeps the
// controls from offering what would only be refused.
import type { Snapshot } from '../../api/contract';

export interface SnapshotActions {
  /** Restore in place, as a new VM, extract or restore a volume: needs a complete snapshot. */
  restore: boolean;
  /** Edit and protect: not while an operation is changing it. */
  edit: boolean;
  /** Delete: not while it is being made, deleted or restored from. */
  delete: boolean;
  /**
   * Export to a file: what an export carries (electron/services/exports/export-plan.ts): a ready
   * VM snapshot whose disks are external layers; internal and volume snapshots are not.
   */
  export: boolean;
}

export function snapshotActions(s: Pick<Snapshot, 'state' | 'kind' | 'location' | 'dependentOf'>): SnapshotActions {
  return {
    export: s.state === 'ready' && s.kind !== 'volume' && s.location === 'external' && s.dependentOf === null,
    restore: s.state === 'ready',
    edit: s.state === 'ready' || s.state === 'error',
    delete: s.state !== 'creating' && s.state !== 'deleting' && s.state !== 'restoring',
  };
}
