// A libvirt domain snapshot: XML, relations, revert, delete, redefine.
import { callAsync, fn, takePointerArray, type Ptr } from './lib';
import { check } from './errors';
import { Handle } from './handle';
import type { Domain } from './domain';
import { VIR_DOMAIN_SNAPSHOT_CREATE } from './constants';
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

export class DomainSnapshot extends Handle {
  readonly domain: Domain;

  private constructor(ptr: Ptr, domain: Domain) {
    super(ptr, virDomainSnapshotFree);
    this.domain = domain;
  }

  static wrap(ptr: Ptr, domain: Domain): DomainSnapshot {
    return new DomainSnapshot(ptr, domain);
  }

  protected call<T>(operation: string, result: T): Exclude<T, null> {
    return check(operation, this.domain.connection.ptr, result);
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

  /** The parent snapshot, or null for a root. */
  parent(): DomainSnapshot | null {
    const p = virDomainSnapshotGetParent(this.ptr, 0) as Ptr | null;
    if (p === null) return null;
    return DomainSnapshot.wrap(p, this.domain);
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
    this.call(`virDomainRevertToSnapshot ${this.name()}`, await callAsync<number>(virDomainRevertToSnapshot, this.ptr, flags));
  }

  /** Deletes (VIR_DOMAIN_SNAPSHOT_DELETE_* flags) off the JS thread; the handle stays to be closed. */
  async delete(flags = 0): Promise<void> {
    const name = this.name();
    this.call(`virDomainSnapshotDelete ${name}`, await callAsync<number>(virDomainSnapshotDelete, this.ptr, flags));
  }

  /** Rewrites this snapshot's metadata (e.g. its description) without touching its data. */
  redefine(xml: string, makeCurrent = false): DomainSnapshot {
    const flags = VIR_DOMAIN_SNAPSHOT_CREATE.REDEFINE | (makeCurrent ? VIR_DOMAIN_SNAPSHOT_CREATE.CURRENT : 0);
    return this.domain.createSnapshotSync(xml, flags);
  }
}
