import type { Migration } from './migration';

// A memory snapshot lowers the VM's QEMU migration downtime limit and puts the old value back
// afterwards. When the link to the host dies (or Snapvisor is killed) in between, QEMU keeps the
// low value and a later live migration would struggle to converge. The old value is written here
// before it is lowered and removed once it is back, so reconcile can put it back when the host
// answers again, and the next snapshot does not mistake the lowered value for the VM's own.
export const loweredDowntimes: Migration = {
  version: 6,
  name: 'lowered-downtimes',
  up(db) {
    db.exec(`
      CREATE TABLE lowered_downtimes (
        host_id TEXT NOT NULL REFERENCES hosts(id) ON DELETE CASCADE,
        vm_uuid TEXT NOT NULL,
        previous_ms INTEGER NOT NULL,
        lowered_at TEXT NOT NULL,
        PRIMARY KEY (host_id, vm_uuid)
      );
    `);
  },
};
