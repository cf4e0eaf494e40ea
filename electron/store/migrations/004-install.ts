import type { Migration } from './migration';

// One random id per database: the app and the CLI share it (they share the file), and every
// libvirt host gets a storage pool named after it, so two databases never sweep each other's files.
export const install: Migration = {
  version: 4,
  name: 'install',
  up(db) {
    db.exec(`CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)`);
    db.prepare(`INSERT INTO meta (key, value) VALUES ('install_id', lower(hex(randomblob(6))))`).run();
  },
};
