import type { Db } from './db';
import { nowIso } from './ids';

export interface VmPolicy {
  location: 'internal' | 'external';
  reason: string;
  decidedAt: string;
}

export interface RestoredVm {
  hostId: string;
  vmUuid: string;
  vmName: string;
  snapshotId: string;
  createdAt: string;
}

/** Per-VM decisions (snapshot location) and the VMs restored from snapshots (holders). */
export class VmPoliciesRepo {
  constructor(private readonly db: Db) {}

  get(hostId: string, vmUuid: string): VmPolicy | null {
    const r = this.db.prepare('SELECT location, reason, decided_at FROM vm_policies WHERE host_id = ? AND vm_uuid = ?').get(hostId, vmUuid) as
      | { location: VmPolicy['location']; reason: string; decided_at: string }
      | undefined;
    return r ? { location: r.location, reason: r.reason, decidedAt: r.decided_at } : null;
  }

  set(hostId: string, vmUuid: string, location: VmPolicy['location'], reason: string): void {
    this.db
      .prepare(`INSERT INTO vm_policies (host_id, vm_uuid, location, reason, decided_at) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (host_id, vm_uuid) DO UPDATE SET location = excluded.location, reason = excluded.reason, decided_at = excluded.decided_at`)
      .run(hostId, vmUuid, location, reason, nowIso());
  }

  clear(hostId: string, vmUuid: string): void {
    this.db.prepare('DELETE FROM vm_policies WHERE host_id = ? AND vm_uuid = ?').run(hostId, vmUuid);
  }

  addRestored(v: Omit<RestoredVm, 'createdAt'>): void {
    this.db.prepare('INSERT OR REPLACE INTO restored_vms (host_id, vm_uuid, vm_name, snapshot_id, created_at) VALUES (?, ?, ?, ?, ?)')
      .run(v.hostId, v.vmUuid, v.vmName, v.snapshotId, nowIso());
  }

  removeRestored(hostId: string, vmUuid: string): void {
    this.db.prepare('DELETE FROM restored_vms WHERE host_id = ? AND vm_uuid = ?').run(hostId, vmUuid);
  }

  restoredFrom(snapshotId: string): RestoredVm[] {
    const rows = this.db.prepare('SELECT * FROM restored_vms WHERE snapshot_id = ? ORDER BY created_at').all(snapshotId) as
      { host_id: string; vm_uuid: string; vm_name: string; snapshot_id: string; created_at: string }[];
    return rows.map((r) => ({ hostId: r.host_id, vmUuid: r.vm_uuid, vmName: r.vm_name, snapshotId: r.snapshot_id, createdAt: r.created_at }));
  }

  restoredOn(hostId: string): RestoredVm[] {
    const rows = this.db.prepare('SELECT * FROM restored_vms WHERE host_id = ?').all(hostId) as
      { host_id: string; vm_uuid: string; vm_name: string; snapshot_id: string; created_at: string }[];
    return rows.map((r) => ({ hostId: r.host_id, vmUuid: r.vm_uuid, vmName: r.vm_name, snapshotId: r.snapshot_id, createdAt: r.created_at }));
  }
}
