// The renderer's view of the IPC contract, types only: electron/ipc/contract.ts and the model
// types its requests and responses carry. Every renderer module imports these from here.
export type { SnapvisorApi, Result, ApiError, AppInfo, HostTestResult, EventName, EventPayload } from '../../../electron/ipc/contract';
export type {
  HostStatus, HostCapabilities, Job, JobState, Note, Schedule, ScheduleTimerStatus, Snapshot, SnapshotDisk, SnapshotEvent,
  SnapshotFilter, SnapshotKind, SnapshotState, Vm, VmNetwork, VmState,
} from '../../../electron/services/model';
export type {
  AfterRevert, CreateSnapshotRequest, DeletePlan, ReconcileReport, RestoreAsNewRequest, RevertResult,
  ScheduleInput, SnapshotDetail, VolumeRestoreResult,
} from '../../../electron/services/api';
export type { ErrorCode } from '../../../electron/services/errors';
