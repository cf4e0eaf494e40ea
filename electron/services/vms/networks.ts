// A host's virtual networks as Snapvisor offers them to a new VM, and the check that a chosen
// one exists before a definition points at it (libvirt itself checks only when the VM starts).
import { VIR_ERR, ownAll, type Connection, type Network } from '../../../native';
import { SnapvisorError } from '../../../shared/errors';
import { isNotFound, toSnapvisorError } from '../hosts/libvirt-errors';
import type { VmNetwork } from '../../../shared/model';

/** A network's state, or null when it went away while we listed. */
function toVmNetwork(net: Network): VmNetwork | null {
  try {
    return { name: net.name(), active: net.isActive(), persistent: net.isPersistent() };
  } catch {
    return null;
  }
}

export function listNetworks(conn: Connection, hostId: string): VmNetwork[] {
  let listed: Network[];
  try {
    listed = conn.listAllNetworks();
  } catch (e) {
    throw toSnapvisorError(e, { hostId });
  }
  using nets = ownAll(listed);
  return nets.map(toVmNetwork).filter((n): n is VmNetwork => n !== null).sort((a, b) => a.name.localeCompare(b.name));
}

/** Throws network_not_found unless the host has a network of that name. */
export function requireNetwork(conn: Connection, name: string): void {
  try {
    conn.lookupNetworkByName(name).close();
  } catch (e) {
    if (isNotFound(e, VIR_ERR.NO_NETWORK)) throw new SnapvisorError('network_not_found', { network: name });
    throw toSnapvisorError(e);
  }
}
