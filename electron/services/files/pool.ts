// Snapvisor's storage pool on a libvirt host: a `dir` pool per database (install id), created the
// first time a host needs a file, persistent and autostarted so it survives daemon restarts.
// Every file Snapvisor makes lives there and is created, read and removed through libvirt's
// storage API, so a remote host (qemu+ssh://) works exactly like the local one.
import { dirname, posix } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { LibvirtError, VIR_ERR, dirPoolXml, ownAll, type Connection, type StoragePool } from '../../../native';
import { SnapvisorError } from '../../../shared/errors';
import { isNotFound } from '../hosts/libvirt-errors';

/** Where pools live on a host whose URI is `…/system` and that has no `default` pool to follow. */
export const SYSTEM_POOL_PARENT = '/var/lib/libvirt/snapvisor';

/** Every Snapvisor pool's name starts so (the test suite's leftover check looks for it too). */
export const POOL_PREFIX = 'snapvisor-';

export function poolName(installId: string): string {
  return `${POOL_PREFIX}${installId}`;
}

/** How often a rescan refused while the pool builds a volume is asked again. */
const RESCAN_RETRY_MS = 200;

/** libvirt's refusal to rescan a pool while it builds a volume in it (a clone, an allocation). */
function isBusyPool(e: unknown): boolean {
  return e instanceof LibvirtError && e.code === VIR_ERR.INTERNAL_ERROR && /asynchronous jobs running/.test(e.libvirtMessage);
}

/**
 * Rescans the pool (libvirt learns of files made behind its back: QEMU's overlays and memory
 * files, console logs, a file written in place). libvirt refuses a rescan while it builds a
 * volume in the pool (a full copy for a VM restored as new may take minutes), and another VM's
 * job may ask for one meanwhile: it is asked again until the build is done. Without the rescan,
 * a listing would miss the files made since the last one.
 */
export async function refreshPool(pool: StoragePool): Promise<void> {
  for (;;) {
    try {
      return await pool.refresh();
    } catch (e) {
      if (!isBusyPool(e)) throw e;
    }
    await sleep(RESCAN_RETRY_MS);
  }
}

function lookupPool(conn: Connection, name: string): StoragePool | null {
  try {
    return conn.lookupStoragePoolByName(name);
  } catch (e) {
    if (isNotFound(e, VIR_ERR.NO_STORAGE_POOL)) return null;
    throw e;
  }
}

/**
 * The directory for a new pool: beside the host's `default` pool when it has one (that parent is
 * what this daemon writes images under: /var/lib/libvirt for system, ~/.local/share/libvirt for a
 * session), else /var/lib/libvirt/snapvisor on a system daemon. libvirt's test driver keeps pools
 * in memory, where any path will do.
 */
export function poolDirFor(conn: Connection, installId: string): string {
  const fallback = (): string => {
    if (/\/system$/.test(new URL(conn.uri()).pathname)) return posix.join(SYSTEM_POOL_PARENT, installId);
    if (conn.driverType().toLowerCase() === 'test') return posix.join('/snapvisor', installId);
    throw new SnapvisorError('storage_unavailable', { reason: 'no_default_pool' });
  };
  using def = lookupPool(conn, 'default');
  if (!def) return fallback();
  const target = def.describe().targetPath;
  return target && def.describe().type === 'dir' ? posix.join(dirname(target), 'snapvisor', installId) : fallback();
}

/** Finds or makes the install's pool on this connection, active and refreshed. */
export async function ensurePool(conn: Connection, installId: string): Promise<{ pool: StoragePool; dir: string }> {
  const name = poolName(installId);
  let pool = lookupPool(conn, name);
  try {
    if (!pool) {
      const dir = poolDirFor(conn, installId);
      pool = conn.defineStoragePool(dirPoolXml({ name, path: dir, mode: '0700' }));
      await pool.build();
      pool.setAutostart(true);
    }
    if (!pool.isActive()) await pool.start();
    else await refreshPool(pool);
    const dir = pool.describe().targetPath;
    if (!dir) throw new SnapvisorError('storage_unavailable', { pool: name, reason: 'no_target' });
    return { pool, dir };
  } catch (e) {
    pool?.close();
    if (e instanceof SnapvisorError) throw e;
    throw new SnapvisorError('storage_unavailable', { pool: name, detail: e instanceof Error ? e.message : String(e) });
  }
}

/**
 * Removes the install's pool from a host with everything in it (tests; an uninstall): its volumes,
 * the pool, its directory, its definition. A pool half-made or whose directory went behind
 * libvirt's back goes too. One whose files would not all go stays defined, listing them (so
 * `virsh pool-list` still shows what is left, and a later call can finish), and the first
 * failure is thrown.
 */
export async function destroyPool(conn: Connection, installId: string): Promise<void> {
  using pool = lookupPool(conn, poolName(installId));
  if (!pool) return;
  // Only a running pool whose directory libvirt can read lists (and deletes) volumes. One that no
  // longer starts or refreshes (its directory gone) has nothing left to delete: its failures to
  // stop and to remove the directory are no failures of the removal.
  const started = pool.isActive() || (await pool.start().then(() => true, () => false));
  const readable = started && (await refreshPool(pool).then(() => true, () => false));
  if (readable) {
    const failures: unknown[] = [];
    {
      using volumes = ownAll(pool.listAllVolumes());
      for (const v of volumes) await v.delete().catch((e: unknown) => failures.push(e));
    }
    if (failures.length) throw failures[0];
    await pool.destroy();
    await pool.deleteStorage();
  } else {
    if (pool.isActive()) await pool.destroy().catch(() => undefined);
    await pool.deleteStorage().catch(() => undefined);
  }
  if (pool.isPersistent()) pool.undefine();
}
