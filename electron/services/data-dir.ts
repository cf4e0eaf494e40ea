// Files Snapvisor owns: overlays and memory images under <dataDir>/images/<host>/<vm>/<snapshot>/,
// named by ids and disk targets only. Everything is created 0600 by us before libvirt sees it
// (libvirt < 11.10 would create overlays world-readable: CVE-2025-13193).
import { execFile } from 'node:child_process';
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, rmSync, statSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import { promisify } from 'node:util';
import { SnapvisorError } from './errors';

const run = promisify(execFile);

const ID = /^[a-z0-9][a-z0-9-]{0,79}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TARGET = /^[a-z]{1,8}[a-z0-9]{0,8}$/;

function checked(value: string, re: RegExp, what: string): string {
  if (!re.test(value)) throw new SnapvisorError('invalid_input', { field: what });
  return value;
}

export class DataDir {
  readonly root: string;

  constructor(root: string) {
    this.root = resolve(root);
    mkdirSync(this.root, { recursive: true, mode: 0o700 });
  }

  snapshotDir(hostId: string, vmUuid: string, snapshotId: string, create = true): string {
    const dir = join(this.root, 'images', checked(hostId, ID, 'hostId'), checked(vmUuid, UUID, 'vmUuid').toLowerCase(), checked(snapshotId, ID, 'snapshotId'));
    if (create) mkdirSync(dir, { recursive: true, mode: 0o700 });
    return dir;
  }

  /** A new top layer for a VM's disks after a revert or volume restore (outlives any one snapshot). */
  topDir(hostId: string, vmUuid: string, id: string): string {
    const dir = join(this.root, 'images', checked(hostId, ID, 'hostId'), checked(vmUuid, UUID, 'vmUuid').toLowerCase(), 'tops', checked(id, ID, 'id'));
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    return dir;
  }

  /** Disks of a VM restored from a snapshot as a new VM. */
  restoredDir(hostId: string, vmUuid: string, create = true): string {
    const dir = join(this.root, 'images', checked(hostId, ID, 'hostId'), 'restored', checked(vmUuid, UUID, 'vmUuid').toLowerCase());
    if (create) mkdirSync(dir, { recursive: true, mode: 0o700 });
    return dir;
  }

  vmDir(hostId: string, vmUuid: string): string {
    return join(this.root, 'images', checked(hostId, ID, 'hostId'), checked(vmUuid, UUID, 'vmUuid').toLowerCase());
  }

  /** A file for a disk in a directory we own: "<target>.<suffix>". */
  diskFile(dir: string, target: string, suffix = 'qcow2'): string {
    return join(dir, `${checked(target, TARGET, 'disk')}.${suffix}`);
  }

  memoryFile(dir: string): string {
    return join(dir, 'memory.save');
  }

  owns(path: string | null | undefined): boolean {
    return !!path && resolve(path).startsWith(this.root + sep);
  }

  removeDir(dir: string): void {
    if (!this.owns(dir)) return;
    rmSync(dir, { recursive: true, force: true });
  }

  removeFile(path: string | null | undefined): void {
    if (!path || !this.owns(path)) return;
    rmSync(path, { force: true });
  }
}

/** Creates an empty file with mode 0600 (fails if it exists), so no tool ever creates it wider. */
export function createPrivateFile(path: string): void {
  closeSync(openSync(path, 'wx', 0o600));
  chmodSync(path, 0o600);
}

export async function qemuImg(args: string[]): Promise<string> {
  try {
    const { stdout } = await run('qemu-img', args, { maxBuffer: 64 * 1024 * 1024 });
    return stdout;
  } catch (e) {
    const err = e as { stderr?: string; message: string; code?: string };
    if (err.code === 'ENOENT') throw new SnapvisorError('internal', { detail: 'qemu-img is not installed' });
    const detail = (err.stderr || err.message).trim();
    if (/No space left on device/i.test(detail)) throw new SnapvisorError('no_space', { detail });
    throw new SnapvisorError('libvirt_error', { detail, tool: 'qemu-img' });
  }
}

/** A thin qcow2 overlay on `backing`, created 0600. */
export async function createOverlay(path: string, backing: string, backingFormat: string): Promise<void> {
  createPrivateFile(path);
  try {
    await qemuImg(['create', '-q', '-f', 'qcow2', '-F', backingFormat, '-b', backing, path]);
    chmodSync(path, 0o600);
  } catch (e) {
    rmSync(path, { force: true });
    throw e;
  }
}

export interface ImageInfo {
  format: string;
  virtualSize: number;
  actualSize: number;
  backing: string | null;
  snapshots: { name: string; vmStateSize: number }[];
}

export async function imageInfo(path: string): Promise<ImageInfo> {
  const out = JSON.parse(await qemuImg(['info', '-U', '--output=json', path])) as {
    format: string; 'virtual-size': number; 'actual-size'?: number; 'full-backing-filename'?: string; 'backing-filename'?: string;
    snapshots?: { name: string; 'vm-state-size': number }[];
  };
  return {
    format: out.format,
    virtualSize: out['virtual-size'],
    actualSize: out['actual-size'] ?? 0,
    backing: out['full-backing-filename'] ?? out['backing-filename'] ?? null,
    snapshots: (out.snapshots ?? []).map((s) => ({ name: s.name, vmStateSize: s['vm-state-size'] })),
  };
}

export function fileSize(path: string | null | undefined): number | null {
  if (!path || !existsSync(path)) return null;
  try {
    const st = statSync(path);
    return st.blocks * 512;
  } catch {
    return null;
  }
}
