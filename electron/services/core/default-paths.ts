// Where Snapvisor keeps its metadata unless told otherwise. The app and the `snapvisor` CLI
// (and so the systemd timer) must agree, or the schedules each sees would differ.
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';

/** $SNAPVISOR_DB, else $XDG_DATA_HOME/snapvisor/snapvisor.db (~/.local/share/... by default). */
export function defaultDbPath(env: NodeJS.ProcessEnv = process.env): string {
  if (env.SNAPVISOR_DB) return env.SNAPVISOR_DB;
  const dataHome = env.XDG_DATA_HOME || join(env.HOME || homedir(), '.local', 'share');
  return join(dataHome, 'snapvisor', 'snapvisor.db');
}

/** Overlays and memory images live in data/ next to the database. */
export function dataDirFor(dbPath: string): string {
  return join(dirname(dbPath), 'data');
}
