// Pending merges (migration 003): frozen images deleted snapshots no longer need. Written in the
// delete's own transaction; changed together with the snapshot rows a merge rewrites.
import type { Db } from './db';
import type { MergeMode, MergeReason, PendingMerge } from '../../shared/model';
import { newId, nowIso } from './ids';

interface MergeRow {
  id: string;
  host_id: string;
  vm_uuid: string;
  target: string;
  image: string;
  format: string | null;
  snapshot_id: string;
  state: PendingMerge['state'];
  reason: MergeReason | null;
  top: string | null;
  mode: MergeMode | null;
  helper: string | null;
  attempts: number;
  last_error: string | null;
  created_at: string;
}

const toMerge = (r: MergeRow): PendingMerge => ({
  id: r.id, hostId: r.host_id, vmUuid: r.vm_uuid, target: r.target, image: r.image, format: r.format, snapshotId: r.snapshot_id,
  state: r.state, reason: r.reason, top: r.top, mode: r.mode, helper: r.helper, attempts: r.attempts,
  lastError: r.last_error ? (JSON.parse(r.last_error) as PendingMerge['lastError']) : null, createdAt: r.created_at,
});

export type NewMerge = Pick<PendingMerge, 'hostId' | 'vmUuid' | 'target' | 'image' | 'format' | 'snapshotId'>;

export class MergesRepo {
  constructor(private readonly db: Db) {}

  /** Records a freed image (once: an image already pending stays as it is). */
  add(m: NewMerge): void {
    const at = nowIso();
    this.db.prepare(`INSERT OR IGNORE INTO pending_merges (id, host_id, vm_uuid, target, image, format, snapshot_id, state, reason, created_at, updated_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', 'referenced', ?, ?)`).run(newId(), m.hostId, m.vmUuid, m.target, m.image, m.format, m.snapshotId, at, at);
  }

  get(id: string): PendingMerge | null {
    const r = this.db.prepare('SELECT * FROM pending_merges WHERE id = ?').get(id) as MergeRow | undefined;
    return r ? toMerge(r) : null;
  }

  /** A VM's merges, oldest first. */
  forVm(hostId: string, vmUuid: string): PendingMerge[] {
    return (this.db.prepare('SELECT * FROM pending_merges WHERE host_id = ? AND vm_uuid = ? ORDER BY created_at, rowid').all(hostId, vmUuid) as MergeRow[]).map(toMerge);
  }

  forHost(hostId: string): PendingMerge[] {
    return (this.db.prepare('SELECT * FROM pending_merges WHERE host_id = ? ORDER BY created_at, rowid').all(hostId) as MergeRow[]).map(toMerge);
  }

  countByVm(hostId: string): Map<string, number> {
    const rows = this.db.prepare('SELECT vm_uuid, COUNT(*) AS n FROM pending_merges WHERE host_id = ? GROUP BY vm_uuid').all(hostId) as { vm_uuid: string; n: number }[];
    return new Map(rows.map((r) => [r.vm_uuid, r.n]));
  }

  /** Waits again, for `reason` (the running fields cleared). */
  setWaiting(id: string, reason: MergeReason, error: PendingMerge['lastError'] = null): void {
    this.db.prepare(`UPDATE pending_merges SET state = 'pending', reason = ?, top = NULL, mode = NULL, helper = NULL,
      last_error = COALESCE(?, last_error), updated_at = ? WHERE id = ?`).run(reason, error ? JSON.stringify(error) : null, nowIso(), id);
  }

  /** Starts a block job: what is committed and how, so that recovery can tell what happened. */
  setRunning(id: string, top: string, mode: MergeMode, helper: string | null): void {
    this.db.prepare(`UPDATE pending_merges SET state = 'running', reason = NULL, top = ?, mode = ?, helper = ?, attempts = attempts + 1,
      updated_at = ? WHERE id = ?`).run(top, mode, helper, nowIso(), id);
  }

  /**
   * A started commit failed or was cancelled: why, kept with what was being committed (state
   * stays 'running'), so that the next run reads the chain to learn whether it took effect.
   */
  markFailed(id: string, reason: 'failed' | 'cancelled', error: NonNullable<PendingMerge['lastError']>): void {
    this.db.prepare('UPDATE pending_merges SET reason = ?, last_error = ?, updated_at = ? WHERE id = ?').run(reason, JSON.stringify(error), nowIso(), id);
  }

  remove(id: string): void {
    this.db.prepare('DELETE FROM pending_merges WHERE id = ?').run(id);
  }

  /**
   * After `from` was committed into `to`: merges waiting on `from` now wait on `to` (one row per
   * image: a duplicate is dropped).
   */
  moveImage(hostId: string, vmUuid: string, from: string, to: string, format: string | null): void {
    this.db.prepare('DELETE FROM pending_merges WHERE host_id = ? AND vm_uuid = ? AND image = ? AND EXISTS (SELECT 1 FROM pending_merges p WHERE p.host_id = ? AND p.vm_uuid = ? AND p.image = ?)')
      .run(hostId, vmUuid, from, hostId, vmUuid, to);
    this.db.prepare('UPDATE pending_merges SET image = ?, format = ?, updated_at = ? WHERE host_id = ? AND vm_uuid = ? AND image = ?')
      .run(to, format, nowIso(), hostId, vmUuid, from);
  }
}
