import type { Db } from './db';

/** Facts about this database itself (schema-independent key/value pairs). */
export class MetaRepo {
  constructor(private readonly db: Db) {}

  /** This database's install id: 12 lowercase hex characters, fixed for its lifetime. */
  installId(): string {
    const r = this.db.prepare(`SELECT value FROM meta WHERE key = 'install_id'`).get() as { value: string } | undefined;
    if (!r) throw new Error('database has no install id');
    return r.value;
  }
}
