import type { Migration } from './migration';

// What the snapshot engine needs beyond the core tables: libvirt's "current" flag per snapshot,
// the per-VM snapshot location decision (never mix internal and external on one chain), and the
// VMs Snapvisor made from snapshots (their overlays hold the snapshot's image: "in use").
export const engine: Migration = {
  version: 2,
  name: 'engine',
  up(db) {
    db.exec(`
      ALTER TABLE snapshots ADD COLUMN is_current INTEGER NOT NULL DEFAULT 0;

      CREATE TABLE vm_policies (
        host_id TEXT NOT NULL REFERENCES hosts(id) ON DELETE CASCADE,
        vm_uuid TEXT NOT NULL,
        location TEXT NOT NULL CHECK (location IN ('internal', 'external')),
        reason TEXT NOT NULL,
        decided_at TEXT NOT NULL,
        PRIMARY KEY (host_id, vm_uuid)
      );

      CREATE TABLE restored_vms (
        host_id TEXT NOT NULL REFERENCES hosts(id) ON DELETE CASCADE,
        vm_uuid TEXT NOT NULL,
        vm_name TEXT NOT NULL,
        snapshot_id TEXT NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (host_id, vm_uuid)
      );
      CREATE INDEX restored_vms_snapshot ON restored_vms(snapshot_id);
    `);
  },
};
