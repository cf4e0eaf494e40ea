// What the shell reads from its environment. SNAPVISOR_URI picks the default host (tests use
// the libvirt test driver, test:///default), SNAPVISOR_USER_DATA a throw-away profile directory.
import { isAbsolute, join } from 'node:path';
import { dataDirFor, defaultDbPath } from '../services/core/default-paths';

export interface ShellConfig {
  /** The host connected at start; undefined lets the services choose (qemu:///system or the demo). */
  defaultUri: string | undefined;
  /** Overrides Electron's userData directory. */
  userData: string | undefined;
  /** Developer affordances: reload and devtools in the View menu. */
  dev: boolean;
}

export function readShellConfig(env: NodeJS.ProcessEnv, isPackaged: boolean): ShellConfig {
  const uri = env.SNAPVISOR_URI?.trim();
  const userData = env.SNAPVISOR_USER_DATA?.trim();
  if (uri && !/^[A-Za-z][A-Za-z0-9+.-]*:[^\s]*$/.test(uri)) throw new Error(`SNAPVISOR_URI is not a libvirt URI: ${uri}`);
  if (userData && !isAbsolute(userData)) throw new Error(`SNAPVISOR_USER_DATA must be an absolute path: ${userData}`);
  return { defaultUri: uri || undefined, userData: userData || undefined, dev: !isPackaged || env.SNAPVISOR_DEV === '1' };
}

/**
 * The window state stays in Electron's userData; the metadata is shared with the CLI (see
 * default-paths), except under SNAPVISOR_USER_DATA, a throw-away profile that holds everything.
 */
export function servicePaths(userData: string, config: Pick<ShellConfig, 'userData'>, env: NodeJS.ProcessEnv): { dbPath: string; dataDir: string; windowState: string } {
  const dbPath = config.userData ? join(userData, 'snapvisor.db') : defaultDbPath(env);
  return { dbPath, dataDir: dataDirFor(dbPath), windowState: join(userData, 'window-state.json') };
}

/** koffi's async calls run on libuv's pool; a busy event pump holds one thread, so give it room. */
export function threadPoolSize(current: string | undefined, wanted = 16): string {
  const n = Number(current);
  return String(Number.isInteger(n) && n > wanted ? n : wanted);
}
