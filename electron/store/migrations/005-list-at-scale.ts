import type { Migration } from './migration';

// What a host with 10,000 snapshots needs from the store:
//  - Thumbnails in a table of their own. A PNG in the row pushes the columns stored after it
//    (is_current, updated_at) behind its overflow pages, so listing read every thumbnail.
//  - A revision per row from one counter: the repository stamps every row it writes (with its
//    disks and thumbnail) with the next value, so it can keep the objects it built while their
//    revision holds, and the services can tell the renderer exactly what changed since they last
//    told it. Removed rows leave a tombstone. A trigger stamps updates that a writer did not
//    stamp (foreign-key actions such as a removed schedule's SET NULL). Inserts have none: an
//    insert trigger, even one whose WHEN is false, costs more than the insert itself.
//  - Indices in the order the list asks for (newest first), per host and per VM.
const bump = 'UPDATE snapshot_revision SET n = n + 1';
const current = '(SELECT n FROM snapshot_revision)';

export const listAtScale: Migration = {
  version: 5,
  name: 'list-at-scale',
  up(db) {
    db.exec(`
      CREATE TABLE snapshot_thumbnails (
        snapshot_id TEXT PRIMARY KEY REFERENCES snapshots(id) ON DELETE CASCADE,
        png BLOB NOT NULL
      );
      INSERT INTO snapshot_thumbnails (snapshot_id, png) SELECT id, thumbnail FROM snapshots WHERE thumbnail IS NOT NULL;
      ALTER TABLE snapshots DROP COLUMN thumbnail;

      ALTER TABLE snapshots ADD COLUMN rev INTEGER NOT NULL DEFAULT 0;
      UPDATE snapshots SET rev = rowid;
      CREATE TABLE snapshot_revision (n INTEGER NOT NULL);
      INSERT INTO snapshot_revision (n) SELECT COALESCE(MAX(rev), 0) FROM snapshots;
      CREATE TABLE snapshot_tombstones (
        rev INTEGER PRIMARY KEY,
        host_id TEXT NOT NULL,
        snapshot_id TEXT NOT NULL,
        removed_at TEXT NOT NULL
      );
      CREATE INDEX snapshot_tombstones_host ON snapshot_tombstones(host_id, rev);

      CREATE TRIGGER snapshots_rev_unstamped_update AFTER UPDATE ON snapshots WHEN NEW.rev = OLD.rev BEGIN
        ${bump}; UPDATE snapshots SET rev = ${current} WHERE rowid = NEW.rowid;
      END;
      CREATE TRIGGER snapshots_rev_delete AFTER DELETE ON snapshots BEGIN
        ${bump};
        INSERT INTO snapshot_tombstones (rev, host_id, snapshot_id, removed_at)
          VALUES (${current}, OLD.host_id, OLD.id, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
      END;

      DROP INDEX snapshots_host_vm;
      CREATE INDEX snapshots_host_created ON snapshots(host_id, created_at DESC, id);
      CREATE INDEX snapshots_host_vm_created ON snapshots(host_id, vm_uuid, created_at DESC, id);
      CREATE INDEX snapshots_host_rev ON snapshots(host_id, rev);
    `);
  },
};
