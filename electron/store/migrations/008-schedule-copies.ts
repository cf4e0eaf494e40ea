import type { Migration } from './migration';

// A schedule can refresh its VM's copy on another host after each run (issue 16, item 2): the
// target's libvirt URI, and the target's retention for that copy (null: as the copy has it).
// Both null for a schedule that makes no copy, which every schedule before this one was.
export const scheduleCopies: Migration = {
  version: 8,
  name: 'schedule-copies',
  up(db) {
    db.exec(`
      ALTER TABLE schedules ADD COLUMN copy_to TEXT;
      ALTER TABLE schedules ADD COLUMN copy_keep INTEGER CHECK (copy_keep IS NULL OR (copy_keep >= 1 AND copy_to IS NOT NULL));
    `);
  },
};
