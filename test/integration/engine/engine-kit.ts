// Helpers for the engine's integration tests: services on qemu:///system with a private data dir.
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { createServices, type EngineServices } from '../../../electron/services';
import { STATE_DIR, SYSTEM_URI } from '../../guest/kit';

export const HOST = 'qemu-system';

export async function systemServices(): Promise<{ services: EngineServices; dir: string; dispose(): Promise<void> }> {
  const dir = join(STATE_DIR, 'engine', randomBytes(4).toString('hex'));
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const services = await createServices({ dbPath: join(dir, 'db.sqlite'), dataDir: join(dir, 'data'), defaultUri: SYSTEM_URI, reconcileOnStart: false });
  return {
    services,
    dir,
    async dispose() {
      await services.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

