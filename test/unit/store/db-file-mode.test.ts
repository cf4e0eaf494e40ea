// The metadata database is the owner's alone wherever it is: a new file and the WAL files SQLite
// makes beside it are 0600 in a world-readable directory whatever the umask, an existing
// readable one is tightened when it is opened, and the CLI's `--db` gets the same.
import Database from 'better-sqlite3';
import { chmodSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../electron/store/db';
import { HostsRepo } from '../../../electron/store/hosts-repo';
import { runCliProcess } from '../cli/run-cli';

/** The permission bits in octal ("600"), so a failure reads as `ls -l` would. */
const modeOf = (path: string): string => (statSync(path).mode & 0o777).toString(8);

/** Every file of the database in `dir` (main, -wal, -shm, -journal) with its mode. */
function databaseFiles(dir: string, name: string): Record<string, string> {
  return Object.fromEntries(readdirSync(dir).filter((f) => f.startsWith(name)).map((f) => [f, modeOf(join(dir, f))]));
}

/** Runs `f` under `mask`, as a user whose shell sets it would. */
function withUmask<T>(mask: number, f: () => T): T {
  const before = process.umask(mask);
  try {
    return f();
  } finally {
    process.umask(before);
  }
}

describe('the metadata database file mode', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sv-dbmode-'));
    chmodSync(dir, 0o755);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('a new database and its -wal and -shm are 0600 in a world-readable directory, even under umask 000', () => {
    const path = join(dir, 'snap.db');
    withUmask(0o000, () => {
      const db = openDatabase(path);
      try {
        new HostsRepo(db).add('qemu+ssh://root@example.org/system?keyfile=/home/ann/.ssh/id_ed25519', 'example');
        // While a connection is open, WAL mode keeps both files beside the database.
        expect(databaseFiles(dir, 'snap.db')).toEqual({ 'snap.db': '600', 'snap.db-wal': '600', 'snap.db-shm': '600' });
      } finally {
        db.close();
      }
    });
    expect(modeOf(dir)).toBe('755');
    expect(modeOf(path)).toBe('600');
  });

  it('an existing database and its -wal and -shm, readable by everyone, are tightened at open', () => {
    const path = join(dir, 'snap.db');
    // As an older Snapvisor left it: created by SQLite under umask 022 and open elsewhere (the app).
    const earlier = withUmask(0o022, () => new Database(path));
    try {
      earlier.pragma('journal_mode = WAL');
      earlier.exec('CREATE TABLE t (x TEXT); INSERT INTO t VALUES (\'notes\')');
      expect(databaseFiles(dir, 'snap.db')).toEqual({ 'snap.db': '644', 'snap.db-wal': '644', 'snap.db-shm': '644' });

      const db = openDatabase(path);
      try {
        expect(databaseFiles(dir, 'snap.db')).toEqual({ 'snap.db': '600', 'snap.db-wal': '600', 'snap.db-shm': '600' });
        new HostsRepo(db).add('qemu:///system', 'local');
        expect(db.prepare('SELECT x FROM t').pluck().get()).toBe('notes');
        expect(databaseFiles(dir, 'snap.db')).toEqual({ 'snap.db': '600', 'snap.db-wal': '600', 'snap.db-shm': '600' });
      } finally {
        db.close();
      }
    } finally {
      earlier.close();
    }
    expect(modeOf(path)).toBe('600');
  });

  it('the CLI creates its --db 0600 and tightens one left readable', () => {
    const path = join(dir, 'snap.db');
    const cli = (): void => {
      const r = runCliProcess(['--connect', 'test:///default', '--db', path, '--json', 'vms']);
      expect(r.code, r.stderr).toBe(0);
    };
    cli();
    // The CLI's connection is closed: SQLite removed -wal and -shm unless it left them 0600.
    const files = databaseFiles(dir, 'snap.db');
    expect(files['snap.db']).toBe('600');
    expect(Object.values(files).filter((m) => m !== '600'), JSON.stringify(files)).toEqual([]);

    chmodSync(path, 0o644);
    cli();
    expect(modeOf(path)).toBe('600');
    expect(modeOf(dir)).toBe('755');
  });
});
