// Window or command line: the AppImage starts its Electron binary for every use, so
// `Snapvisor.AppImage cli …` reaches the main process as arguments. The main process looks here
// first, before anything that touches the display or the single-instance lock, and in CLI mode
// runs the bundled CLI on its own binary in Node mode (as the deb/rpm launcher does).
import { constants } from 'node:os';

export const CLI_ARGUMENT = 'cli';

export type LaunchMode = { mode: 'window' } | { mode: 'cli'; args: string[] };

/**
 * `argv` is process.argv: the binary, then (unpackaged, `electron .`) the app path, then the
 * arguments. Chromium switches (`--no-sandbox`, which some AppImage launchers add) may come
 * before `cli`; what follows it is the command line's own.
 */
export function launchMode(argv: readonly string[], isPackaged: boolean): LaunchMode {
  const args = argv.slice(isPackaged ? 1 : 2);
  const first = args.findIndex((a) => !a.startsWith('--'));
  return first >= 0 && args[first] === CLI_ARGUMENT ? { mode: 'cli', args: args.slice(first + 1) } : { mode: 'window' };
}

/** The exit code to pass on from the CLI's process (128 + n when a signal ended it, as shells say). */
export function exitCodeOf(r: { status: number | null; signal: NodeJS.Signals | null }): number {
  if (r.status !== null) return r.status;
  return r.signal ? 128 + (constants.signals[r.signal] ?? 0) : 1;
}
