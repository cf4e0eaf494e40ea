// Every failure the services report is a SnapvisorError with a code from this closed list and
// the parameters its message needs. Messages in the user's language live with the code table
// in shared/error-messages.ts; the services never format user-facing text themselves: a parameter is a
// token (typed below, worded by shared/vocabulary.ts), a name, a path or a number.
import type {
  DiskLocation, FieldName, JobOperation, Reason, SnapshotKind, SnapshotState, VmState,
} from './vocabulary';

export const ERROR_CODES = [
  'invalid_input',
  'name_required',
  'name_too_long',
  'name_invalid',
  'name_taken',
  'host_not_found',
  'host_unreachable',
  'host_permission_denied',
  'ssh_client_missing',
  'ssh_host_key_unknown',
  'ssh_host_key_changed',
  'ssh_name_unknown',
  'ssh_connection_refused',
  'ssh_host_unreachable',
  'ssh_key_unusable',
  'ssh_auth_refused',
  'remote_permission_denied',
  'remote_libvirt_missing',
  'vm_not_found',
  'vm_gone',
  'vm_wrong_state',
  'snapshot_not_found',
  'kind_unsupported',
  'raw_disk_internal',
  'uefi_running_internal',
  'mixed_chain',
  'quiesce_unavailable',
  'protected_needs_name',
  'dependent_not_deletable',
  'snapshot_in_use',
  'snapshot_busy',
  'snapshot_not_ready',
  'no_space',
  'disk_not_found',
  'target_exists',
  'job_cancelled',
  'job_not_cancellable',
  'merge_failed',
  'libvirt_error',
  'daemon_restarted',
  'host_connection_lost',
  'file_missing',
  'storage_unavailable',
  'host_feature_unavailable',
  'volume_streams_unavailable',
  'transfer_mismatch',
  'copy_not_found',
  'copy_same_host',
  'copy_vm_gone',
  'export_not_an_export',
  'export_version_unknown',
  'export_manifest_invalid',
  'export_path_escapes',
  'export_entry_unlisted',
  'export_file_missing',
  'export_truncated',
  'export_damaged',
  'export_size_mismatch',
  'export_checksum_mismatch',
  'export_unreadable',
  'export_write_failed',
  'export_snapshot_unsupported',
  'export_vm_empty',
  'file_dialog_unavailable',
  'schedule_invalid',
  'schedule_not_found',
  'timer_unavailable',
  'timer_failed',
  'internal',
  'network_not_found',
  'vm_not_removable',
  'vm_protected_needs_name',
  'vm_in_use',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** The parameters that carry tokens: only the vocabulary's, so no English sentence slips in. */
export interface TokenParams {
  reason?: Reason;
  field?: FieldName;
  state?: VmState | SnapshotState;
  /** What the state or the chain would have to be. */
  needs?: VmState | DiskLocation;
  kind?: SnapshotKind;
  /** The kind that can be made instead (mixed_chain). */
  nearest?: SnapshotKind;
  existing?: DiskLocation;
  location?: DiskLocation;
  operation?: JobOperation;
}

export type ErrorParams = TokenParams & Record<string, string | number>;

export class SnapvisorError extends Error {
  readonly code: ErrorCode;
  readonly params: ErrorParams;

  constructor(code: ErrorCode, params: ErrorParams = {}, message?: string) {
    super(message ?? `${code}${Object.keys(params).length ? ` ${JSON.stringify(params)}` : ''}`);
    this.name = 'SnapvisorError';
    this.code = code;
    this.params = params;
  }
}

export function isSnapvisorError(e: unknown): e is SnapvisorError {
  return e instanceof SnapvisorError;
}
