import type { Migration } from './migration';

export const core: Migration = {
  version: 1,
  name: 'core',
  up(db) {
    db.exec(`
      CREATE TABLE hosts (
        id TEXT PRIMARY KEY,
        uri TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        demo INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL
      );

      CREATE TABLE schedules (
        id TEXT PRIMARY KEY,
        host_id TEXT NOT NULL REFERENCES hosts(id) ON DELETE CASCADE,
        vm_uuid TEXT NOT NULL,
        vm_name TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('cold', 'hot', 'memory')),
        interval_seconds INTEGER CHECK (interval_seconds IS NULL OR interval_seconds >= 60),
        cron TEXT,
        name_pattern TEXT NOT NULL,
        keep_last INTEGER CHECK (keep_last IS NULL OR keep_last >= 1),
        max_age_seconds INTEGER CHECK (max_age_seconds IS NULL OR max_age_seconds >= 60),
        enabled INTEGER NOT NULL DEFAULT 1,
        created_at TEXT NOT NULL,
        last_run_at TEXT,
        next_run_at TEXT,
        last_error TEXT,
        CHECK ((interval_seconds IS NULL) <> (cron IS NULL))
      );

      CREATE TABLE snapshots (
        id TEXT PRIMARY KEY,
        host_id TEXT NOT NULL REFERENCES hosts(id) ON DELETE CASCADE,
        vm_uuid TEXT NOT NULL,
        vm_name TEXT NOT NULL,
        libvirt_name TEXT,
        name TEXT NOT NULL,
        description TEXT NOT NULL DEFAULT '',
        kind TEXT NOT NULL CHECK (kind IN ('cold', 'hot', 'memory', 'volume')),
        state TEXT NOT NULL CHECK (state IN ('creating', 'ready', 'error', 'deleting', 'error_deleting', 'restoring', 'unmanaged', 'missing')),
        location TEXT NOT NULL CHECK (location IN ('internal', 'external')),
        parent_id TEXT REFERENCES snapshots(id) ON DELETE SET NULL,
        protected INTEGER NOT NULL DEFAULT 0,
        dependent_of TEXT REFERENCES snapshots(id) ON DELETE CASCADE,
        origin TEXT NOT NULL DEFAULT 'manual' CHECK (origin IN ('manual', 'schedule', 'safety', 'adopted')),
        schedule_id TEXT REFERENCES schedules(id) ON DELETE SET NULL,
        quiesced INTEGER NOT NULL DEFAULT 0,
        vm_state TEXT,
        memory_file TEXT,
        created_at TEXT NOT NULL,
        expires_at TEXT,
        size_bytes INTEGER,
        error TEXT,
        thumbnail BLOB,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX snapshots_host_vm ON snapshots(host_id, vm_uuid);
      CREATE INDEX snapshots_created ON snapshots(created_at);
      CREATE INDEX snapshots_state ON snapshots(state);
      CREATE INDEX snapshots_dependent ON snapshots(dependent_of);
      CREATE INDEX snapshots_parent ON snapshots(parent_id);
      CREATE UNIQUE INDEX snapshots_libvirt_name ON snapshots(host_id, vm_uuid, libvirt_name) WHERE libvirt_name IS NOT NULL;

      CREATE TABLE snapshot_disks (
        snapshot_id TEXT NOT NULL REFERENCES snapshots(id) ON DELETE CASCADE,
        target TEXT NOT NULL,
        location TEXT NOT NULL CHECK (location IN ('internal', 'external', 'none')),
        format TEXT,
        file TEXT,
        overlay TEXT,
        size_bytes INTEGER,
        PRIMARY KEY (snapshot_id, target)
      );

      -- The audit log outlives what it describes: no foreign keys.
      CREATE TABLE events (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at TEXT NOT NULL,
        host_id TEXT,
        snapshot_id TEXT,
        vm_uuid TEXT,
        action TEXT NOT NULL,
        outcome TEXT NOT NULL CHECK (outcome IN ('started', 'succeeded', 'failed', 'info')),
        detail TEXT NOT NULL DEFAULT '{}'
      );
      CREATE INDEX events_snapshot ON events(snapshot_id);

      CREATE TABLE notes (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        snapshot_id TEXT NOT NULL REFERENCES snapshots(id) ON DELETE CASCADE,
        at TEXT NOT NULL,
        text TEXT NOT NULL
      );
      CREATE INDEX notes_snapshot ON notes(snapshot_id);
    `);
  },
};
