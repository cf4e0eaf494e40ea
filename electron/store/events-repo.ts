import { statementCache, type Db, type Statement } from './db';
import type { SnapshotEvent } from '../../shared/model';
import { nowIso } from './ids';

interface EventRow {
  id: number;
  at: string;
  host_id: string | null;
  snapshot_id: string | null;
  vm_uuid: string | null;
  action: string;
  outcome: SnapshotEvent['outcome'];
  detail: string;
}

export type NewEvent = Omit<SnapshotEvent, 'id' | 'at' | 'detail'> & { detail?: Record<string, unknown> };

const toEvent = (r: EventRow): SnapshotEvent => ({
  id: r.id,
  at: r.at,
  hostId: r.host_id,
  snapshotId: r.snapshot_id,
  vmUuid: r.vm_uuid,
  action: r.action,
  outcome: r.outcome,
  detail: JSON.parse(r.detail) as Record<string, unknown>,
});

/** The audit log: append-only, outlives the snapshots it describes. */
export class EventsRepo {
  private readonly stmt: (sql: string) => Statement;

  constructor(db: Db) {
    this.stmt = statementCache(db);
  }

  add(e: NewEvent): SnapshotEvent {
    const at = nowIso();
    const detail = JSON.stringify(e.detail ?? {});
    const info = this
      .stmt('INSERT INTO events (at, host_id, snapshot_id, vm_uuid, action, outcome, detail) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(at, e.hostId, e.snapshotId, e.vmUuid, e.action, e.outcome, detail);
    return { ...e, id: Number(info.lastInsertRowid), at, detail: e.detail ?? {} };
  }

  /** Newest first; one snapshot's events, or the latest `limit` of all. */
  list(snapshotId?: string, limit = 1000): SnapshotEvent[] {
    const rows = snapshotId === undefined
      ? this.stmt('SELECT * FROM events ORDER BY id DESC LIMIT ?').all(limit)
      : this.stmt('SELECT * FROM events WHERE snapshot_id = ? ORDER BY id DESC LIMIT ?').all(snapshotId, limit);
    return (rows as EventRow[]).map(toEvent);
  }
}
