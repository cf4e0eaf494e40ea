// A libvirt domain snapshot: XML, relations, revert, delete, redefine.
import { callAsync, fn, takePointerArray, type Ptr } from './lib';
import { checkAsync, lastError } from './errors';
import { ConnectionObject, type DomainConnectionRef } from './handle';
import { VIR_DOMAIN_SNAPSHOT_CREATE, VIR_ERR } from './constants';
import { parseSnapshotXml, type SnapshotDescription } from './xml/snapshot';

const virDomainSnapshotFree = fn('int virDomainSnapshotFree(virDomainSnapshot *snap)');
const virDomainSnapshotGetName = fn('const char *virDomainSnapshotGetName(virDomainSnapshot *snap)');
const virDomainSnapshotGetXMLDesc = fn('char *! virDomainSnapshotGetXMLDesc(virDomainSnapshot *snap, unsigned int flags)');
const virDomainSnapshotGetParent = fn('virDomainSnapshot *virDomainSnapshotGetParent(virDomainSnapshot *snap, unsigned int flags)');
const virDomainSnapshotHasMetadata = fn('int virDomainSnapshotHasMetadata(virDomainSnapshot *snap, unsigned int flags)');
const virDomainSnapshotIsCurrent = fn('int virDomainSnapshotIsCurrent(virDomainSnapshot *snap, unsigned int flags)');
const virDomainSnapshotListAllChildren = fn('int virDomainSnapshotListAllChildren(virDomainSnapshot *snap, _Out_ void **snaps, unsigned int flags)');
const virDomainRevertToSnapshot = fn('int virDomainRevertToSnapshot(virDomainSnapshot *snap, unsigned int flags)');
const virDomainSnapshotDelete = fn('int virDomainSnapshotDelete(virDomainSnapshot *snap, unsigned int flags)');

/**
 * The parent of a snapshot (a new reference the caller frees), or null for a root. libvirt
 * answers NULL both for "no parent" (NO_DOMAIN_SNAPSHOT) and for failures: only the first is null.
 */
function snapshotParentPtr(snap: Ptr, conn: Ptr): Ptr | null {
  const p = virDomainSnapshotGetParent(snap, 0) as Ptr | null;
  if (p !== null) return p;
  const err = lastError('virDomainSnapshotGetParent', conn);
  if (err.is(VIR_ERR.NO_DOMAIN_SNAPSHOT)) return null;
  throw err;
}

/** The parent's name, or null for a root, without wrapping the parent in a handle (tree listings). */
export function snapshotParentName(snap: Ptr, conn: Ptr): string | null {
  const p = snapshotParentPtr(snap, conn);
  if (p === null) return null;
  try {
    return virDomainSnapshotGetName(p) as string;
  } finally {
    virDomainSnapshotFree(p);
  }
}

/** A snapshot pointer's name, for listings that do not wrap every pointer in a handle. */
export function snapshotPtrName(snap: Ptr): string {
  return virDomainSnapshotGetName(snap) as string;
}

/** Frees a snapshot pointer that was never wrapped in a handle. */
export function freeSnapshotPtr(snap: Ptr): void {
  virDomainSnapshotFree(snap);
}

/**
 * What a snapshot needs of its domain (a Domain): its connection, and creating a snapshot for a
 * redefine. Domain makes snapshots and imports this module; this one does not import domain.ts.
 */
export interface SnapshotDomain {
  readonly connection: DomainConnectionRef;
  createSnapshotSync(xml: string, flags?: number): DomainSnapshot;
}

export class DomainSnapshot extends ConnectionObject<DomainConnectionRef> {
  readonly domain: SnapshotDomain;

  private constructor(ptr: Ptr, domain: SnapshotDomain) {
    super(ptr, virDomainSnapshotFree, domain.connection);
    this.domain = domain;
  }

  /** Takes ownership of a snapshot pointer libvirt handed out. */
  static wrap(ptr: Ptr, domain: SnapshotDomain): DomainSnapshot {
    return new DomainSnapshot(ptr, domain);
  }

  name(): string {
    return this.call('virDomainSnapshotGetName', virDomainSnapshotGetName(this.ptr) as string | null);
  }

  xml(flags = 0): string {
    return this.call('virDomainSnapshotGetXMLDesc', virDomainSnapshotGetXMLDesc(this.ptr, flags) as string | null);
  }

  describe(): SnapshotDescription {
    return parseSnapshotXml(this.xml());
  }

  /** The XML off the JS thread: one RPC on a remote connection, several may be in flight. */
  async xmlAsync(flags = 0): Promise<string> {
    if (this.domain.connection.inProcess) return this.xml(flags);
    const xml = await callAsync<string | null>(virDomainSnapshotGetXMLDesc, this.ptr, flags);
    return checkAsync(`virDomainSnapshotGetXMLDesc ${this.name()}`, this.connectionPtr, xml);
  }

  async describeAsync(): Promise<SnapshotDescription> {
    return parseSnapshotXml(await this.xmlAsync());
  }

  /** The parent snapshot, or null for a root. */
  parent(): DomainSnapshot | null {
    const p = snapshotParentPtr(this.ptr, this.domain.connection.ptr);
    return p === null ? null : DomainSnapshot.wrap(p, this.domain);
  }

  /** The parent's name, or null for a root. */
  parentName(): string | null {
    return snapshotParentName(this.ptr, this.connectionPtr);
  }

  hasMetadata(): boolean {
    return this.call('virDomainSnapshotHasMetadata', virDomainSnapshotHasMetadata(this.ptr, 0) as number) === 1;
  }

  isCurrent(): boolean {
    return this.call('virDomainSnapshotIsCurrent', virDomainSnapshotIsCurrent(this.ptr, 0) as number) === 1;
  }

  listAllChildren(flags = 0): DomainSnapshot[] {
    const out: unknown[] = [null];
    const n = this.call('virDomainSnapshotListAllChildren', virDomainSnapshotListAllChildren(this.ptr, out, flags) as number);
    return takePointerArray(out[0], n, 'virDomainSnapshot *', (p) => DomainSnapshot.wrap(p, this.domain));
  }

  /** Reverts the domain (VIR_DOMAIN_SNAPSHOT_REVERT_* flags) off the JS thread. */
  async revert(flags = 0): Promise<void> {
    await this.callAsync(`virDomainRevertToSnapshot ${this.name()}`, virDomainRevertToSnapshot, flags);
  }

  /** Deletes (VIR_DOMAIN_SNAPSHOT_DELETE_* flags) off the JS thread; the handle stays to be closed. */
  async delete(flags = 0): Promise<void> {
    await this.callAsync(`virDomainSnapshotDelete ${this.name()}`, virDomainSnapshotDelete, flags);
  }

  /** Rewrites this snapshot's metadata (e.g. its description) without touching its data. */
  redefine(xml: string, makeCurrent = false): DomainSnapshot {
    const flags = VIR_DOMAIN_SNAPSHOT_CREATE.REDEFINE | (makeCurrent ? VIR_DOMAIN_SNAPSHOT_CREATE.CURRENT : 0);
    return this.domain.createSnapshotSync(xml, flags);
  }
}
