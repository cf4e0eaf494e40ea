// One schema migration. Its own module, below both db.ts (which runs them) and the migrations
// (which db.ts imports), so the two do not import each other.
import type Database from 'better-sqlite3';

export interface Migration {
  /** Strictly increasing, never reused. */
  version: number;
  name: string;
  up(db: Database.Database): void;
}
