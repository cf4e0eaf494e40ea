// A libvirt virtual network: identity, state, XML, start/stop, define/undefine, and the
// connection-level calls that list, look up and define networks.
import { callAsync, fn, takePointerArray, type Ptr } from './lib';
import { check, checkAsync } from './errors';
import { ConnectionObject, type ConnectionRef } from './handle';
import { parseNetworkXml, type NetworkDescription } from './xml/network';

const virConnectListAllNetworks = fn('int virConnectListAllNetworks(virConnect *conn, _Out_ void **nets, unsigned int flags)');
const virNetworkLookupByName = fn('virNetwork *virNetworkLookupByName(virConnect *conn, const char *name)');
const virNetworkDefineXML = fn('virNetwork *virNetworkDefineXML(virConnect *conn, const char *xml)');
const virNetworkCreateXML = fn('virNetwork *virNetworkCreateXML(virConnect *conn, const char *xml)');
const virNetworkFree = fn('int virNetworkFree(virNetwork *net)');
const virNetworkGetName = fn('const char *virNetworkGetName(virNetwork *net)');
const virNetworkGetUUIDString = fn('int virNetworkGetUUIDString(virNetwork *net, _Out_ char *buf)');
const virNetworkGetXMLDesc = fn('char *! virNetworkGetXMLDesc(virNetwork *net, unsigned int flags)');
const virNetworkIsActive = fn('int virNetworkIsActive(virNetwork *net)');
const virNetworkIsPersistent = fn('int virNetworkIsPersistent(virNetwork *net)');
const virNetworkGetAutostart = fn('int virNetworkGetAutostart(virNetwork *net, _Out_ int *autostart)');
const virNetworkCreate = fn('int virNetworkCreate(virNetwork *net)');
const virNetworkDestroy = fn('int virNetworkDestroy(virNetwork *net)');
const virNetworkUndefine = fn('int virNetworkUndefine(virNetwork *net)');

export class Network extends ConnectionObject {
  /** Takes ownership of a network pointer libvirt handed out. */
  static wrap(ptr: Ptr, connection: ConnectionRef): Network {
    return new Network(ptr, virNetworkFree, connection);
  }

  name(): string {
    return this.call('virNetworkGetName', virNetworkGetName(this.ptr) as string | null);
  }

  uuid(): string {
    return this.uuidVia('virNetworkGetUUIDString', virNetworkGetUUIDString);
  }

  isActive(): boolean {
    return this.call('virNetworkIsActive', virNetworkIsActive(this.ptr) as number) === 1;
  }

  isPersistent(): boolean {
    return this.call('virNetworkIsPersistent', virNetworkIsPersistent(this.ptr) as number) === 1;
  }

  autostart(): boolean {
    const out = [0];
    this.call('virNetworkGetAutostart', virNetworkGetAutostart(this.ptr, out) as number);
    return out[0] === 1;
  }

  /** The XML (VIR_NETWORK_XML_INACTIVE for the persistent definition). */
  xml(flags = 0): string {
    return this.call('virNetworkGetXMLDesc', virNetworkGetXMLDesc(this.ptr, flags) as string | null);
  }

  describe(flags = 0): NetworkDescription {
    return parseNetworkXml(this.xml(flags));
  }

  /** Starts a defined network off the JS thread (it creates a bridge: can take a moment). */
  async start(): Promise<void> {
    await this.callAsync(`virNetworkCreate ${this.name()}`, virNetworkCreate);
  }

  /** Stops the network; a transient one is gone after this. */
  async destroy(): Promise<void> {
    await this.callAsync(`virNetworkDestroy ${this.name()}`, virNetworkDestroy);
  }

  undefine(): void {
    this.call(`virNetworkUndefine ${this.name()}`, virNetworkUndefine(this.ptr) as number);
  }
}

/** Networks on a connection (VIR_CONNECT_LIST_NETWORKS_* flags; 0: all, active or not). */
export function listAllNetworks(conn: ConnectionRef, flags = 0): Network[] {
  const out: unknown[] = [null];
  const n = check('virConnectListAllNetworks', conn.ptr, virConnectListAllNetworks(conn.ptr, out, flags) as number);
  return takePointerArray(out[0], n, 'virNetwork *', (p) => Network.wrap(p, conn));
}

export function lookupNetworkByName(conn: ConnectionRef, name: string): Network {
  return Network.wrap(check(`virNetworkLookupByName ${name}`, conn.ptr, virNetworkLookupByName(conn.ptr, name) as Ptr | null), conn);
}

/** Defines a persistent (inactive) network; start it with Network.start. */
export function defineNetwork(conn: ConnectionRef, xml: string): Network {
  return Network.wrap(check('virNetworkDefineXML', conn.ptr, virNetworkDefineXML(conn.ptr, xml) as Ptr | null), conn);
}

/** Creates and starts a transient network (gone once destroyed) off the JS thread. */
export async function createNetwork(conn: ConnectionRef, xml: string): Promise<Network> {
  const p = await callAsync<Ptr | null>(virNetworkCreateXML, conn.ptr, xml);
  return Network.wrap(checkAsync('virNetworkCreateXML', conn.ptr, p), conn);
}
