import type { Db } from './db';
import { newId, nowIso } from './ids';
import type { ErrorCode, ErrorParams } from '../../shared/errors';

/** A copy as the store holds it (migration 007); the services add the hosts' URIs and counts. */
export interface CopyRecord {
  id: string;
  sourceHostId: string;
  sourceVm: { name: string; uuid: string };
  targetHostId: string;
  copyVm: { name: string; uuid: string };
  keep: number | null;
  createdAt: string;
  refreshedAt: string | null;
  lastBytesSent: number | null;
  lastError: { code: ErrorCode; params: ErrorParams } | null;
}

export interface CopyFileRecord {
  path: string;
  state: 'pending' | 'complete' | 'rewritten';
  sha256: string | null;
  length: number | null;
  sourceSnapshotId: string;
  sentAt: string;
}

/** A target row that holds a copy, with the source snapshot it copies. */
export interface CopiedSnapshot {
  snapshotId: string;
  copyId: string;
  sourceSnapshotId: string;
  refreshedAt: string;
}

interface CopyRow {
  id: string; source_host_id: string; source_vm_uuid: string; source_vm_name: string; target_host_id: string;
  copy_vm_uuid: string; copy_vm_name: string; keep: number | null; created_at: string; refreshed_at: string | null;
  last_bytes_sent: number | null; last_error: string | null;
}

const toCopy = (r: CopyRow): CopyRecord => ({
  id: r.id, sourceHostId: r.source_host_id, sourceVm: { name: r.source_vm_name, uuid: r.source_vm_uuid },
  targetHostId: r.target_host_id, copyVm: { name: r.copy_vm_name, uuid: r.copy_vm_uuid }, keep: r.keep,
  createdAt: r.created_at, refreshedAt: r.refreshed_at, lastBytesSent: r.last_bytes_sent,
  lastError: r.last_error ? JSON.parse(r.last_error) as CopyRecord['lastError'] : null,
});

const toCopied = (r: { snapshot_id: string; copy_id: string; source_snapshot_id: string; refreshed_at: string }): CopiedSnapshot => ({
  snapshotId: r.snapshot_id, copyId: r.copy_id, sourceSnapshotId: r.source_snapshot_id, refreshedAt: r.refreshed_at,
});

/** Copies of VMs on other hosts, their files and the target rows that hold them. */
export class CopiesRepo {
  constructor(private readonly db: Db) {}

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  list(sourceHostId?: string, sourceVmUuid?: string): CopyRecord[] {
    const rows = this.db.prepare(`SELECT * FROM copies WHERE (? IS NULL OR source_host_id = ?) AND (? IS NULL OR source_vm_uuid = ?)
      ORDER BY created_at, id`).all(sourceHostId ?? null, sourceHostId ?? null, sourceVmUuid ?? null, sourceVmUuid ?? null) as CopyRow[];
    return rows.map(toCopy);
  }

  get(id: string): CopyRecord | null {
    const r = this.db.prepare('SELECT * FROM copies WHERE id = ?').get(id) as CopyRow | undefined;
    return r ? toCopy(r) : null;
  }

  find(sourceHostId: string, sourceVmUuid: string, targetHostId: string): CopyRecord | null {
    const r = this.db.prepare('SELECT * FROM copies WHERE source_host_id = ? AND source_vm_uuid = ? AND target_host_id = ?')
      .get(sourceHostId, sourceVmUuid, targetHostId) as CopyRow | undefined;
    return r ? toCopy(r) : null;
  }

  /** The copy whose copy VM this is (connected to the target). */
  byCopyVm(targetHostId: string, copyVmUuid: string): CopyRecord | null {
    const r = this.db.prepare('SELECT * FROM copies WHERE target_host_id = ? AND copy_vm_uuid = ?').get(targetHostId, copyVmUuid) as CopyRow | undefined;
    return r ? toCopy(r) : null;
  }

  add(c: Omit<CopyRecord, 'id' | 'createdAt' | 'refreshedAt' | 'lastBytesSent' | 'lastError'>): CopyRecord {
    const id = newId();
    this.db.prepare(`INSERT INTO copies (id, source_host_id, source_vm_uuid, source_vm_name, target_host_id, copy_vm_uuid, copy_vm_name, keep, created_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(id, c.sourceHostId, c.sourceVm.uuid, c.sourceVm.name, c.targetHostId, c.copyVm.uuid, c.copyVm.name, c.keep, nowIso());
    return this.get(id)!;
  }

  setKeep(id: string, keep: number | null): void {
    this.db.prepare('UPDATE copies SET keep = ? WHERE id = ?').run(keep, id);
  }

  refreshed(id: string, bytesSent: number): void {
    this.db.prepare('UPDATE copies SET refreshed_at = ?, last_bytes_sent = ?, last_error = NULL WHERE id = ?').run(nowIso(), bytesSent, id);
  }

  failed(id: string, error: { code: ErrorCode; params: ErrorParams }): void {
    this.db.prepare('UPDATE copies SET last_error = ? WHERE id = ?').run(JSON.stringify(error), id);
  }

  remove(id: string): void {
    this.db.prepare('DELETE FROM copies WHERE id = ?').run(id);
  }

  files(copyId: string, state?: CopyFileRecord['state']): CopyFileRecord[] {
    const rows = this.db.prepare(`SELECT path, state, sha256, length, source_snapshot_id, sent_at FROM copy_files
      WHERE copy_id = ? AND (? IS NULL OR state = ?) ORDER BY sent_at, path`).all(copyId, state ?? null, state ?? null) as
      { path: string; state: CopyFileRecord['state']; sha256: string | null; length: number | null; source_snapshot_id: string; sent_at: string }[];
    return rows.map((r) => ({ path: r.path, state: r.state, sha256: r.sha256, length: r.length, sourceSnapshotId: r.source_snapshot_id, sentAt: r.sent_at }));
  }

  /**
   * Written before the file's upload starts: a refresh cut short leaves it to be removed.
   * `backing`: the target file the image's header names below it.
   */
  pending(copyId: string, path: string, sourceSnapshotId: string, backing: string | null = null): void {
    this.db.prepare(`INSERT OR REPLACE INTO copy_files (copy_id, path, state, sha256, length, source_snapshot_id, backing, sent_at)
      VALUES (?, ?, 'pending', NULL, NULL, ?, ?, ?)`).run(copyId, path, sourceSnapshotId, backing, nowIso());
  }

  /** The file arrived whole (call inside the transaction that makes its copies visible). */
  complete(copyId: string, path: string, sha256: string, length: number): void {
    this.db.prepare(`UPDATE copy_files SET state = 'complete', sha256 = ?, length = ? WHERE copy_id = ? AND path = ?`).run(sha256, length, copyId, path);
  }

  /**
   * A merge on a host committed `top` into `base`: `base` got its data, and the image above `top`
   * a new backing name in its header. Where those are a copy's files there, their bytes are the
   * target's own now, no longer those sent.
   */
  mergedOnHost(hostId: string, top: string, base: string): void {
    this.db.prepare(`UPDATE copy_files SET state = 'rewritten' WHERE (path = ? OR backing = ?) AND state = 'complete'
      AND copy_id IN (SELECT id FROM copies WHERE target_host_id = ?)`).run(base, top, hostId);
    this.db.prepare(`UPDATE copy_files SET backing = ? WHERE backing = ? AND copy_id IN (SELECT id FROM copies WHERE target_host_id = ?)`).run(base, top, hostId);
  }

  forgetFile(copyId: string, path: string): void {
    this.db.prepare('DELETE FROM copy_files WHERE copy_id = ? AND path = ?').run(copyId, path);
  }

  addCopied(c: CopiedSnapshot): void {
    this.db.prepare('INSERT INTO copied_snapshots (snapshot_id, copy_id, source_snapshot_id, refreshed_at) VALUES (?, ?, ?, ?)')
      .run(c.snapshotId, c.copyId, c.sourceSnapshotId, c.refreshedAt);
  }

  /** The target rows holding this copy's snapshots, oldest refresh first. */
  copied(copyId: string): CopiedSnapshot[] {
    return (this.db.prepare('SELECT * FROM copied_snapshots WHERE copy_id = ? ORDER BY refreshed_at, snapshot_id').all(copyId) as
      Parameters<typeof toCopied>[0][]).map(toCopied);
  }

  /** The copy a target row holds, or null for an ordinary snapshot. */
  copyOf(snapshotId: string): CopiedSnapshot | null {
    const r = this.db.prepare('SELECT * FROM copied_snapshots WHERE snapshot_id = ?').get(snapshotId) as Parameters<typeof toCopied>[0] | undefined;
    return r ? toCopied(r) : null;
  }

  /** The copies made of a source snapshot, on every target. */
  copiesOfSource(sourceSnapshotId: string): CopiedSnapshot[] {
    return (this.db.prepare('SELECT * FROM copied_snapshots WHERE source_snapshot_id = ? ORDER BY refreshed_at').all(sourceSnapshotId) as
      Parameters<typeof toCopied>[0][]).map(toCopied);
  }
}
