// The CLI's JSON shapes: a public contract (documented in README.md), kept apart from the
// services' internal types so those can grow without changing what scripts read.
import type { Snapshot, Vm } from '../../../shared/model';

export interface SnapshotJson {
  id: string;
  name: string;
  vm: { name: string; uuid: string };
  kind: Snapshot['kind'];
  state: Snapshot['state'];
  description: string;
  protected: boolean;
  parentId: string | null;
  dependentOf: string | null;
  current: boolean;
  createdAt: string;
  sizeBytes: number | null;
  disks: { target: string; file: string | null; location: string; sizeBytes: number | null }[];
  error: string | null;
}

export function snapshotJson(s: Snapshot): SnapshotJson {
  return {
    id: s.id,
    name: s.name,
    vm: { name: s.vm.name, uuid: s.vm.uuid },
    kind: s.kind,
    state: s.state,
    description: s.description,
    protected: s.protected,
    parentId: s.parentId,
    dependentOf: s.dependentOf,
    current: s.current,
    createdAt: s.createdAt,
    sizeBytes: s.sizeBytes,
    disks: s.disks.map((d) => ({ target: d.target, file: d.file, location: d.location, sizeBytes: d.sizeBytes })),
    error: s.error,
  };
}

export interface VmJson {
  name: string;
  uuid: string;
  state: Vm['state'];
  vcpus: number;
  memoryMiB: number;
  persistent: boolean;
  snapshotCount: number;
  /** A guest agent answers (quiesced hot snapshots possible). */
  guestAgent: boolean;
  /** What Snapvisor keeps on the host for the VM (null: unknown, its pool cannot be used), and layers of deleted snapshots still to merge. */
  snapvisorBytes: number | null;
  snapvisorFiles: number | null;
  pendingMerges: number;
  /** Deletion protection (remove-vm needs --confirm-name). */
  protected: boolean;
  /** Snapvisor made it (remove-vm can remove it); null: unknown, its pool cannot be used. */
  snapvisorMade: boolean | null;
  disks: { target: string; device: string; format: string | null; source: string | null }[];
}

export function vmJson(v: Vm): VmJson {
  return {
    name: v.name,
    uuid: v.uuid,
    state: v.state,
    vcpus: v.vcpus,
    memoryMiB: v.memoryMiB,
    persistent: v.persistent,
    snapshotCount: v.snapshotCount,
    guestAgent: v.guestAgent ?? false,
    snapvisorBytes: v.snapvisorBytes ?? null,
    snapvisorFiles: v.snapvisorFiles ?? null,
    pendingMerges: v.pendingMerges ?? 0,
    protected: v.protected,
    snapvisorMade: v.snapvisorMade ?? null,
    disks: v.disks.map((d) => ({ target: d.target, device: d.device, format: d.format, source: d.source })),
  };
}
