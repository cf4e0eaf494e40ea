// What a snapshot's host cannot do with it, so the detail says so before the user tries: an
// internal snapshot's data can be copied or applied only with qemu-img on the host that holds
// the disk, which Snapvisor can run only when that host is this computer.
import type { HostCapabilities, Snapshot } from '../../api/contract';

export type HostLimit = 'internalFilesRemote';

/** Why restore as new, extract and volume restore are not possible here, or null. */
export function copyLimit(s: Snapshot, caps: HostCapabilities | null): HostLimit | null {
  return s.location === 'internal' && caps?.internalSnapshotFiles === false ? 'internalFilesRemote' : null;
}
