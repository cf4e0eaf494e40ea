// Where the CLI keeps its metadata by default: the user's data directory (XDG).
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export function defaultDbPath(env: NodeJS.ProcessEnv = process.env): string {
  const dataHome = env.XDG_DATA_HOME || join(env.HOME || homedir(), '.local', 'share');
  return join(dataHome, 'snapvisor', 'snapvisor.db');
}

/** The launcher the systemd service runs: bin/snapvisor.js next to this source tree. */
export function launcherPath(): string {
  return resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'bin', 'snapvisor.js');
}
