// What every operation works with: the store's repositories, the hosts, the job queue, the
// files Snapvisor owns on each host, the event bus and the change feed that tells listeners
// about snapshots.
import type { CopiesRepo } from '../../store/copies-repo';
import type { Db } from '../../store/db';
import type { DowntimesRepo } from '../../store/downtimes-repo';
import type { EventsRepo, NewEvent } from '../../store/events-repo';
import type { MergesRepo } from '../../store/merges-repo';
import type { NotesRepo } from '../../store/notes-repo';
import type { SnapshotsRepo } from '../../store/snapshots-repo';
import type { VmPoliciesRepo } from '../../store/vm-policies-repo';
import type { ChangeFeed } from './change-feed';
import type { FilesRegistry } from '../files';
import type { EventBus } from './event-bus';
import type { HostRegistry } from '../hosts/host-registry';
import type { JobQueue } from './job-queue';
import type { MemoryPauseSettings } from '../snapshots/memory-pause';

export interface EngineContext {
  db: Db;
  snapshots: SnapshotsRepo;
  events: EventsRepo;
  notes: NotesRepo;
  policies: VmPoliciesRepo;
  /** Frozen images deleted snapshots left, waiting to be merged away. */
  merges: MergesRepo;
  /** QEMU downtime limits a memory snapshot lowered, with the VM's own value to put back. */
  downtimes: DowntimesRepo;
  /** Copies of VMs on other hosts: their files and the target rows that hold them. */
  copies: CopiesRepo;
  hosts: HostRegistry;
  bus: EventBus;
  changes: ChangeFeed;
  jobs: JobQueue;
  files: FilesRegistry;
  /** A live merge's I/O limit in MiB/s, so it never starves the guest's own disk I/O (null: none). */
  mergeBandwidthMiBs: number | null;
  /** How a live memory snapshot keeps the guest's final pause short. */
  memoryPause: MemoryPauseSettings;
}

export function record(ctx: EngineContext, e: NewEvent): void {
  ctx.events.add(e);
}

/** After an operation changed snapshots (call it outside the transaction, once it committed). */
export function announce(ctx: EngineContext, hostId: string, vmUuid: string | null, snapshotIds: string[]): void {
  ctx.changes.announce(hostId, vmUuid, snapshotIds);
}
