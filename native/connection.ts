// A libvirt connection: open/close, identity, versions, capabilities, keepalive, domain lookup.
import { callAsync, fn, takePointerArray, type Ptr } from './lib';
import { captureOpenError, check, checkAsync, forgetConnectionUri, lastError, noteConnectionUri } from './errors';
import { Handle, type ConnectionRef } from './handle';
import { Domain } from './domain';
import { StoragePool } from './storage-pool';
import { StorageVolume } from './storage-volume';
import { Stream } from './stream';
import { createNetwork, defineNetwork, listAllNetworks, lookupNetworkByName, type Network } from './network';
import {
  dropConnectionEvents, ensureEventLoop, eventImplRegistered, retainEventLoop, subscribeClose, subscribeLifecycle,
  type CloseListener, type LifecycleListener,
} from './events';
import { subscribeBlockJobs, type BlockJobListener } from './block-job';
import { VIR_CONNECT } from './constants';
import { parseDomainCapabilities, type DomainCapabilities } from './xml/capabilities';
import { dirPoolXml } from './xml/storage';
import { sshTransportOf } from './uri';

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
const virDomainCreateXML = fn('virDomain *virDomainCreateXML(virConnect *conn, const char *xml, unsigned int flags)');
const virDomainRestoreFlags = fn('int virDomainRestoreFlags(virConnect *conn, const char *from, const char *dxml, unsigned int flags)');
const virConnectListAllStoragePools = fn('int virConnectListAllStoragePools(virConnect *conn, _Out_ void **pools, unsigned int flags)');
const virStoragePoolLookupByName = fn('virStoragePool *virStoragePoolLookupByName(virConnect *conn, const char *name)');
const virStoragePoolLookupByUUIDString = fn('virStoragePool *virStoragePoolLookupByUUIDString(virConnect *conn, const char *uuid)');
const virStoragePoolLookupByTargetPath = fn('virStoragePool *virStoragePoolLookupByTargetPath(virConnect *conn, const char *path)');
const virStoragePoolLookupByVolume = fn('virStoragePool *virStoragePoolLookupByVolume(virStorageVol *vol)');
const virStoragePoolCreateXML = fn('virStoragePool *virStoragePoolCreateXML(virConnect *conn, const char *xml, unsigned int flags)');
const virStoragePoolDefineXML = fn('virStoragePool *virStoragePoolDefineXML(virConnect *conn, const char *xml, unsigned int flags)');
const virStorageVolLookupByPath = fn('virStorageVol *virStorageVolLookupByPath(virConnect *conn, const char *path)');
const virStorageVolLookupByKey = fn('virStorageVol *virStorageVolLookupByKey(virConnect *conn, const char *key)');
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
  /**
   * Deliver events (domain lifecycle, close): registers libvirt's event loop before opening
   * and pumps it while connections live. Connections opened after any `events: true` open get
   * events too.
   */
  events?: boolean;
  /**
   * Client-side keepalive (needs events): libvirt closes the connection, and onClose listeners
   * hear "keepalive", when the daemon has not answered `count` pings sent every `interval` s.
   */
  keepAlive?: { interval: number; count: number };
}

/**
 * The URI libvirt is given: SSH transports get `no_tty=1` unless the caller set it, so ssh never
 * asks for a password on the terminal (keys, agent and polkit still work).
 */
export function noPromptUri(uri: string): string {
  if (!sshTransportOf(uri)) return uri;
  if (/[?&]no_tty=/.test(uri)) return uri;
  const hash = uri.indexOf('#');
  const base = hash < 0 ? uri : uri.slice(0, hash);
  const frag = hash < 0 ? '' : uri.slice(hash);
  return `${base}${base.includes('?') ? '&' : '?'}no_tty=1${frag}`;
}

export class Connection extends Handle {
  readonly requestedUri: string;
  /**
   * The driver runs inside this process (the test driver, `test:///…`): its calls are memory
   * lookups that answer faster than a pool thread wakes, so the *Async reads run them inline.
   */
  readonly inProcess: boolean;
  #releaseLoop: (() => void) | null = null;

  private constructor(ptr: Ptr, uri: string) {
    super(ptr, virConnectClose);
    this.requestedUri = uri;
    this.inProcess = /^test:\/\//i.test(uri);
    noteConnectionUri(ptr, uri);
    // Registered before this open: the loop carries this connection's socket and keepalive.
    if (eventImplRegistered()) this.#releaseLoop = retainEventLoop();
  }

  /**
   * Opens a connection off the JS thread (a remote URI may take seconds). Authentication is
   * limited to what libvirt does without a prompt (SSH keys/agent, polkit, TLS certificates).
   */
  static async open(uri: string, options: OpenOptions = {}): Promise<Connection> {
    if (options.events || options.keepAlive) ensureEventLoop();
    const flags = options.readOnly ? VIR_CONNECT.RO : 0;
    const ptr = await captureOpenError(`open ${uri}`, () => callAsync<Ptr | null>(virConnectOpenAuth, noPromptUri(uri), null, flags));
    return Connection.opened(ptr, uri, options);
  }

  static openSync(uri: string, options: OpenOptions = {}): Connection {
    if (options.events || options.keepAlive) ensureEventLoop();
    const flags = options.readOnly ? VIR_CONNECT.RO : 0;
    const ptr = virConnectOpenAuth(noPromptUri(uri), null, flags) as Ptr | null;
    if (ptr === null) throw lastError(`open ${uri}`, null);
    return Connection.opened(ptr, uri, options);
  }

  private static opened(ptr: Ptr, uri: string, options: OpenOptions): Connection {
    const conn = new Connection(ptr, uri);
    if (options.keepAlive) {
      try {
        conn.setKeepAlive(options.keepAlive.interval, options.keepAlive.count);
      } catch (e) {
        conn.close();
        throw e;
      }
    }
    return conn;
  }

  /**
   * The Connection a domain (or any object of one) came from. The objects hold only the narrow
   * reference they need (handle.ts), so that this module imports them and they never import it.
   */
  static of(object: { readonly connection: ConnectionRef }): Connection {
    const c = object.connection;
    if (!(c instanceof Connection)) throw new Error(`${object.constructor.name} was not made by a Connection`);
    return c;
  }

  /** Deregisters this connection's event callbacks, then closes it. */
  override close(): void {
    if (this.closed) return;
    dropConnectionEvents(this.ptr);
    forgetConnectionUri(this.ptr);
    super.close();
    this.#releaseLoop?.();
    this.#releaseLoop = null;
  }

  // --- events ---

  /**
   * Calls `listener` for every lifecycle event (started, stopped, suspended, resumed, defined,
   * undefined...) of every domain, or of `domain` only. Needs a connection opened with
   * `{ events: true }`. Returns the unsubscribe function; close() unsubscribes all.
   */
  onDomainLifecycle(listener: LifecycleListener, domain?: Domain): () => void {
    return subscribeLifecycle(this, this.ptr, listener, domain ? { ptr: domain.ptr, uuid: domain.uuid() } : null);
  }

  /** Calls `listener` for every BLOCK_JOB_2 event (a block job completed, failed, was cancelled or is ready to pivot). */
  onBlockJob(listener: BlockJobListener, domain?: Domain): () => void {
    return subscribeBlockJobs(this, this.ptr, listener, domain ? { ptr: domain.ptr, uuid: domain.uuid() } : null);
  }

  /**
   * Calls `listener` with the reason when libvirt closes this connection by itself (daemon
   * restart, keepalive timeout): the connection is dead then, close it and open a new one.
   */
  onClose(listener: CloseListener): () => void {
    return subscribeClose(this, this.ptr, listener);
  }

  protected get connectionPtr(): Ptr {
    return this.ptr;
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

  /**
   * Creates and starts a transient domain (gone once it stops) off the JS thread;
   * VIR_DOMAIN_START_* flags (PAUSED: QEMU runs no guest code).
   */
  async createDomainXml(xml: string, flags = 0): Promise<Domain> {
    const p = await callAsync<Ptr | null>(virDomainCreateXML, this.ptr, xml, flags);
    return Domain.wrap(checkAsync('virDomainCreateXML', this.ptr, p), this);
  }

  /** Restores a domain saved with Domain.save off the JS thread (VIR_DOMAIN_SAVE_* flags). */
  async restoreDomain(file: string, options: { xml?: string; flags?: number } = {}): Promise<void> {
    const rc = await callAsync<number>(virDomainRestoreFlags, this.ptr, file, options.xml ?? null, options.flags ?? 0);
    checkAsync(`virDomainRestoreFlags ${file}`, this.ptr, rc);
  }

  // --- storage ---

  /** Storage pools (VIR_CONNECT_LIST_STORAGE_POOLS_* flags). */
  /** A new blocking stream on this connection (volume download/upload), freed with close(). */
  newStream(flags = 0): Stream {
    return Stream.create(this.ptr, flags);
  }

  listAllStoragePools(flags = 0): StoragePool[] {
    const out: unknown[] = [null];
    const n = this.call('virConnectListAllStoragePools', virConnectListAllStoragePools(this.ptr, out, flags) as number);
    return takePointerArray(out[0], n, 'virStoragePool *', (p) => StoragePool.wrap(p, this));
  }

  lookupStoragePoolByName(name: string): StoragePool {
    return StoragePool.wrap(this.call(`virStoragePoolLookupByName ${name}`, virStoragePoolLookupByName(this.ptr, name) as Ptr | null), this);
  }

  lookupStoragePoolByUuid(uuid: string): StoragePool {
    const p = virStoragePoolLookupByUUIDString(this.ptr, uuid) as Ptr | null;
    return StoragePool.wrap(this.call(`virStoragePoolLookupByUUIDString ${uuid}`, p), this);
  }

  /** The pool whose target directory (or device) is `path`. */
  lookupStoragePoolByTargetPath(path: string): StoragePool {
    const p = virStoragePoolLookupByTargetPath(this.ptr, path) as Ptr | null;
    return StoragePool.wrap(this.call(`virStoragePoolLookupByTargetPath ${path}`, p), this);
  }

  /** The pool a volume lives in. */
  lookupStoragePoolByVolume(volume: StorageVolume): StoragePool {
    return StoragePool.wrap(this.call('virStoragePoolLookupByVolume', virStoragePoolLookupByVolume(volume.ptr) as Ptr | null), this);
  }

  /** A volume by its path; libvirt knows only files inside an active pool. */
  lookupStorageVolumeByPath(path: string): StorageVolume {
    return StorageVolume.wrap(this.call(`virStorageVolLookupByPath ${path}`, virStorageVolLookupByPath(this.ptr, path) as Ptr | null), this);
  }

  /**
   * The same off the JS thread. Over an SSH link, libvirt 9.0 may hold back a call made from the
   * JS thread while another thread's long call (a memory snapshot) is in flight on the same
   * connection, until that call ends; calls from the thread pool go through (measured here).
   */
  async findStorageVolumeByPath(path: string): Promise<StorageVolume> {
    const p = await callAsync<Ptr | null>(virStorageVolLookupByPath, this.ptr, path);
    return StorageVolume.wrap(checkAsync(`virStorageVolLookupByPath ${path}`, this.ptr, p), this);
  }

  lookupStorageVolumeByKey(key: string): StorageVolume {
    return StorageVolume.wrap(this.call(`virStorageVolLookupByKey ${key}`, virStorageVolLookupByKey(this.ptr, key) as Ptr | null), this);
  }

  /** Creates and starts a transient pool (gone once destroyed) off the JS thread. */
  async createStoragePool(xml: string, flags = 0): Promise<StoragePool> {
    const p = await callAsync<Ptr | null>(virStoragePoolCreateXML, this.ptr, xml, flags);
    return StoragePool.wrap(checkAsync('virStoragePoolCreateXML', this.ptr, p), this);
  }

  /** A transient directory pool over `path`, e.g. to manage overlays next to a VM's disks. */
  createDirStoragePool(name: string, path: string): Promise<StoragePool> {
    return this.createStoragePool(dirPoolXml({ name, path }));
  }

  /** Defines a persistent (inactive) pool; start it with StoragePool.start. */
  defineStoragePool(xml: string, flags = 0): StoragePool {
    return StoragePool.wrap(this.call('virStoragePoolDefineXML', virStoragePoolDefineXML(this.ptr, xml, flags) as Ptr | null), this);
  }

  // --- networks ---

  /** Virtual networks, active or not (VIR_CONNECT_LIST_NETWORKS_* flags narrow it). */
  listAllNetworks(flags = 0): Network[] {
    return listAllNetworks(this, flags);
  }

  lookupNetworkByName(name: string): Network {
    return lookupNetworkByName(this, name);
  }

  /** Defines a persistent (inactive) network; start it with Network.start. */
  defineNetwork(xml: string): Network {
    return defineNetwork(this, xml);
  }

  /** Creates and starts a transient network off the JS thread. */
  createNetwork(xml: string): Promise<Network> {
    return createNetwork(this, xml);
  }
}

