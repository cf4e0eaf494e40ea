// qemu-img on this machine, for what libvirt's API does not offer: reading and copying a qcow2
// file's INTERNAL snapshots (their sizes, `convert -l snapshot.name=…`, `snapshot -a`). Only for
// local hosts (the file is here); on a remote host these operations say they are unavailable.
import { chmodSync, closeSync, openSync, rmSync } from 'node:fs';
import { promisify } from 'node:util';
import { SnapvisorError } from '../../../shared/errors';

export async function qemuImg(args: string[]): Promise<string> {
  try {
    // node:child_process loads on first use: every CLI call loads this module, few run qemu-img.
    const run = promisify(process.getBuiltinModule('node:child_process').execFile);
    const { stdout } = await run('qemu-img', args, { maxBuffer: 64 * 1024 * 1024 });
    return stdout;
  } catch (e) {
    const err = e as { stderr?: string; message: string; code?: string };
    if (err.code === 'ENOENT') throw new SnapvisorError('host_feature_unavailable', { feature: 'internal_snapshot_files', reason: 'no_qemu_img' });
    const detail = (err.stderr || err.message).trim();
    if (/No space left on device/i.test(detail)) throw new SnapvisorError('no_space', { detail });
    throw new SnapvisorError('libvirt_error', { detail, tool: 'qemu-img' });
  }
}

/** A local qcow2 file's virtual size and internal snapshots (with each one's saved VM state size). */
export async function localImage(path: string): Promise<{ virtualSize: number; snapshots: { name: string; vmStateSize: number }[] }> {
  const out = JSON.parse(await qemuImg(['info', '-U', '--output=json', path])) as {
    'virtual-size': number; snapshots?: { name: string; 'vm-state-size': number }[];
  };
  return { virtualSize: out['virtual-size'], snapshots: (out.snapshots ?? []).map((s) => ({ name: s.name, vmStateSize: s['vm-state-size'] })) };
}

/** Refuses, with the reason the UI shows, an internal-snapshot file operation on a remote host. */
export function requireLocal(local: boolean, feature: string): void {
  if (!local) throw new SnapvisorError('host_feature_unavailable', { feature, reason: 'remote_host' });
}

/** Copies a local qcow2 file's internal snapshot into a new 0600 file at `to` (which must not exist). */
export async function localCopyOfInternal(from: string, snapshotName: string, to: string, format: 'qcow2' | 'raw'): Promise<void> {
  closeSync(openSync(to, 'wx', 0o600));
  try {
    await qemuImg(['convert', '-U', '-l', `snapshot.name=${snapshotName}`, '-f', 'qcow2', from, '-O', format, to]);
    chmodSync(to, 0o600);
  } catch (e) {
    rmSync(to, { force: true });
    throw e;
  }
}
