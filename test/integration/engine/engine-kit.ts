// Helpers for the engine's integration tests: services on qemu:///system with a private data dir.
import { join } from 'node:path';
import { createTestServices, type TestServices } from '../../../electron/services';
import { STATE_DIR, SYSTEM_URI } from '../../guest/kit';

export const HOST = 'qemu-system';

export function systemServices(): Promise<TestServices> {
  return createTestServices({ defaultUri: SYSTEM_URI, reconcileOnStart: false }, join(STATE_DIR, 'engine'));
}

