// What listeners (the renderer) hear after snapshots change: everything that changed on the host
// since the feed last spoke for it, read from the store's revisions, so a removal's re-parented
// children, its dependents and a moved "current" flag travel with it. The renderer patches its
// list from that; after a reconcile, which may touch every row, it is told to reload instead.
import type { SnapshotsRepo } from '../../store/snapshots-repo';
import type { ReconcileReport } from '../api';
import type { EventBus } from './event-bus';

export class ChangeFeed {
  /** The store's revision up to which each host's changes have been told. */
  private readonly told = new Map<string, number>();
  private readonly start: number;

  constructor(private readonly snapshots: SnapshotsRepo, private readonly bus: EventBus) {
    this.start = snapshots.revision();
  }

  /**
   * Tells what changed on `hostId`; `snapshotIds` are the snapshots the operation was about,
   * sent even when their rows did not change (a note or an event was added to them).
   */
  announce(hostId: string, vmUuid: string | null, snapshotIds: readonly string[]): void {
    const changes = this.snapshots.changesSince(hostId, this.told.get(hostId) ?? this.start);
    this.told.set(hostId, changes.revision);
    const sent = new Set(changes.changed.map((s) => s.id));
    const unchanged = this.snapshots.byIds(snapshotIds.filter((id) => !sent.has(id)));
    this.bus.emit('snapshot.changed', {
      hostId, vmUuid, snapshotIds: [...snapshotIds], snapshots: [...changes.changed, ...unchanged], removedIds: changes.removedIds,
    });
  }

  /** After a reconcile that changed rows: listeners reload the host's snapshots. */
  reconciled(hostId: string, report: ReconcileReport): void {
    this.told.set(hostId, this.snapshots.revision());
    this.bus.emit('snapshots.reconciled', { hostId, report });
  }
}
