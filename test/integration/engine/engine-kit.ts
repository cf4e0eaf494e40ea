// Helpers for the engine's integration tests: services on qemu:///system with a private data
// dir, and the strict judge of a memory revert.
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { createServices, type EngineServices } from '../../../electron/services';
import { STATE_DIR, SYSTEM_URI, type Guest } from '../../guest/kit';

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

/**
 * A memory revert, judged strictly: after `fromIndex` console ticks, the first new tick falls in
 * [low - 1, high + 2] (the counter at snapshot time), then ticks count on without gaps, and no
 * new BOOT line appeared.
 */
export function judgeMemoryRevert(g: Guest, fromIndex: number, bootsBefore: number, low: number, high: number, minTicks = 10): { ok: boolean; why: string } {
  const c = g.console();
  if (c.boots.length !== bootsBefore) return { ok: false, why: `new BOOT line (${c.boots.length} boots)` };
  const all = c.ticks;
  // Ticks the old run printed between reading the console and the revert stopping it come
  // first: the resumed run starts where the counter goes back.
  let k = fromIndex;
  while (k < all.length && k > 0 && all[k]! > all[k - 1]! && k - fromIndex < 5) k++;
  const after = all.slice(k);
  if (after.length < minTicks) return { ok: false, why: `only ${after.length} ticks after revert` };
  const first = after[0]!;
  if (first < low - 1 || first > high + 2) return { ok: false, why: `first tick ${first} outside [${low - 1}, ${high + 2}]` };
  for (let i = 1; i < after.length; i++) if (after[i] !== after[i - 1]! + 1) return { ok: false, why: `gap ${after[i - 1]} -> ${after[i]}` };
  return { ok: true, why: `resumed at ${first}` };
}
