import type { Db } from './db';
import { nowIso } from './ids';

export interface LoweredDowntime {
  vmUuid: string;
  previousMs: number;
  loweredAt: string;
}

/** QEMU downtime limits lowered for a memory snapshot, with the value to put back (migration 006). */
export class DowntimesRepo {
  constructor(private readonly db: Db) {}

  /** Records the VM's own limit before it is lowered; an earlier record (not yet put back) wins. */
  lowering(hostId: string, vmUuid: string, previousMs: number): void {
    this.db.prepare('INSERT OR IGNORE INTO lowered_downtimes (host_id, vm_uuid, previous_ms, lowered_at) VALUES (?, ?, ?, ?)')
      .run(hostId, vmUuid, previousMs, nowIso());
  }

  /** The VM's own limit when a lowered one was never put back. */
  previous(hostId: string, vmUuid: string): number | null {
    const r = this.db.prepare('SELECT previous_ms FROM lowered_downtimes WHERE host_id = ? AND vm_uuid = ?').get(hostId, vmUuid) as
      { previous_ms: number } | undefined;
    return r ? r.previous_ms : null;
  }

  restored(hostId: string, vmUuid: string): void {
    this.db.prepare('DELETE FROM lowered_downtimes WHERE host_id = ? AND vm_uuid = ?').run(hostId, vmUuid);
  }

  onHost(hostId: string): LoweredDowntime[] {
    const rows = this.db.prepare('SELECT vm_uuid, previous_ms, lowered_at FROM lowered_downtimes WHERE host_id = ? ORDER BY lowered_at').all(hostId) as
      { vm_uuid: string; previous_ms: number; lowered_at: string }[];
    return rows.map((r) => ({ vmUuid: r.vm_uuid, previousMs: r.previous_ms, loweredAt: r.lowered_at }));
  }
}
