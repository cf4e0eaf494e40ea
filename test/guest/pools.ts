// Snapvisor's storage pool of a throw-away database, removed from the libvirt host after a test
// (a test run would otherwise leave one pool per database on the daemon).
import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { Connection } from '../../native';
import { destroyPool } from '../../electron/services/files/pool';
import { noteInstalls } from '../setup/run-ledger';

export async function destroyPoolOf(dbPath: string, uri: string): Promise<void> {
  // The test driver keeps its pools in the process that opened it: nothing outlives a test there.
  if (uri.startsWith('test:') || !existsSync(dbPath)) return;
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  let installId: string | undefined;
  try {
    installId = (db.prepare(`SELECT value FROM meta WHERE key = 'install_id'`).get() as { value: string } | undefined)?.value;
  } catch {
    return; // a database from before install ids
  } finally {
    db.close();
  }
  if (!installId) return;
  noteInstalls([installId]);
  const conn = await Connection.open(uri);
  try {
    await destroyPool(conn, installId);
  } finally {
    conn.close();
  }
}
