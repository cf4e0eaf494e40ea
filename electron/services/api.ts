// The services' public surface: what the IPC handlers and the CLI call. Plain async TypeScript;
// nothing here knows Electron or React. Failures are thrown as SnapvisorError.
import type {
  CopyInfo, CopyOrigin, CopyPlace, CopyRefreshResult, CopyVerifyResult, HostStatus, Job, Note, Schedule, ScheduleTimerStatus, Snapshot, SnapshotEvent, SnapshotFilter, SnapshotKind, Vm, VmNetwork, VmState,
} from '../../shared/model';
import type { ErrorCode, ErrorParams } from '../../shared/errors';
import type { SkipReason } from './copies/copy-plan';
import type { ExportManifest, ExportSummary } from './exports/format';

export type { ExportSummary } from './exports/format';

export interface CreateSnapshotRequest {
  hostId: string;
  vmUuid: string;
  kind: Exclude<SnapshotKind, 'volume'>;
  /** Display name; defaults to the host's name pattern. */
  name?: string;
  description?: string;
  /** Disk targets to include; default all snapshot-able disks. */
  disks?: string[];
  /** Ask the guest agent to freeze filesystems (hot snapshots); refused when no agent answers. */
  quiesce?: boolean;
  protect?: boolean;
  /** Who asked for it; the schedules pass 'schedule' with their id. Default 'manual'. */
  origin?: 'manual' | 'schedule';
  scheduleId?: string;
  /**
   * When this kind cannot be made on the VM now but a nearest one can (a hot snapshot of a VM
   * that has internal snapshots: memory), take that one; the result's `kind` says which.
   */
  orNearest?: boolean;
}

export interface EditSnapshotRequest {
  name?: string;
  description?: string;
}

export interface DeletePlan {
  snapshot: Snapshot;
  /** Volume snapshots deleted together with it. */
  dependents: Snapshot[];
  /** Children that move up to the deleted snapshot's parent. */
  children: Snapshot[];
  newParentId: string | null;
  /** Set when deletion is refused (dependent, in use...), with what holds it. */
  blockedBy: { code: ErrorCode; params: ErrorParams } | null;
  /** Protected snapshots are deleted only with their name typed. */
  needsTypedName: boolean;
}

export interface DeleteRequest {
  /** The snapshot's name, typed by the user; required when it is protected. */
  confirmName?: string;
}

export type AfterRevert = 'running' | 'paused' | 'shutoff';

export interface RevertRequest {
  /** Take a snapshot of the current state first, so the restore can be undone. */
  safetySnapshot?: boolean;
  /** Memory snapshots resume running unless 'paused'; disk-only ones stay off unless asked. */
  afterState?: AfterRevert;
}

export interface RevertResult {
  snapshot: Snapshot;
  safetySnapshot: Snapshot | null;
  vmState: string;
}

export interface RestoreAsNewRequest {
  name: string;
  vcpus?: number;
  memoryMiB?: number;
  /** A libvirt network name, or null for no network interface. */
  network?: string | null;
  start?: boolean;
  /** Deletion protection of the new VM. */
  protect?: boolean;
  /**
   * The new VM's identity in the guest, through a cloud-init (NoCloud) seed made when any is given:
   * its host name (default: the VM's name made one), SSH public keys (key files' texts), and a
   * shell script (#!…) or #cloud-config document run once at its first boot.
   */
  hostname?: string;
  sshKeys?: string[];
  initScript?: string;
}

export interface VolumeSnapshotRequest {
  hostId: string;
  vmUuid: string;
  disk: string;
  name?: string;
  description?: string;
}

export interface VolumeRestoreRequest {
  /** Restore into a new volume with this name (same size and format) instead of in place. */
  asNewName?: string;
}

export interface VolumeRestoreResult {
  path: string;
  inPlace: boolean;
}

export interface ExtractVolumeRequest {
  disk: string;
  name?: string;
}

export interface ReconcileReport {
  adoptable: number;
  missing: number;
  resolved: number;
  unchanged: number;
  /** Pending merges that completed (layers merged or frozen images removed). */
  merged?: number;
  /** Files of Snapvisor's that nothing needed any more, removed (each in the audit log). */
  removedFiles?: number;
}

export interface ScheduleInput {
  hostId: string;
  vmUuid: string;
  kind: Exclude<SnapshotKind, 'volume'>;
  intervalSeconds?: number | null;
  cron?: string | null;
  namePattern?: string;
  keepLast?: number | null;
  maxAgeSeconds?: number | null;
  copyTo?: string | null;
  copyKeep?: number | null;
  enabled?: boolean;
}

export interface ScheduleRunReport {
  /**
   * Each run: the snapshot taken (null when it failed), the run's failure (the snapshot's, else
   * the copy refresh's), and the copy refreshed after it (null without a copy target or when it failed).
   */
  ran: { scheduleId: string; snapshotId: string | null; error: string | null; copy: { target: string; bytesSent: number } | null }[];
  expired: string[];
}

export interface SnapshotDetail {
  snapshot: Snapshot;
  children: Snapshot[];
  dependents: Snapshot[];
  events: SnapshotEvent[];
  notes: Note[];
  /** For a snapshot of a copy VM: where it was copied from. */
  copyOf: CopyOrigin | null;
  /** The hosts that hold a copy of this snapshot. */
  copies: CopyPlace[];
}

/** What the services tell their listeners (the IPC layer forwards these to the renderer). */
export interface ServiceEvents {
  'job.changed': Job;
  /**
   * Snapshots changed: `snapshots` are the host's rows changed since the last such event (and
   * those in `snapshotIds`, what the operation was about), as they are now; `removedIds` are gone.
   */
  'snapshot.changed': { hostId: string; vmUuid: string | null; snapshotIds: string[]; snapshots: Snapshot[]; removedIds: string[] };
  /** A reconcile changed the host's snapshots, perhaps all of them: reload them. */
  'snapshots.reconciled': { hostId: string; report: ReconcileReport };
  'host.changed': HostStatus;
  'vm.changed': { hostId: string; vmUuid: string };
  /** A schedule's run was recorded: by the app, or found in the database after the systemd timer's. */
  'schedule.changed': Schedule;
}

export type ServiceEventName = keyof ServiceEvents;

export interface HostsApi {
  list(): HostStatus[];
  add(uri: string, name?: string): Promise<HostStatus>;
  remove(hostId: string): Promise<void>;
  /** Opens a throw-away connection to see whether a URI works, without saving it. */
  test(uri: string): Promise<{ ok: boolean; libvirtVersion: string | null; error: { code: ErrorCode; params: ErrorParams } | null }>;
  connect(hostId: string): Promise<HostStatus>;
}

/** What removing a VM Snapvisor made takes with it, for the one confirmation, and what refuses it. */
export interface VmRemovalPlan {
  vm: { hostId: string; uuid: string; name: string; state: VmState; protected: boolean };
  /** Every file of the VM in Snapvisor's pool: disks, cloud-init seed, memory images, snapshot layers, console log. */
  files: { path: string; bytes: number }[];
  /** Snapvisor's snapshots of the VM (their rows and libvirt's metadata go). */
  snapshots: { id: string; name: string }[];
  /** The VM's own NVRAM file, which libvirt removes with the definition. */
  nvram: string | null;
  /** Set when removal is refused (not made by Snapvisor, running, in use), with why. */
  blockedBy: { code: ErrorCode; params: ErrorParams } | null;
  /** Protected VMs are removed only with their name typed. */
  needsTypedName: boolean;
}

export interface RemoveVmRequest {
  /** The VM's name, typed by the user; required when it is protected. */
  confirmName?: string;
}

export interface RemoveVmResult {
  removedFiles: string[];
  removedSnapshots: string[];
}

export interface VmsApi {
  list(hostId: string): Promise<Vm[]>;
  removalPlan(hostId: string, vmUuid: string): Promise<VmRemovalPlan>;
  /** Removes a VM Snapvisor made, with everything of it in Snapvisor's pool (see VmRemovalPlan). */
  remove(hostId: string, vmUuid: string, req?: RemoveVmRequest): Promise<RemoveVmResult>;
  /** The host's virtual networks, by name. */
  networks(hostId: string): Promise<VmNetwork[]>;
}

export interface SnapshotsApi {
  list(filter: SnapshotFilter): Snapshot[];
  get(id: string): SnapshotDetail;
  defaultName(hostId: string, vmUuid: string): string;
  create(req: CreateSnapshotRequest): Promise<Snapshot>;
  edit(id: string, req: EditSnapshotRequest): Promise<Snapshot>;
  setProtected(id: string, on: boolean): Snapshot;
  deletePlan(id: string): DeletePlan;
  delete(id: string, req?: DeleteRequest): Promise<void>;
  revert(id: string, req?: RevertRequest): Promise<RevertResult>;
  restoreAsNew(id: string, req: RestoreAsNewRequest): Promise<Vm>;
  createVolume(req: VolumeSnapshotRequest): Promise<Snapshot>;
  restoreVolume(id: string, req?: VolumeRestoreRequest): Promise<VolumeRestoreResult>;
  extractVolume(id: string, req: ExtractVolumeRequest): Promise<Snapshot>;
  reconcile(hostId: string): Promise<ReconcileReport>;
  adopt(id: string): Promise<Snapshot>;
  forget(id: string): void;
  events(id?: string): SnapshotEvent[];
  addNote(id: string, text: string): Note;
  /** PNG bytes of the screen at snapshot time, when one was taken. */
  thumbnail(id: string): Buffer | null;
}

export interface JobsApi {
  list(): Job[];
  cancel(jobId: string): Promise<void>;
}

export interface SchedulesApi {
  list(hostId?: string): Schedule[];
  add(input: ScheduleInput): Schedule;
  update(id: string, input: Partial<ScheduleInput>): Schedule;
  remove(id: string): void;
  /** Runs every due schedule and applies retention; what the CLI's `schedules run` calls. */
  runDue(now?: Date): Promise<ScheduleRunReport>;
  /** Whether the schedules also run while the app is closed (the systemd user timer). */
  timer(): Promise<ScheduleTimerStatus>;
  /** Turns that timer on (writes, enables and starts the units) or off (stops and removes them). */
  setTimer(on: boolean): Promise<ScheduleTimerStatus>;
}

export interface CopyRequest {
  hostId: string;
  vmUuid: string;
  /** The target host's libvirt URI. */
  to: string;
}

export interface CopyRefreshRequest extends CopyRequest {
  /** The target's retention: keep the newest N copies (null: everything; absent: as the copy had it). */
  keep?: number | null;
}

export interface CopyRemoveResult {
  copyVm: { name: string; uuid: string };
  target: string;
  removedFiles: string[];
  removedSnapshots: string[];
}

export interface CopiesApi {
  /** The copies of a host's VMs (of one VM), wherever they are. */
  list(filter?: { hostId?: string; vmUuid?: string }): CopyInfo[];
  /** Makes or refreshes the VM's copy on the target (a job on the VM: progress, cancel). */
  refresh(req: CopyRefreshRequest): Promise<CopyRefreshResult>;
  /** Reads the copy's files back from the target and compares them with what was sent. */
  verify(req: CopyRequest): Promise<CopyVerifyResult>;
  /** Removes the copy VM and every file of the copy from the target. */
  remove(req: CopyRequest): Promise<CopyRemoveResult>;
}

export interface ExportVmRequest {
  hostId: string;
  vmUuid: string;
  /** The file to write; it must not exist. */
  output: string;
  /** One snapshot alone (with what it needs); absent: the VM with its whole tree. */
  snapshotId?: string;
  /** Bytes of all files written so far, of all files together, and the file being written. */
  onProgress?: (p: { path: string; done: number; total: number }) => void;
  /** Aborting it stops the export (job_cancelled); no file is left. */
  signal?: AbortSignal;
}

export interface ExportVmResult {
  manifest: ExportManifest;
  /** Snapshots not in the file, and why. */
  skipped: { snapshotId: string; reason: SkipReason }[];
}

export interface ImportVmRequest {
  hostId: string;
  /** The export file to read. */
  file: string;
  /** The new VM's name (it must be free); absent: the original's where free, else a free variant. */
  name?: string;
  /** Bytes of the files uploaded so far, of all together, and the file being read. */
  onProgress?: (p: { path: string; done: number; total: number }) => void;
  /** Aborting it stops the import (job_cancelled); nothing is left. */
  signal?: AbortSignal;
}

export interface CheckExportRequest {
  /** The host whose job dock shows the check (the one the file would be imported onto). */
  hostId: string;
  file: string;
  /** Aborting it stops the check (job_cancelled). */
  signal?: AbortSignal;
}

export interface ImportVmResult {
  vm: { name: string; uuid: string };
  /** The imported snapshots' rows here, with their ids in the export. */
  snapshots: { id: string; name: string; exportedId: string }[];
  /** The files written into Snapvisor's pool on the host. */
  files: string[];
  bytes: number;
}

/** Export files (docs/export-format.md). */
export interface ExportsApi {
  /** Imports an export file onto the host: checked as it streams in; nothing is left when it fails. */
  importVm(req: ImportVmRequest): Promise<ImportVmResult>;
  /** Writes the VM with its whole snapshot tree, or one snapshot, to a new file; nothing is left when it fails or is cancelled. */
  exportVm(req: ExportVmRequest): Promise<ExportVmResult>;
  /**
   * Reads an export file through, checking every entry, without writing anything: what it holds.
   * A job on the host from the moment the manifest is read (the dock shows its bytes, Cancel stops it).
   */
  check(req: CheckExportRequest): Promise<ExportSummary>;
}

export interface SnapvisorServices {
  copies: CopiesApi;
  hosts: HostsApi;
  exports: ExportsApi;
  vms: VmsApi;
  snapshots: SnapshotsApi;
  jobs: JobsApi;
  schedules: SchedulesApi;
  on<E extends ServiceEventName>(event: E, listener: (payload: ServiceEvents[E]) => void): () => void;
  close(): Promise<void>;
}
