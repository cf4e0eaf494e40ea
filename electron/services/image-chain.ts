// The qcow2 images behind external snapshots: which of ours back onto which, and removing a
// frozen image safely once no snapshot needs it (merging it into its only child when it can).
import { readdirSync, rmdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Domain } from '../../native';
import type { EngineContext } from './context';
import { imageInfo, qemuImg } from './data-dir';

function qcow2Files(dir: string): string[] {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((e) => (e.isDirectory() ? qcow2Files(join(dir, e.name)) : e.name.endsWith('.qcow2') ? [join(dir, e.name)] : []));
}

/** Whether any snapshot row (other than `except`) still needs `path` as its frozen image. */
export function referenced(ctx: EngineContext, hostId: string, path: string, except: ReadonlySet<string> = new Set()): boolean {
  return ctx.snapshots.list({ hostId, includeDependents: true })
    .some((s) => !except.has(s.id) && (s.disks.some((d) => d.file === path) || s.memoryFile === path));
}

function removeEmptyDirs(ctx: EngineContext, path: string): void {
  let dir = dirname(path);
  while (ctx.files.owns(dir)) {
    try {
      rmdirSync(dir);
    } catch {
      return;
    }
    dir = dirname(dir);
  }
}

export type Collapse = 'removed' | 'merged' | 'kept' | 'not-ours';

/**
 * Frees a frozen image no snapshot needs any more: removed when nothing backs onto it; merged
 * into its only child (qemu-img rebase keeps the child's content) while the VM is off; else kept.
 */
export async function collapseImage(ctx: EngineContext, dom: Domain, hostId: string, vmUuid: string, path: string, except: ReadonlySet<string>): Promise<Collapse> {
  if (!ctx.files.owns(path)) return 'not-ours';
  if (referenced(ctx, hostId, path, except)) return 'kept';
  const children: string[] = [];
  for (const f of [...qcow2Files(ctx.files.vmDir(hostId, vmUuid)), ...qcow2Files(join(ctx.files.root, 'images', hostId, 'restored'))]) {
    if (f === path) continue;
    try {
      if ((await imageInfo(f)).backing === path) children.push(f);
    } catch {
      // An image we cannot read is not touched.
    }
  }
  if (children.length === 0) {
    ctx.files.removeFile(path);
    removeEmptyDirs(ctx, path);
    return 'removed';
  }
  if (children.length === 1 && !dom.isActive()) {
    const info = await imageInfo(path);
    const child = children[0]!;
    const args = info.backing
      ? ['rebase', '-q', '-f', 'qcow2', '-F', (await imageInfo(info.backing)).format, '-b', info.backing, child]
      : ['rebase', '-q', '-f', 'qcow2', '-b', '', child];
    await qemuImg(args);
    ctx.files.removeFile(path);
    removeEmptyDirs(ctx, path);
    return 'merged';
  }
  return 'kept';
}

/** Removes top layers a revert or restore replaced, when no snapshot froze them. */
export async function discardTops(ctx: EngineContext, dom: Domain, hostId: string, vmUuid: string, tops: string[]): Promise<void> {
  for (const t of tops) {
    if (!ctx.files.owns(t) || referenced(ctx, hostId, t)) continue;
    await collapseImage(ctx, dom, hostId, vmUuid, t, new Set());
  }
}
