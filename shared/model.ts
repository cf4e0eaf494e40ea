// The product's vocabulary: what a snapshot, a VM, a job and a schedule are to Snapvisor.
// Plain data, shared by the services, the IPC contract and the CLI's JSON output.
import type { ErrorCode, ErrorParams } from './errors';

// The token lists themselves (kinds, states, operations …) are the shared vocabulary's.
import type { DiskLocation, EventOutcome, JobOperation, SnapshotKind, SnapshotState, VmState } from './vocabulary';

export {
  SNAPSHOT_KINDS, SNAPSHOT_STATES, type DiskLocation, type SnapshotKind, type SnapshotState, type VmState,
} from './vocabulary';

/** Transient states: a row left in one after a crash is resolved by reconcile. */
export const TRANSIENT_STATES: readonly SnapshotState[] = ['creating', 'deleting', 'restoring'];

export type SnapshotOrigin = 'manual' | 'schedule' | 'safety' | 'adopted';

export interface SnapshotDisk {
  target: string;
  location: DiskLocation;
  format: string | null;
  /** The file holding this disk's snapshot data: the qcow2 (internal), or the frozen image (external). */
  file: string | null;
  /** For external snapshots: the overlay the VM wrote to after the snapshot. */
  overlay: string | null;
  sizeBytes: number | null;
}

export interface Snapshot {
  id: string;
  hostId: string;
  name: string;
  description: string;
  vm: { name: string; uuid: string };
  kind: SnapshotKind;
  state: SnapshotState;
  /** How libvirt holds it: internal qcow2 snapshots or external overlays. */
  location: 'internal' | 'external';
  libvirtName: string | null;
  protected: boolean;
  parentId: string | null;
  /** The VM snapshot this volume snapshot was taken with ("snapshot for <name>"). */
  dependentOf: string | null;
  /** libvirt's current snapshot of the VM. */
  current: boolean;
  origin: SnapshotOrigin;
  scheduleId: string | null;
  quiesced: boolean;
  /** The VM state captured: "running" (memory), "shutoff", "disk-snapshot". */
  vmState: string | null;
  memoryFile: string | null;
  createdAt: string;
  expiresAt: string | null;
  sizeBytes: number | null;
  disks: SnapshotDisk[];
  error: string | null;
  hasThumbnail: boolean;
}

export interface SnapshotFilter {
  hostId?: string;
  vmUuid?: string;
  kind?: SnapshotKind;
  state?: SnapshotState;
  search?: string;
  /** ISO dates, inclusive. */
  since?: string;
  until?: string;
  includeDependents?: boolean;
  /** Only the first `limit` rows, newest first (the renderer paints from them while the rest loads). */
  limit?: number;
}

export interface VmDisk {
  target: string;
  device: string;
  /** "file", "block", "volume", "network", "dir": with `shareable`, what shared/rules.ts's isSnapshotableDisk reads. */
  type: string;
  shareable: boolean;
  format: string | null;
  source: string | null;
  readonly: boolean;
}

export interface Vm {
  hostId: string;
  uuid: string;
  name: string;
  state: VmState;
  vcpus: number;
  memoryMiB: number;
  uefi: boolean;
  persistent: boolean;
  disks: VmDisk[];
  snapshotCount: number;
  /** Deletion protection (kept in the VM's own definition): removing it needs its name typed. */
  protected: boolean;
  /**
   * Whether Snapvisor made the VM (restored as new, copied, imported) and so can remove it with its
   * files. Set by vms.list; optional for producers that do not look.
   */
  snapvisorMade?: boolean;
  /**
   * True when the VM runs and its QEMU guest agent answered a ping just now (only VMs with an
   * org.qemu.guest_agent.0 channel are asked): a hot snapshot can then quiesce. vms.list always
   * sets it; optional only for producers that do not ask (restore-as-new, test fixtures).
   */
  guestAgent?: boolean;
  /**
   * What Snapvisor keeps on the host for this VM (overlays, frozen images, memory files): bytes
   * and files. Set by vms.list; optional for producers that do not look (restore-as-new, fixtures).
   */
  snapvisorBytes?: number;
  snapvisorFiles?: number;
  /** Layers of deleted snapshots still waiting to be merged (see PendingMerge). Set by vms.list. */
  pendingMerges?: number;
}

/** A libvirt virtual network a new VM's interface can join. */
export interface VmNetwork {
  name: string;
  /** Running now: a VM on an inactive network cannot start until the network does. */
  active: boolean;
  persistent: boolean;
}

/** Why a merge waits: a row still needs the image, a branch, another domain uses the chain, or its last run failed / was cancelled / was interrupted. */
export const MERGE_REASONS = ['referenced', 'branched', 'held', 'failed', 'cancelled', 'interrupted'] as const;
export type MergeReason = (typeof MERGE_REASONS)[number];

export type MergeMode = 'live' | 'live-active' | 'helper' | 'helper-active';

/** A frozen image a deleted snapshot no longer needs, waiting to be merged away or removed. */
export interface PendingMerge {
  id: string;
  hostId: string;
  vmUuid: string;
  target: string;
  image: string;
  format: string | null;
  snapshotId: string;
  state: 'pending' | 'running';
  reason: MergeReason | null;
  top: string | null;
  mode: MergeMode | null;
  helper: string | null;
  attempts: number;
  lastError: { code: string; params: Record<string, string | number> } | null;
  createdAt: string;
}

export interface Host {
  id: string;
  uri: string;
  name: string;
  /** The libvirt test driver, offered when no daemon is reachable. */
  demo: boolean;
}

export type HostConnectionState = 'connected' | 'connecting' | 'disconnected' | 'error';

export interface HostStatus extends Host {
  state: HostConnectionState;
  /** libvirt's own words for the last failed connect (for logs and details). */
  error: string | null;
  /** Why the last connect failed, as a code each client words in the user's language. */
  failure: { code: ErrorCode; params: ErrorParams } | null;
  libvirtVersion: string | null;
  hypervisorVersion: string | null;
  capabilities: HostCapabilities | null;
}

/** What this host's libvirt/QEMU can do, feature-detected at connect time. */
export interface HostCapabilities {
  /** libvirt can revert external snapshots itself (>= 9.9). */
  externalRevert: boolean;
  /** libvirt can delete external snapshots (>= 9.0). */
  externalDelete: boolean;
  /** Internal snapshots of running UEFI VMs (>= 10.9 with qcow2 NVRAM). */
  uefiInternalRunning: boolean;
  /** Which snapshot kinds Snapvisor offers on this host. */
  kinds: SnapshotKind[];
  /**
   * Snapvisor's storage pool on the host, where every file it makes lives ('unknown' until first
   * needed): external snapshots need it; when it cannot be used, `storageError` says why.
   */
  storage: 'ok' | 'unavailable' | 'unknown';
  storageError: { code: ErrorCode; params: ErrorParams } | null;
  /**
   * Whether internal snapshots' files can be copied or applied (restore as new, extract, volume
   * restore from an internal snapshot): only on a local host, where qemu-img can read the file.
   */
  internalSnapshotFiles: boolean;
}

export interface SnapshotEvent {
  id: number;
  at: string;
  hostId: string | null;
  snapshotId: string | null;
  vmUuid: string | null;
  action: string;
  outcome: EventOutcome;
  detail: Record<string, unknown>;
}

export interface Note {
  id: number;
  snapshotId: string;
  at: string;
  text: string;
}

export type JobState = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

export interface Job {
  id: string;
  hostId: string;
  vmUuid: string;
  vmName: string;
  operation: JobOperation;
  snapshotId: string | null;
  state: JobState;
  /**
   * Why a queued job waits: another job on the same VM (`waitingFor` is its operation, null when
   * it has not started yet either). Structured so each client words it in the user's language.
   */
  queueReason: { waitingFor: Job['operation'] | null } | null;
  /** 0..1, or null when libvirt reports no progress (indeterminate). */
  progress: number | null;
  processedBytes: number | null;
  totalBytes: number | null;
  cancellable: boolean;
  startedAt: string | null;
  finishedAt: string | null;
  error: string | null;
}

export interface Schedule {
  id: string;
  hostId: string;
  vmUuid: string;
  vmName: string;
  kind: Exclude<SnapshotKind, 'volume'>;
  /** Exactly one of intervalSeconds and cron is set. */
  intervalSeconds: number | null;
  cron: string | null;
  namePattern: string;
  keepLast: number | null;
  maxAgeSeconds: number | null;
  /** After each successful run, refresh the VM's copy on this host (a libvirt URI); null: no copy. */
  copyTo: string | null;
  /** That copy's retention on its host: keep the newest N (null: as the copy has it, everything for a new one). */
  copyKeep: number | null;
  enabled: boolean;
  lastRunAt: string | null;
  nextRunAt: string | null;
  /**
   * The last run's failure as stored ("<code> <params JSON>"), null when it succeeded or never ran.
   * A run that took its snapshot but could not refresh the copy failed with the refresh's error.
   */
  lastError: string | null;
  /** The same failure as an error code and its parameters, for saying it in the user's language. */
  lastFailure: { code: ErrorCode; params: ErrorParams } | null;
}

/** Why schedules cannot be set to run while the app is closed. */
export type TimerUnavailableReason = 'no_systemctl' | 'no_user_manager';

/** The schedules' systemd user timer (snapvisor-schedules.timer), as `systemctl --user` reports it. */
export interface ScheduleTimerStatus {
  /** A user systemd instance answers, so the timer can be turned on and off here. */
  available: boolean;
  reason: TimerUnavailableReason | null;
  /** Both unit files are in the user's unit directory. */
  installed: boolean;
  /** The installed service runs this Snapvisor with this database (else turning it on rewrites it). */
  current: boolean;
  /** `systemctl --user is-enabled`: started with the user's session. */
  enabled: boolean;
  /** The timer is active (waiting for its next elapse). */
  active: boolean;
  nextRunAt: string | null;
  lastTriggerAt: string | null;
  /** How the last `snapvisor schedules run` it started ended: the command itself, not each schedule. */
  lastResult: 'success' | 'failed' | null;
  unitDirectory: string;
  /** The crontab line that does the same where no user systemd instance answers. */
  cronLine: string;
}

/** A VM's copy on another host: the copy VM there, which holds copies of the VM's snapshots (docs/copies.md). */
export interface CopyInfo {
  id: string;
  source: { hostId: string; uri: string; vm: { name: string; uuid: string } };
  target: { hostId: string; uri: string };
  copyVm: { name: string; uuid: string };
  /** The target's own retention: the newest N copies stay (null: everything the source has). */
  keep: number | null;
  /** Copies (snapshots of the copy VM) the target holds now. */
  snapshotCount: number;
  refreshedAt: string | null;
  /** Bytes written to the target's streams by the last refresh that succeeded. */
  lastBytesSent: number | null;
  /** Why the last refresh failed (null once one succeeds). */
  lastError: { code: ErrorCode; params: ErrorParams } | null;
}

/** Where a snapshot of the copy VM came from (shown with the copy on the target). */
export interface CopyOrigin {
  copyId: string;
  sourceUri: string;
  sourceVm: { name: string; uuid: string };
  sourceSnapshotId: string;
  refreshedAt: string;
}

/** A copy of a snapshot on another host (shown with the snapshot on its source). */
export interface CopyPlace {
  copyId: string;
  targetUri: string;
  copyVm: { name: string; uuid: string };
  /** The copy's own row (the target host's snapshot). */
  snapshotId: string;
  refreshedAt: string;
}

/** What one refresh did; the CLI's `copies refresh --json` prints it as it is. */
export interface CopyRefreshResult {
  vm: { name: string; uuid: string };
  target: string;
  copyVm: { name: string; uuid: string };
  /** Each file written to the target, with the source snapshot it was sent for and its data bytes. */
  sent: { snapshotId: string; file: string; bytes: number }[];
  /** Every data byte written to the target's streams. */
  bytesSent: number;
  /** Source snapshots whose copies the target holds after the refresh. */
  kept: string[];
  /** Source snapshots whose copies the target's retention removed in this refresh. */
  removed: string[];
}

/**
 * One file of a copy read back from the target: `rewritten` is a file the target's own merges
 * changed since it was sent (its bytes are the target's, no longer the source's).
 */
export interface CopyFileCheck {
  file: string;
  state: 'ok' | 'differs' | 'missing' | 'rewritten';
  expected: string | null;
  actual: string | null;
  bytes: number | null;
}

export interface CopyVerifyResult {
  vm: { name: string; uuid: string };
  target: string;
  copyVm: { name: string; uuid: string };
  files: CopyFileCheck[];
  /** Files that differ from what was sent, or are gone. */
  differ: number;
}
