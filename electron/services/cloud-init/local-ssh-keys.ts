// The public keys of the user running the app, offered by the restore-as-new wizard so they need
// not be pasted. Only ~/.ssh/*.pub is read (no path from the renderer), a bounded number of small
// files, and only files the restore-as-new key rule accepts: a private key saved as .pub or any
// other junk is never offered, so it cannot be sent to a guest by a click.
import { open, readdir } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { sshPublicKeys } from '../../../shared/rules';

/** How many .pub files are looked at, and the largest one read. */
export const LOCAL_SSH_KEY_FILES_MAX = 50;
export const LOCAL_SSH_KEY_FILE_MAX_BYTES = 16 * 1024;

export interface LocalSshKey {
  /** The file's base name in ~/.ssh. */
  file: string;
  /** Its text, as the wizard sends it in sshKeys. */
  key: string;
}

/** A regular file's text if it is at most the limit, else null (a larger file is not a key). */
async function smallText(path: string): Promise<string | null> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch {
    return null;
  }
  try {
    const info = await handle.stat();
    if (!info.isFile() || info.size > LOCAL_SSH_KEY_FILE_MAX_BYTES) return null;
    const buffer = Buffer.alloc(LOCAL_SSH_KEY_FILE_MAX_BYTES + 1);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    return bytesRead > LOCAL_SSH_KEY_FILE_MAX_BYTES ? null : buffer.toString('utf8', 0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** The public keys in `home`/.ssh/*.pub, by file name; none when there is no such directory. */
export async function localSshKeys(home: string = homedir()): Promise<LocalSshKey[]> {
  const dir = join(home, '.ssh');
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (e) {
    // No ~/.ssh is truly no keys; a directory that cannot be read is a failure to say so.
    if ((e as NodeJS.ErrnoException).code === 'ENOENT' || (e as NodeJS.ErrnoException).code === 'ENOTDIR') return [];
    throw e;
  }
  const files = names.filter((n) => n.endsWith('.pub')).sort().slice(0, LOCAL_SSH_KEY_FILES_MAX);
  const keys: LocalSshKey[] = [];
  for (const file of files) {
    const key = await smallText(join(dir, file));
    if (key !== null && !('problem' in sshPublicKeys(key))) keys.push({ file, key });
  }
  return keys;
}
