// A libvirt connection: open/close, identity, versions, capabilities, keepalive, domain lookup.
import { callAsync, fn, takePointerArray, type Ptr } from './lib';
import { check, lastError } from './errors';
import { Handle } from './handle';
import { Domain } from './domain';
import { VIR_CONNECT } from './constants';
import { parseDomainCapabilities, type DomainCapabilities } from './xml/capabilities';

const virConnectOpenAuth = fn('virConnect *virConnectOpenAuth(const char *name, void *auth, unsigned int flags)');
const virConnectClose = fn('int virConnectClose(virConnect *conn)');
const virConnectGetURI = fn('char *! virConnectGetURI(virConnect *conn)');
const virConnectGetHostname = fn('char *! virConnectGetHostname(virConnect *conn)');
const virConnectGetType = fn('const char *virConnectGetType(virConnect *conn)');
const virConnectGetLibVersion = fn('int virConnectGetLibVersion(virConnect *conn, _Out_ unsigned long *libVer)');
const virConnectGetVersion = fn('int virConnectGetVersion(virConnect *conn, _Out_ unsigned long *hvVer)');
const virConnectGetCapabilities = fn('char *! virConnectGetCapabilities(virConnect *conn)');
const virConnectGetDomainCapabilities = fn(
  'char *! virConnectGetDomainCapabilities(virConnect *conn, const char *emulatorbin, const char *arch, const char *machine, const char *virttype, unsigned int flags)',
);
const virConnectIsAlive = fn('int virConnectIsAlive(virConnect *conn)');
const virConnectIsEncrypted = fn('int virConnectIsEncrypted(virConnect *conn)');
const virConnectSetKeepAlive = fn('int virConnectSetKeepAlive(virConnect *conn, int interval, unsigned int count)');
const virConnectListAllDomains = fn('int virConnectListAllDomains(virConnect *conn, _Out_ void **domains, unsigned int flags)');
const virDomainLookupByName = fn('virDomain *virDomainLookupByName(virConnect *conn, const char *name)');
const virDomainLookupByUUIDString = fn('virDomain *virDomainLookupByUUIDString(virConnect *conn, const char *uuid)');
const virDomainDefineXMLFlags = fn('virDomain *virDomainDefineXMLFlags(virConnect *conn, const char *xml, unsigned int flags)');
const virGetVersion = fn('int virGetVersion(_Out_ unsigned long *libVer, const char *type, _Out_ unsigned long *typeVer)');

export interface Version {
  major: number;
  minor: number;
  micro: number;
}

/** libvirt encodes versions as major * 1,000,000 + minor * 1,000 + micro. */
export function decodeVersion(v: number): Version {
  return { major: Math.floor(v / 1_000_000), minor: Math.floor(v / 1000) % 1000, micro: v % 1000 };
}

export function versionAtLeast(v: Version, major: number, minor = 0, micro = 0): boolean {
  return v.major !== major ? v.major > major : v.minor !== minor ? v.minor > minor : v.micro >= micro;
}

export function formatVersion(v: Version): string {
  return `${v.major}.${v.minor}.${v.micro}`;
}

/** The version of the libvirt library loaded into this process (no connection needed). */
export function libraryVersion(): Version {
  const out = [0];
  check('virGetVersion', null, virGetVersion(out, null, null) as number);
  return decodeVersion(out[0] ?? 0);
}

export interface OpenOptions {
  readOnly?: boolean;
}

export class Connection extends Handle {
  readonly requestedUri: string;

  private constructor(ptr: Ptr, uri: string) {
    super(ptr, virConnectClose);
    this.requestedUri = uri;
  }

  /**
   * Opens a connection off the JS thread (a remote URI may take seconds). Authentication is
   * limited to what libvirt does without a prompt (SSH keys/agent, polkit, TLS certificates).
   */
  static async open(uri: string, options: OpenOptions = {}): Promise<Connection> {
    const flags = options.readOnly ? VIR_CONNECT.RO : 0;
    const ptr = await callAsync<Ptr | null>(virConnectOpenAuth, uri, null, flags);
    if (ptr === null) throw lastError(`open ${uri}`, null);
    return new Connection(ptr, uri);
  }

  static openSync(uri: string, options: OpenOptions = {}): Connection {
    const flags = options.readOnly ? VIR_CONNECT.RO : 0;
    const ptr = virConnectOpenAuth(uri, null, flags) as Ptr | null;
    if (ptr === null) throw lastError(`open ${uri}`, null);
    return new Connection(ptr, uri);
  }

  protected call<T>(operation: string, result: T): Exclude<T, null> {
    return check(operation, this.ptr, result);
  }

  uri(): string {
    return this.call('virConnectGetURI', virConnectGetURI(this.ptr) as string | null);
  }

  hostname(): string {
    return this.call('virConnectGetHostname', virConnectGetHostname(this.ptr) as string | null);
  }

  /** The hypervisor driver's name, e.g. "QEMU" or "Test". */
  driverType(): string {
    return this.call('virConnectGetType', virConnectGetType(this.ptr) as string | null);
  }

  /** The libvirt version of the daemon (or the library, for in-process drivers). */
  libVersion(): Version {
    const out = [0];
    this.call('virConnectGetLibVersion', virConnectGetLibVersion(this.ptr, out) as number);
    return decodeVersion(out[0] ?? 0);
  }

  /** The hypervisor's version (QEMU's for qemu://). */
  hypervisorVersion(): Version {
    const out = [0];
    this.call('virConnectGetVersion', virConnectGetVersion(this.ptr, out) as number);
    return decodeVersion(out[0] ?? 0);
  }

  capabilitiesXml(): string {
    return this.call('virConnectGetCapabilities', virConnectGetCapabilities(this.ptr) as string | null);
  }

  domainCapabilitiesXml(opts: { emulator?: string; arch?: string; machine?: string; virtType?: string } = {}): string {
    const xml = virConnectGetDomainCapabilities(
      this.ptr, opts.emulator ?? null, opts.arch ?? null, opts.machine ?? null, opts.virtType ?? null, 0,
    ) as string | null;
    return this.call('virConnectGetDomainCapabilities', xml);
  }

  domainCapabilities(opts: { emulator?: string; arch?: string; machine?: string; virtType?: string } = {}): DomainCapabilities {
    return parseDomainCapabilities(this.domainCapabilitiesXml(opts));
  }

  isAlive(): boolean {
    return this.call('virConnectIsAlive', virConnectIsAlive(this.ptr) as number) === 1;
  }

  isEncrypted(): boolean {
    return this.call('virConnectIsEncrypted', virConnectIsEncrypted(this.ptr) as number) === 1;
  }

  /** Keepalive needs a running event loop (see events.ts); returns false where the driver has none. */
  setKeepAlive(intervalSeconds: number, count: number): boolean {
    return this.call('virConnectSetKeepAlive', virConnectSetKeepAlive(this.ptr, intervalSeconds, count) as number) === 0;
  }

  listAllDomains(flags = 0): Domain[] {
    const out: unknown[] = [null];
    const n = this.call('virConnectListAllDomains', virConnectListAllDomains(this.ptr, out, flags) as number);
    return takePointerArray(out[0], n, 'virDomain *', (p) => Domain.wrap(p, this));
  }

  lookupDomainByName(name: string): Domain {
    return Domain.wrap(this.call(`virDomainLookupByName ${name}`, virDomainLookupByName(this.ptr, name) as Ptr | null), this);
  }

  lookupDomainByUuid(uuid: string): Domain {
    return Domain.wrap(this.call(`virDomainLookupByUUIDString ${uuid}`, virDomainLookupByUUIDString(this.ptr, uuid) as Ptr | null), this);
  }

  defineDomain(xml: string, flags = 0): Domain {
    return Domain.wrap(this.call('virDomainDefineXMLFlags', virDomainDefineXMLFlags(this.ptr, xml, flags) as Ptr | null), this);
  }
}

