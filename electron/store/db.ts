// The metadata database: one better-sqlite3 file, WAL, foreign keys on, versioned migrations.
// Every multi-row change goes through `transaction()`.
// The file is the owner's alone wherever it is (`--db` may name a world-readable directory): it
// holds VM names, descriptions, notes and host URIs with key file paths.
import Database from 'better-sqlite3';
import { chmodSync, closeSync, fchmodSync, fstatSync, mkdirSync, openSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { MIGRATIONS } from './migrations';
import type { Migration } from './migrations/migration';

// better-sqlite3 finds its addon through the `bindings` package, which probes a dozen paths at
// every process start (5-15 ms measured: much of a CLI call); where the addon is, is known.
const NATIVE_BINDING = createRequire(import.meta.url).resolve('better-sqlite3/build/Release/better_sqlite3.node');

export type Db = Database.Database;
export type Statement = Database.Statement;

/**
 * Prepared statements kept per SQL text: compiling a statement costs more than running it on a
 * few rows, so repositories prepare each one once per connection and reuse it.
 */
export function statementCache(db: Db): (sql: string) => Statement {
  const cache = new Map<string, Statement>();
  return (sql) => {
    let stmt = cache.get(sql);
    if (!stmt) {
      stmt = db.prepare(sql);
      cache.set(sql, stmt);
    }
    return stmt;
  };
}

/**
 * Runs functions in a transaction (a savepoint inside another one). better-sqlite3 builds four
 * wrapper functions per `db.transaction(fn)`; one runner built once costs nothing per call.
 */
export function transactionRunner(db: Db): <T>(fn: () => T) => T {
  const run = db.transaction((fn: () => unknown) => fn());
  return <T>(fn: () => T): T => run(fn) as T;
}

/** The mode of the database file and of the `-wal`/`-shm` files SQLite makes beside it. */
const DB_FILE_MODE = 0o600;

/**
 * Makes the database file before SQLite does, owner-only whatever the umask, and tightens the
 * files an earlier run (or an older Snapvisor) left. SQLite gives the `-wal`, `-shm` and
 * `-journal` files it creates later the main file's mode, so nothing is ever written readable.
 * A file already 0600 is left alone (it may be someone else's that we may only write).
 */
function makePrivate(path: string): void {
  const fd = openSync(path, 'a', DB_FILE_MODE);
  try {
    if ((fstatSync(fd).mode & 0o777) !== DB_FILE_MODE) fchmodSync(fd, DB_FILE_MODE);
  } finally {
    closeSync(fd);
  }
  for (const beside of [`${path}-wal`, `${path}-shm`]) {
    const mode = statSync(beside, { throwIfNoEntry: false })?.mode;
    if (mode !== undefined && (mode & 0o777) !== DB_FILE_MODE) chmodSync(beside, DB_FILE_MODE);
  }
}

export function openDatabase(path: string): Db {
  if (path !== ':memory:') {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    makePrivate(path);
  }
  const db = new Database(path, { nativeBinding: NATIVE_BINDING });
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  db.pragma('synchronous = NORMAL');
  migrate(db, MIGRATIONS);
  return db;
}

/** Applies the migrations newer than the file's user_version, each in its own transaction. */
export function migrate(db: Db, migrations: readonly Migration[]): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  const latest = migrations.at(-1)?.version ?? 0;
  if (current > latest) {
    throw new Error(`database schema version ${current} is newer than this Snapvisor (${latest}); update Snapvisor`);
  }
  for (const m of migrations) {
    if (m.version <= current) continue;
    db.transaction(() => {
      m.up(db);
      db.pragma(`user_version = ${m.version}`);
    })();
  }
}
