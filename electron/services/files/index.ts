// Each host's HostFiles, made on first use over the host's current connection (a reconnect after
// a daemon restart gets a fresh one) in the pool named after this database's install id.
import { Connection } from '../../../native';
import type { HostRegistry } from '../hosts/host-registry';
import { toSnapvisorError } from '../hosts/libvirt-errors';
import { HostFiles } from './host-files';
import { destroyPool, ensurePool } from './pool';

export { HostFiles, type HostImage, type ImageFormat } from './host-files';
export { parseVolumeName, vmOfVolume, type VolumeRole } from './volume-names';

export class FilesRegistry {
  private readonly cache = new Map<string, { conn: Connection; files: Promise<HostFiles> }>();
  /** Each host this install's pool was found or made on (id → URI), whatever became of the connection. */
  private readonly pooled = new Map<string, string>();

  constructor(
    private readonly hosts: HostRegistry,
    readonly installId: string,
    /** The local data directory of Snapvisor 0.1 (its images are still ours on a local host). */
    private readonly legacyRoot: string,
  ) {}

  async host(hostId: string): Promise<HostFiles> {
    const conn = await this.hosts.connection(hostId);
    const hit = this.cache.get(hostId);
    if (hit && hit.conn === conn && !conn.closed) return hit.files;
    const files = (async () => {
      try {
        const uri = this.hosts.host(hostId).uri;
        this.pooled.set(hostId, uri);
        const { pool, dir } = await ensurePool(conn, this.installId);
        this.hosts.noteStorage(hostId, null);
        return new HostFiles(conn, pool, dir, this.hosts.isLocal(hostId) ? this.legacyRoot : null);
      } catch (e) {
        const err = toSnapvisorError(e);
        this.hosts.noteStorage(hostId, { code: err.code, params: err.params });
        throw err;
      }
    })();
    this.cache.set(hostId, { conn, files });
    files.catch(() => {
      if (this.cache.get(hostId)?.files === files) this.cache.delete(hostId);
    });
    return files;
  }

  /**
   * Removes this install's pool (and every file in it) from each host it was found or made on: for
   * tests and benchmarks, which must leave the daemon as they found it. Over the host's connection,
   * reopened when it died (a daemon restart, a cut link), or a fresh one when the host was removed;
   * every host is tried, then the first failure is thrown.
   */
  async destroyAll(): Promise<void> {
    const failures: unknown[] = [];
    for (const [hostId, uri] of this.pooled) {
      this.cache.delete(hostId);
      try {
        if (this.hosts.list().some((h) => h.id === hostId)) await destroyPool(await this.hosts.connection(hostId), this.installId);
        else {
          using conn = await Connection.open(uri);
          await destroyPool(conn, this.installId);
        }
        this.pooled.delete(hostId);
      } catch (e) {
        failures.push(e);
      }
    }
    if (failures.length) throw failures[0];
  }
}
