// Hosts are rows in the store plus one live libvirt connection each, opened on demand, with
// the capabilities feature-detected from the connected libvirt.
import { Connection, formatVersion, isLocalUri, versionAtLeast, type Domain, type Version } from '../../../native';
import type { HostsRepo } from '../../store/hosts-repo';
import type { EventBus } from '../core/event-bus';
import { SnapvisorError, type ErrorCode, type ErrorParams } from '../../../shared/errors';
import type { Host, HostCapabilities, HostConnectionState, HostStatus, SnapshotKind } from '../../../shared/model';
import { toSnapvisorError } from './libvirt-errors';
import { connectError, openNamingFailures } from './connect-errors';

export const DEMO_URI = 'test:///default';

interface Live {
  conn: Connection | null;
  state: HostConnectionState;
  error: string | null;
  failure: SnapvisorError | null;
  libvirtVersion: Version | null;
  hypervisorVersion: Version | null;
  driver: string | null;
  connecting: Promise<Connection> | null;
  storage: StorageState;
}

export type StorageState = Pick<HostCapabilities, 'storage' | 'storageError'>;

export function capabilitiesFor(driver: string, v: Version, local: boolean, storage: StorageState = { storage: 'unknown', storageError: null }): HostCapabilities {
  const qemu = driver.toUpperCase() === 'QEMU';
  const kinds: SnapshotKind[] = qemu ? ['cold', 'hot', 'memory', 'volume'] : ['cold', 'memory', 'volume'];
  return {
    externalRevert: qemu && versionAtLeast(v, 9, 9),
    externalDelete: qemu && versionAtLeast(v, 9, 0),
    uefiInternalRunning: qemu && versionAtLeast(v, 10, 9),
    kinds,
    ...storage,
    internalSnapshotFiles: local,
  };
}

export class HostRegistry {
  private readonly live = new Map<string, Live>();

  /**
   * `opensAfter`: connections open once it settles; until then a host asked for is 'connecting'
   * (the app: its window's first list, drawn from the store, comes before any host's libvirt work).
   */
  constructor(private readonly repo: HostsRepo, private readonly bus: EventBus, private readonly opensAfter: Promise<unknown> = Promise.resolve()) {}

  list(): HostStatus[] {
    return this.repo.list().map((h) => this.status(h));
  }

  host(hostId: string): Host {
    const h = this.repo.get(hostId);
    if (!h) throw new SnapvisorError('host_not_found', { hostId });
    return h;
  }

  status(h: Host): HostStatus {
    const l = this.live.get(h.id);
    const lv = l?.libvirtVersion ?? null;
    // A connection whose link died under a call is not connected any more; the next call reopens it.
    const dead = l?.conn !== null && l?.conn !== undefined && !l.conn.closed && !this.alive(l.conn);
    return {
      ...h,
      state: dead ? 'disconnected' : l?.state ?? 'disconnected',
      error: l?.error ?? null,
      failure: l?.failure ? { code: l.failure.code, params: l.failure.params } : null,
      libvirtVersion: lv ? formatVersion(lv) : null,
      hypervisorVersion: l?.hypervisorVersion ? formatVersion(l.hypervisorVersion) : null,
      capabilities: lv && l?.driver ? capabilitiesFor(l.driver, lv, isLocalUri(h.uri), l.storage) : null,
    };
  }

  capabilities(hostId: string): HostCapabilities {
    const caps = this.status(this.host(hostId)).capabilities;
    if (!caps) throw new SnapvisorError('host_unreachable', { hostId });
    return caps;
  }

  libvirtVersion(hostId: string): Version {
    const v = this.live.get(hostId)?.libvirtVersion;
    if (!v) throw new SnapvisorError('host_unreachable', { hostId });
    return v;
  }

  /** Records whether Snapvisor's storage pool on the host could be used (shown with the capabilities). */
  noteStorage(hostId: string, error: { code: ErrorCode; params: ErrorParams } | null): void {
    const l = this.entry(hostId);
    const next: StorageState = error ? { storage: 'unavailable', storageError: error } : { storage: 'ok', storageError: null };
    if (l.storage.storage === next.storage && JSON.stringify(l.storage.storageError) === JSON.stringify(next.storageError)) return;
    l.storage = next;
    this.bus.emit('host.changed', this.status(this.host(hostId)));
  }

  /** Whether the host's files are on this machine (some optional shortcuts need that). */
  isLocal(hostId: string): boolean {
    return isLocalUri(this.host(hostId).uri);
  }

  driver(hostId: string): string {
    return this.live.get(hostId)?.driver ?? 'unknown';
  }

  add(uri: string, name?: string, demo = false): Host {
    if (this.repo.byUri(uri)) throw new SnapvisorError('target_exists', { uri });
    return this.repo.add(uri, name ?? uri, demo);
  }

  async remove(hostId: string): Promise<void> {
    this.host(hostId);
    this.disconnect(hostId);
    this.repo.remove(hostId);
  }

  /** The host's connection, (re)opened when closed or dead. */
  async connection(hostId: string): Promise<Connection> {
    const h = this.host(hostId);
    const l = this.entry(hostId);
    if (l.conn && !l.conn.closed && this.alive(l.conn)) return l.conn;
    if (l.conn) this.disconnect(hostId);
    if (l.connecting) return l.connecting;
    l.state = 'connecting';
    l.connecting = (async () => {
      try {
        await this.opensAfter;
        const conn = await openNamingFailures(h.uri);
        l.conn = conn;
        l.libvirtVersion = conn.libVersion();
        l.driver = conn.driverType();
        try { l.hypervisorVersion = conn.hypervisorVersion(); } catch { l.hypervisorVersion = null; }
        l.state = 'connected';
        l.error = null;
        l.failure = null;
        return conn;
      } catch (e) {
        l.state = 'error';
        l.error = e instanceof Error ? e.message : String(e);
        const err = connectError(e, h.uri);
        l.failure = err;
        throw new SnapvisorError(err.code, { hostId, ...err.params });
      } finally {
        l.connecting = null;
        this.bus.emit('host.changed', this.status(h));
      }
    })();
    return l.connecting;
  }

  /** The open connection, if any, without connecting (for quick synchronous lookups). */
  liveConnection(hostId: string): Connection | null {
    const c = this.live.get(hostId)?.conn;
    return c && !c.closed ? c : null;
  }

  /** The VM's name over the open connection, or null (no connection, no such VM). */
  vmNameNow(hostId: string, vmUuid: string): string | null {
    const conn = this.liveConnection(hostId);
    if (!conn) return null;
    try {
      using d = conn.lookupDomainByUuid(vmUuid);
      return d.name();
    } catch {
      return null;
    }
  }

  async domain(hostId: string, vmUuid: string): Promise<Domain> {
    const conn = await this.connection(hostId);
    try {
      return conn.lookupDomainByUuid(vmUuid);
    } catch (e) {
      const err = toSnapvisorError(e, { hostId, vmUuid });
      throw err.code === 'vm_gone' ? new SnapvisorError('vm_not_found', { hostId, vmUuid }) : err;
    }
  }

  /** Forgets a connection that failed under us (daemon restart): the next call reopens. */
  disconnect(hostId: string): void {
    const l = this.live.get(hostId);
    if (!l) return;
    try { l.conn?.close(); } catch { /* already dead */ }
    l.conn = null;
    l.state = 'disconnected';
  }

  closeAll(): void {
    for (const id of this.live.keys()) this.disconnect(id);
  }

  private alive(conn: Connection): boolean {
    try {
      return conn.isAlive();
    } catch {
      return false;
    }
  }

  private entry(hostId: string): Live {
    let l = this.live.get(hostId);
    if (!l) {
      l = {
        conn: null, state: 'disconnected', error: null, failure: null, libvirtVersion: null, hypervisorVersion: null, driver: null, connecting: null,
        storage: { storage: 'unknown', storageError: null },
      };
      this.live.set(hostId, l);
    }
    return l;
  }
}
