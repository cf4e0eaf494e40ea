// The built shell and CLI (dist-electron/), as the tests and benchmarks run them: the CLI tests
// spawn bin/snapvisor.cjs, which runs dist-electron/cli.cjs. Rebuilt here when missing or older
// than its sources, so a test never passes or fails on yesterday's build; also a vitest
// globalSetup, so the build happens once, before any worker spawns the CLI.
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'vite';
import { newestMtime } from '../e2e/build';

const ROOT = resolve(import.meta.dirname, '../..');
export const SHELL_OUT = join(ROOT, 'dist-electron');
const SOURCES = ['electron', 'native'].map((d) => join(ROOT, d));
const CONFIG = join(ROOT, 'vite.electron.config.ts');

function stale(): boolean {
  const built = join(SHELL_OUT, 'cli.cjs');
  if (!existsSync(built) || !existsSync(join(SHELL_OUT, 'main.js'))) return true;
  const newest = Math.max(statSync(CONFIG).mtimeMs, ...SOURCES.map(newestMtime));
  return statSync(built).mtimeMs < newest;
}

// Each vitest project loads its globalSetup on its own, in the same process: one build for all.
const pending = Symbol.for('snapvisor.shellBuild');
type WithPending = typeof globalThis & { [pending]?: Promise<string> };

export function ensureShellBuilt(): Promise<string> {
  const g = globalThis as WithPending;
  g[pending] ??= (async () => {
    if (stale()) await build({ configFile: CONFIG, logLevel: 'warn' });
    return SHELL_OUT;
  })();
  return g[pending];
}

export default async function setup(): Promise<void> {
  await ensureShellBuilt();
}
