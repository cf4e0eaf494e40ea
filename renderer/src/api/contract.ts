// The renderer's view of the IPC contract, types only: electron/ipc/contract.ts (the only file of
// electron/ the renderer may import, and only its types) and the shared model its requests and
// responses carry. Every renderer module imports these from here.
export type {
  SnapvisorApi, Result, ApiError, AppInfo, HostTestResult, EventName, EventPayload,
  AfterRevert, CreateSnapshotRequest, DeletePlan, ReconcileReport, RemoveVmResult, RestoreAsNewRequest, RevertResult,
  ScheduleInput, SnapshotDetail, VmRemovalPlan, VolumeRestoreResult, LocalSshKey, CopyRemoveResult,
  ExportDone, ExportSummary, ImportVmResult, PickedFile,
} from '../../../electron/ipc/contract';
export type {
  CopyInfo, CopyOrigin, CopyPlace, CopyRefreshResult, CopyVerifyResult, HostStatus, HostCapabilities, Job, JobState, Note, Schedule, ScheduleTimerStatus, Snapshot, SnapshotDisk, SnapshotEvent,
  SnapshotFilter, SnapshotKind, SnapshotState, Vm, VmNetwork, VmState,
} from '../../../shared/model';
export type { ErrorCode } from '../../../shared/errors';
