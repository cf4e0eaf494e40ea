// Maps what libvirt (and the tools we spawn) report onto Snapvisor's error codes.
import { LibvirtError, VIR_ERR } from '../../native';
import { SnapvisorError, isSnapvisorError, type ErrorParams } from './errors';

const NO_SPACE = /No space left on device|ENOSPC|not enough space/i;

/** Turns any failure into a SnapvisorError; `params` add context (vm, snapshot...). */
export function toSnapvisorError(e: unknown, params: ErrorParams = {}): SnapvisorError {
  if (isSnapvisorError(e)) return e;
  const message = e instanceof Error ? e.message : String(e);
  if (NO_SPACE.test(message)) return new SnapvisorError('no_space', { ...params, detail: message });
  if (e instanceof LibvirtError) {
    const detail = { ...params, detail: e.libvirtMessage, libvirtCode: e.codeName };
    switch (e.code) {
      case VIR_ERR.NO_DOMAIN: return new SnapvisorError('vm_gone', detail);
      case VIR_ERR.NO_DOMAIN_SNAPSHOT: return new SnapvisorError('snapshot_not_found', detail);
      case VIR_ERR.OPERATION_ABORTED: return new SnapvisorError('job_cancelled', detail);
      case VIR_ERR.AGENT_UNRESPONSIVE: case VIR_ERR.AGENT_UNSYNCED: return new SnapvisorError('quiesce_unavailable', detail);
      case VIR_ERR.ACCESS_DENIED: case VIR_ERR.AUTH_FAILED: case VIR_ERR.AUTH_UNAVAILABLE: case VIR_ERR.AUTH_CANCELLED:
        return new SnapvisorError('host_permission_denied', detail);
      case VIR_ERR.NO_CONNECT: case VIR_ERR.INVALID_CONN: case VIR_ERR.SYSTEM_ERROR: case VIR_ERR.RPC:
        return /connection|socket|closed|reset|Broken pipe|end of file/i.test(e.libvirtMessage)
          ? new SnapvisorError('daemon_restarted', detail)
          : new SnapvisorError('host_unreachable', detail);
      case VIR_ERR.OPERATION_INVALID:
        return /not running|is not active|domain is already|inactive/i.test(e.libvirtMessage)
          ? new SnapvisorError('vm_wrong_state', detail)
          : new SnapvisorError('libvirt_error', detail);
      default: return new SnapvisorError('libvirt_error', detail);
    }
  }
  return new SnapvisorError('internal', { ...params, detail: message });
}

/** True when libvirt says the thing looked up does not exist. */
export function isNotFound(e: unknown, code: number): boolean {
  return e instanceof LibvirtError && e.code === code;
}
