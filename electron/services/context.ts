// What every operation works with: the store's repositories, the hosts, the job queue, the
// files Snapvisor owns on each host and the event bus.
import type { Db } from '../store/db';
import type { EventsRepo, NewEvent } from '../store/events-repo';
import type { NotesRepo } from '../store/notes-repo';
import type { SnapshotsRepo } from '../store/snapshots-repo';
import type { VmPoliciesRepo } from '../store/vm-policies-repo';
import type { FilesRegistry } from './files';
import type { EventBus } from './event-bus';
import type { HostRegistry } from './host-registry';
import type { JobQueue } from './job-queue';

export interface EngineContext {
  db: Db;
  snapshots: SnapshotsRepo;
  events: EventsRepo;
  notes: NotesRepo;
  policies: VmPoliciesRepo;
  hosts: HostRegistry;
  bus: EventBus;
  jobs: JobQueue;
  files: FilesRegistry;
}

export function record(ctx: EngineContext, e: NewEvent): void {
  ctx.events.add(e);
}

export function announce(ctx: EngineContext, hostId: string, vmUuid: string | null, snapshotIds: string[]): void {
  ctx.bus.emit('snapshot.changed', { hostId, vmUuid, snapshotIds });
}
