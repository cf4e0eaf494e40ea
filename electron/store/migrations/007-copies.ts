import type { Migration } from './migration';

// Copies of a VM's snapshots on another host (issue 16, docs/copies.md). A copy is one source VM
// on one target host: the copy VM there and its settings. Each file a refresh sends is written
// here as `pending` before its upload starts and turns `complete` (with its SHA-256 and length)
// in the transaction that makes the copies needing it visible, so a refresh cut short anywhere
// leaves rows naming exactly the files to remove. Copied snapshots map the target's rows to the
// source snapshots they hold; they go with the target's row (its own retention, a delete there).
export const copies: Migration = {
  version: 7,
  name: 'copies',
  up(db) {
    db.exec(`
      CREATE TABLE copies (
        id TEXT PRIMARY KEY,
        source_host_id TEXT NOT NULL REFERENCES hosts(id) ON DELETE CASCADE,
        source_vm_uuid TEXT NOT NULL,
        source_vm_name TEXT NOT NULL,
        target_host_id TEXT NOT NULL REFERENCES hosts(id) ON DELETE CASCADE,
        copy_vm_uuid TEXT NOT NULL,
        copy_vm_name TEXT NOT NULL,
        keep INTEGER,
        created_at TEXT NOT NULL,
        refreshed_at TEXT,
        last_bytes_sent INTEGER,
        last_error TEXT,
        UNIQUE (source_host_id, source_vm_uuid, target_host_id)
      );

      CREATE TABLE copy_files (
        copy_id TEXT NOT NULL REFERENCES copies(id) ON DELETE CASCADE,
        path TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('pending', 'complete', 'rewritten')),
        sha256 TEXT,
        length INTEGER,
        source_snapshot_id TEXT NOT NULL,
        backing TEXT,
        sent_at TEXT NOT NULL,
        PRIMARY KEY (copy_id, path)
      );

      CREATE TABLE copied_snapshots (
        snapshot_id TEXT PRIMARY KEY REFERENCES snapshots(id) ON DELETE CASCADE,
        copy_id TEXT NOT NULL REFERENCES copies(id) ON DELETE CASCADE,
        source_snapshot_id TEXT NOT NULL,
        refreshed_at TEXT NOT NULL,
        UNIQUE (copy_id, source_snapshot_id)
      );
    `);
  },
};
