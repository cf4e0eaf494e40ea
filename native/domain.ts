// A libvirt domain (VM): identity, state, XML, lifecycle, block info, guest agent, snapshots.
import { callAsync, fn, koffi, takePointerArray, type Ptr } from './lib';
import { check } from './errors';
import { Handle } from './handle';
import type { Connection } from './connection';
import { DomainSnapshot } from './snapshot';
import { VIR_DOMAIN_STATE, VIR_DOMAIN_XML } from './constants';
import { parseDomainXml, type DomainDescription } from './xml/domain';

koffi.struct('virDomainInfo', {
  state: 'uchar',
  maxMem: 'ulong',
  memory: 'ulong',
  nrVirtCpu: 'ushort',
  cpuTime: 'ulonglong',
});
koffi.struct('virDomainBlockInfo', {
  capacity: 'ulonglong',
  allocation: 'ulonglong',
  physical: 'ulonglong',
});

const virDomainFree = fn('int virDomainFree(virDomain *dom)');
const virDomainGetName = fn('const char *virDomainGetName(virDomain *dom)');
const virDomainGetUUIDString = fn('int virDomainGetUUIDString(virDomain *dom, _Out_ char *buf)');
const virDomainGetID = fn('unsigned int virDomainGetID(virDomain *dom)');
const virDomainGetInfo = fn('int virDomainGetInfo(virDomain *dom, _Out_ virDomainInfo *info)');
const virDomainGetState = fn('int virDomainGetState(virDomain *dom, _Out_ int *state, _Out_ int *reason, unsigned int flags)');
const virDomainGetXMLDesc = fn('char *! virDomainGetXMLDesc(virDomain *dom, unsigned int flags)');
const virDomainIsActive = fn('int virDomainIsActive(virDomain *dom)');
const virDomainIsPersistent = fn('int virDomainIsPersistent(virDomain *dom)');
const virDomainUndefineFlags = fn('int virDomainUndefineFlags(virDomain *dom, unsigned int flags)');
const virDomainCreateWithFlags = fn('int virDomainCreateWithFlags(virDomain *dom, unsigned int flags)');
const virDomainShutdown = fn('int virDomainShutdown(virDomain *dom)');
const virDomainDestroy = fn('int virDomainDestroy(virDomain *dom)');
const virDomainSuspend = fn('int virDomainSuspend(virDomain *dom)');
const virDomainResume = fn('int virDomainResume(virDomain *dom)');
const virDomainGetBlockInfo = fn('int virDomainGetBlockInfo(virDomain *dom, const char *disk, _Out_ virDomainBlockInfo *info, unsigned int flags)');
const virDomainSnapshotCreateXML = fn('virDomainSnapshot *virDomainSnapshotCreateXML(virDomain *dom, const char *xml, unsigned int flags)');
const virDomainListAllSnapshots = fn('int virDomainListAllSnapshots(virDomain *dom, _Out_ void **snaps, unsigned int flags)');
const virDomainSnapshotLookupByName = fn('virDomainSnapshot *virDomainSnapshotLookupByName(virDomain *dom, const char *name, unsigned int flags)');
const virDomainSnapshotCurrent = fn('virDomainSnapshot *virDomainSnapshotCurrent(virDomain *dom, unsigned int flags)');
const virDomainHasCurrentSnapshot = fn('int virDomainHasCurrentSnapshot(virDomain *dom, unsigned int flags)');

export type DomainStateName = 'nostate' | 'running' | 'blocked' | 'paused' | 'shutdown' | 'shutoff' | 'crashed' | 'pmsuspended';

const stateNames: Record<number, DomainStateName> = {
  [VIR_DOMAIN_STATE.NOSTATE]: 'nostate',
  [VIR_DOMAIN_STATE.RUNNING]: 'running',
  [VIR_DOMAIN_STATE.BLOCKED]: 'blocked',
  [VIR_DOMAIN_STATE.PAUSED]: 'paused',
  [VIR_DOMAIN_STATE.SHUTDOWN]: 'shutdown',
  [VIR_DOMAIN_STATE.SHUTOFF]: 'shutoff',
  [VIR_DOMAIN_STATE.CRASHED]: 'crashed',
  [VIR_DOMAIN_STATE.PMSUSPENDED]: 'pmsuspended',
};

export interface DomainState {
  state: DomainStateName;
  /** The raw virDomainState. */
  code: number;
  /** The state-specific reason (virDomainPausedReason, virDomainShutoffReason, ...). */
  reason: number;
}

export interface DomainInfo {
  state: DomainStateName;
  maxMemKiB: number;
  memoryKiB: number;
  vcpus: number;
  cpuTimeNs: bigint | number;
}

export interface BlockInfo {
  capacity: number;
  allocation: number;
  physical: number;
}

export class Domain extends Handle {
  readonly connection: Connection;

  private constructor(ptr: Ptr, connection: Connection) {
    super(ptr, virDomainFree);
    this.connection = connection;
  }

  /** Takes ownership of a domain pointer libvirt handed out. */
  static wrap(ptr: Ptr, connection: Connection): Domain {
    return new Domain(ptr, connection);
  }

  protected call<T>(operation: string, result: T): Exclude<T, null> {
    return check(operation, this.connection.ptr, result);
  }

  name(): string {
    return this.call('virDomainGetName', virDomainGetName(this.ptr) as string | null);
  }

  uuid(): string {
    const buf = Buffer.alloc(37);
    this.call('virDomainGetUUIDString', virDomainGetUUIDString(this.ptr, buf) as number);
    return buf.toString('latin1', 0, 36);
  }

  /** The running domain's id, or -1 when it is not running. */
  id(): number {
    const id = virDomainGetID(this.ptr) as number;
    return id === 0xffffffff ? -1 : id;
  }

  info(): DomainInfo {
    const out: Record<string, number | bigint> = {};
    this.call('virDomainGetInfo', virDomainGetInfo(this.ptr, out) as number);
    return {
      state: stateNames[Number(out.state)] ?? 'nostate',
      maxMemKiB: Number(out.maxMem),
      memoryKiB: Number(out.memory),
      vcpus: Number(out.nrVirtCpu),
      cpuTimeNs: out.cpuTime ?? 0,
    };
  }

  state(): DomainState {
    const s = [0];
    const r = [0];
    this.call('virDomainGetState', virDomainGetState(this.ptr, s, r, 0) as number);
    const code = s[0] ?? 0;
    return { state: stateNames[code] ?? 'nostate', code, reason: r[0] ?? 0 };
  }

  isActive(): boolean {
    return this.call('virDomainIsActive', virDomainIsActive(this.ptr) as number) === 1;
  }

  isPersistent(): boolean {
    return this.call('virDomainIsPersistent', virDomainIsPersistent(this.ptr) as number) === 1;
  }

  xml(flags = 0): string {
    return this.call('virDomainGetXMLDesc', virDomainGetXMLDesc(this.ptr, flags) as string | null);
  }

  /** The parsed definition; `inactive` gives the persistent config rather than the live one. */
  describe(options: { inactive?: boolean } = {}): DomainDescription {
    return parseDomainXml(this.xml(options.inactive ? VIR_DOMAIN_XML.INACTIVE : 0));
  }

  undefine(flags = 0): void {
    this.call('virDomainUndefineFlags', virDomainUndefineFlags(this.ptr, flags) as number);
  }

  async start(flags = 0): Promise<void> {
    this.call('virDomainCreateWithFlags', await callAsync<number>(virDomainCreateWithFlags, this.ptr, flags));
  }

  /** Asks the guest to shut down (ACPI or agent); returns before it has stopped. */
  async shutdown(): Promise<void> {
    this.call('virDomainShutdown', await callAsync<number>(virDomainShutdown, this.ptr));
  }

  async destroy(): Promise<void> {
    this.call('virDomainDestroy', await callAsync<number>(virDomainDestroy, this.ptr));
  }

  async suspend(): Promise<void> {
    this.call('virDomainSuspend', await callAsync<number>(virDomainSuspend, this.ptr));
  }

  async resume(): Promise<void> {
    this.call('virDomainResume', await callAsync<number>(virDomainResume, this.ptr));
  }

  /** Sizes of one disk, by target ("vda") or source path. */
  blockInfo(disk: string): BlockInfo {
    const out: Record<string, number | bigint> = {};
    this.call(`virDomainGetBlockInfo ${disk}`, virDomainGetBlockInfo(this.ptr, disk, out, 0) as number);
    return { capacity: Number(out.capacity), allocation: Number(out.allocation), physical: Number(out.physical) };
  }

  /** Creates a snapshot off the JS thread (memory snapshots take seconds to minutes). */
  async createSnapshot(xml: string, flags = 0): Promise<DomainSnapshot> {
    const p = await callAsync<Ptr | null>(virDomainSnapshotCreateXML, this.ptr, xml, flags);
    return DomainSnapshot.wrap(this.call('virDomainSnapshotCreateXML', p), this);
  }

  /** Synchronous create, for quick metadata-only work such as REDEFINE. */
  createSnapshotSync(xml: string, flags = 0): DomainSnapshot {
    const p = virDomainSnapshotCreateXML(this.ptr, xml, flags) as Ptr | null;
    return DomainSnapshot.wrap(this.call('virDomainSnapshotCreateXML', p), this);
  }

  listAllSnapshots(flags = 0): DomainSnapshot[] {
    const out: unknown[] = [null];
    const n = this.call('virDomainListAllSnapshots', virDomainListAllSnapshots(this.ptr, out, flags) as number);
    return takePointerArray(out[0], n, 'virDomainSnapshot *', (p) => DomainSnapshot.wrap(p, this));
  }

  lookupSnapshot(name: string): DomainSnapshot {
    const p = virDomainSnapshotLookupByName(this.ptr, name, 0) as Ptr | null;
    return DomainSnapshot.wrap(this.call(`virDomainSnapshotLookupByName ${name}`, p), this);
  }

  hasCurrentSnapshot(): boolean {
    return this.call('virDomainHasCurrentSnapshot', virDomainHasCurrentSnapshot(this.ptr, 0) as number) === 1;
  }

  /** libvirt's current snapshot, or null when there is none. */
  currentSnapshot(): DomainSnapshot | null {
    if (!this.hasCurrentSnapshot()) return null;
    const p = virDomainSnapshotCurrent(this.ptr, 0) as Ptr | null;
    return DomainSnapshot.wrap(this.call('virDomainSnapshotCurrent', p), this);
  }
}
