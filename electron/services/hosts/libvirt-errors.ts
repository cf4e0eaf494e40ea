// Maps what libvirt (and the tools we spawn) report onto Snapvisor's error codes.
import { LibvirtError, VIR_ERR, isLocalUri, parseLibvirtUri } from '../../../native';
import { SnapvisorError, isSnapvisorError, type ErrorParams } from '../../../shared/errors';

const NO_SPACE = /No space left on device|ENOSPC|not enough space/i;

/**
 * The words of a connection that died under a call: the daemon went away (restart) or the link
 * to it did (an SSH session or network cut). libvirt says the same for both; only the URI tells
 * which side of the link it was.
 */
const LINK_LOST = /connection|socket|closed|reset|Broken pipe|end of file/i;

/** libvirt's words for a file that is not there (a disk, backing image or memory file). */
const NO_SUCH_FILE = /No such file or directory/i;
/** The path in "Cannot access storage file '/x' …", "Failed to open file '/x': …", "… volume /x: …". */
const FILE_IN_MESSAGE = /'(\/[^']*)'|volume (\/\S+):/;

function linkLost(e: LibvirtError, detail: ErrorParams): SnapvisorError {
  if (e.uri === null || isLocalUri(e.uri)) return new SnapvisorError('daemon_restarted', detail);
  const host = parseLibvirtUri(e.uri)?.host;
  return new SnapvisorError('host_connection_lost', { ...detail, ...(host ? { host } : {}) });
}

function fileMissing(e: LibvirtError, detail: ErrorParams): SnapvisorError {
  const m = FILE_IN_MESSAGE.exec(e.libvirtMessage);
  const path = m?.[1] ?? m?.[2];
  return new SnapvisorError('file_missing', path ? { ...detail, path } : detail);
}

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
      case VIR_ERR.NO_CONNECT: case VIR_ERR.INVALID_CONN:
        return LINK_LOST.test(e.libvirtMessage) ? linkLost(e, detail) : new SnapvisorError('host_unreachable', detail);
      case VIR_ERR.SYSTEM_ERROR: case VIR_ERR.RPC:
        if (NO_SUCH_FILE.test(e.libvirtMessage)) return fileMissing(e, detail);
        return LINK_LOST.test(e.libvirtMessage) ? linkLost(e, detail) : new SnapvisorError('libvirt_error', detail);
      case VIR_ERR.INTERNAL_ERROR:
        // A call after the link died (libvirt's client already knows its socket is gone), or the
        // one in flight when it died (the daemon hung up under it, e.g. a restart).
        return /client socket is closed|received hangup event on socket/i.test(e.libvirtMessage) ? linkLost(e, detail) : new SnapvisorError('libvirt_error', detail);
      case VIR_ERR.OPERATION_INVALID:
        return /not running|is not active|domain is already|inactive/i.test(e.libvirtMessage)
          ? new SnapvisorError('vm_wrong_state', detail)
          : new SnapvisorError('libvirt_error', detail);
      default: return new SnapvisorError('libvirt_error', detail);
    }
  }
  return new SnapvisorError('internal', { ...params, detail: message });
}

/** The link to the host died (or its daemon restarted) under a call: the whole operation fails with it. */
export function isLinkLost(err: SnapvisorError): boolean {
  return err.code === 'host_connection_lost' || err.code === 'daemon_restarted';
}

/** True when libvirt says the thing looked up does not exist. */
export function isNotFound(e: unknown, code: number): boolean {
  return e instanceof LibvirtError && e.code === code;
}
