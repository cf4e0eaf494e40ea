// How to run the installed `snapvisor` command again, for a systemd unit or a crontab line, in
// each way Snapvisor is installed. Pure: the caller gives the facts about the running process.
//   AppImage            the AppImage file with `cli` (the mount point under /tmp changes per run)
//   deb / rpm / dir     resources/bin/snapvisor, the launcher /usr/bin/snapvisor links to
//   checkout, Electron  the app's Electron binary in Node mode on dist-electron/cli.cjs (the dev
//                       app: node_modules' native modules are built for Electron there)
//   checkout, Node      node on bin/snapvisor.cjs
import { realpathSync } from 'node:fs';
import { join, sep } from 'node:path';
import type { CliInvocation } from '../services/schedules/systemd';

export interface RuntimeFacts {
  /** The script that runs the CLI: bin/snapvisor.cjs or dist-electron/cli.cjs (maybe inside app.asar). */
  script: string;
  /** process.execPath: node, or the app's Electron binary. */
  execPath: string;
  /** $APPIMAGE, which the AppImage runtime sets to the AppImage file. */
  appImage: string | undefined;
  /** Running on Electron (as the app, or in Node mode). */
  electron: boolean;
}

/** The built CLI, next to main.js in dist-electron/ (vite.electron.config.ts writes it). */
export const CLI_BUNDLE = 'cli.cjs';
/** The packages' launcher, relative to Electron's resources/ directory. */
export const LAUNCHER = join('bin', 'snapvisor');

/** resources/ when `path` lies inside resources/app.asar, else null. */
function resourcesOf(path: string): string | null {
  const parts = path.split(sep);
  const i = parts.indexOf('app.asar');
  return i > 0 ? parts.slice(0, i).join(sep) : null;
}

export function cliInvocation(f: RuntimeFacts): CliInvocation {
  if (f.appImage) return { argv: [f.appImage, 'cli'], env: {} };
  const resources = resourcesOf(f.script);
  if (resources) return { argv: [join(resources, LAUNCHER)], env: {} };
  if (f.electron) return { argv: [f.execPath, f.script], env: { ELECTRON_RUN_AS_NODE: '1' } };
  return { argv: [f.execPath, f.script], env: {} };
}

/** This process's own command: given the CLI script it runs (the CLI) or would run (the app). */
export function selfInvocation(script: string, env: NodeJS.ProcessEnv = process.env): CliInvocation {
  return cliInvocation({ script, execPath: process.execPath, appImage: env.APPIMAGE || undefined, electron: Boolean(process.versions.electron) });
}

/** The command line running now (argv[1] is the script: bin/snapvisor.cjs or cli.cjs). */
export function runningCliInvocation(): CliInvocation {
  return selfInvocation(realpathSync(process.argv[1] ?? '.'));
}
