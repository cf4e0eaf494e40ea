// The metadata database: one better-sqlite3 file, WAL, foreign keys on, versioned migrations.
// Every multi-row change goes through `transaction()`.
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { MIGRATIONS } from './migrations';

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

export interface Migration {
  /** Strictly increasing, never reused. */
  version: number;
  name: string;
  up(db: Db): void;
}

/**
 * Runs functions in a transaction (a savepoint inside another one). better-sqlite3 builds four
 * wrapper functions per `db.transaction(fn)`; one runner built once costs nothing per call.
 */
export function transactionRunner(db: Db): <T>(fn: () => T) => T {
  const run = db.transaction((fn: () => unknown) => fn());
  return <T>(fn: () => T): T => run(fn) as T;
}

export function openDatabase(path: string): Db {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
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
