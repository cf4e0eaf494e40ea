import type { Migration } from './migration';

// Pending merges: a frozen image that a deleted snapshot no longer needs, to be freed (its only
// child committed into it, or the file removed) as soon as nothing else needs it. The row is
// written in the same transaction that marks the snapshot `deleting`, so a crash never loses
// one; while a block job runs it records what is being committed where, so recovery after a
// kill or a daemon restart can tell whether the commit took effect.
export const merges: Migration = {
  version: 3,
  name: 'merges',
  up(db) {
    db.exec(`
      CREATE TABLE pending_merges (
        id TEXT PRIMARY KEY,
        host_id TEXT NOT NULL REFERENCES hosts(id) ON DELETE CASCADE,
        vm_uuid TEXT NOT NULL,
        -- The disk the image belonged to, its path and its format.
        target TEXT NOT NULL,
        image TEXT NOT NULL,
        format TEXT,
        -- The deleted snapshot (no foreign key: its row goes first).
        snapshot_id TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('pending', 'running')),
        -- Why it waits: referenced | branched | held | failed | cancelled | interrupted.
        reason TEXT,
        -- While running: the image being committed, how, and the helper domain's name.
        top TEXT,
        mode TEXT CHECK (mode IS NULL OR mode IN ('live', 'live-active', 'helper', 'helper-active')),
        helper TEXT,
        attempts INTEGER NOT NULL DEFAULT 0,
        -- The last failure as {"code", "params"}.
        last_error TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        UNIQUE (host_id, vm_uuid, image)
      );
      CREATE INDEX pending_merges_vm ON pending_merges(host_id, vm_uuid);
    `);
  },
};
