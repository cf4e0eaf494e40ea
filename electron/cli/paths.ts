// Where the CLI keeps its metadata by default: the user's data directory (XDG).
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export { defaultDbPath } from '../services/default-paths';

/** The launcher the systemd service runs: bin/snapvisor.js next to this source tree. */
export function launcherPath(): string {
  return resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'bin', 'snapvisor.js');
}
