// Runs the real `snapvisor` launcher as a child process, as scripts and systemd do.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { destroyPoolOf } from '../../guest/pools';

export const REPO = resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..', '..');
export const BIN = join(REPO, 'bin', 'snapvisor.cjs');
export const LEGACY_NODE_XML = join(REPO, 'test', 'unit', 'cli', 'fixtures', 'legacy-node.xml');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function runCliProcess(args: readonly string[], env: NodeJS.ProcessEnv = {}): CliResult {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH, HOME: process.env.HOME, LANG: 'C.UTF-8', ...env },
    timeout: 120_000,
  });
  if (r.error) throw r.error;
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/**
 * Runs the launcher with a terminal of 160 columns for its output (script(1) gives it one), as a
 * person at a shell runs it: `stdout` is what the terminal showed, both streams together.
 */
export function runCliInTerminal(args: readonly string[], env: NodeJS.ProcessEnv = {}): CliResult {
  const quote = (a: string): string => `'${a.replaceAll("'", "'\\''")}'`;
  const command = `stty cols 160 rows 40; ${[process.execPath, BIN, ...args].map(quote).join(' ')}`;
  const r = spawnSync('script', ['-qec', command, '/dev/null'], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH, HOME: process.env.HOME, LANG: 'C.UTF-8', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 120_000,
  });
  if (r.error) throw r.error;
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

export function parseJson<T>(r: CliResult): T {
  try {
    return JSON.parse(r.stdout) as T;
  } catch {
    throw new Error(`not JSON (exit ${r.code}): ${r.stdout}\nstderr: ${r.stderr}`);
  }
}

/** A temp directory holding the database; `cli(...)` runs against it on the given URI. */
export function cliSandbox(uri: string): {
  dir: string; db: string; cli: (...args: string[]) => CliResult; terminal: (...args: string[]) => CliResult; dispose(): Promise<void>;
} {
  const dir = mkdtempSync(join(tmpdir(), 'sv-cli-'));
  const db = join(dir, 'snapvisor.db');
  return {
    dir,
    db,
    cli: (...args) => runCliProcess(['--connect', uri, '--db', db, ...args]),
    terminal: (...args) => runCliInTerminal(['--connect', uri, '--db', db, ...args]),
    dispose: async () => {
      await destroyPoolOf(db, uri);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
