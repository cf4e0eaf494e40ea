// Each host's HostFiles, made on first use over the host's current connection (a reconnect after
// a daemon restart gets a fresh one) in the pool named after this database's install id.
import type { Connection } from '../../../native';
import type { HostRegistry } from '../hosts/host-registry';
import { toSnapvisorError } from '../hosts/libvirt-errors';
import { HostFiles } from './host-files';
import { destroyPool, ensurePool } from './pool';

export { HostFiles, type HostImage, type ImageFormat } from './host-files';
export { parseVolumeName, vmOfVolume, type VolumeRole } from './volume-names';

export class FilesRegistry {
  private readonly cache = new Map<string, { conn: Connection; files: Promise<HostFiles> }>();

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

  /** Removes this install's pool (and every file in it) from each host it was made on: for tests. */
  async destroyAll(): Promise<void> {
    for (const [hostId, { conn }] of this.cache) {
      this.cache.delete(hostId);
      if (!conn.closed) await destroyPool(conn, this.installId).catch(() => undefined);
    }
  }
}
