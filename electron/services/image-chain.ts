// The qcow2 images behind external snapshots: which of ours back onto which, and removing a
// frozen image safely once no snapshot needs it (merging it into its only child when it can).
import type { Domain } from '../../native';
import type { EngineContext } from './context';
import { qemuImg } from './files/local-qemu-img';

/** Whether any snapshot row (other than `except`) still needs `path` as its frozen image. */
export function referenced(ctx: EngineContext, hostId: string, path: string, except: ReadonlySet<string> = new Set()): boolean {
  return ctx.snapshots.list({ hostId, includeDependents: true })
    .some((s) => !except.has(s.id) && (s.disks.some((d) => d.file === path) || s.memoryFile === path));
}

export type Collapse = 'removed' | 'merged' | 'kept' | 'not-ours';

/**
 * Frees a frozen image no snapshot needs any more: removed when nothing backs onto it; merged
 * into its only child (qemu-img rebase keeps the child's content) while the VM is off on a local
 * host; else kept.
 */
export async function collapseImage(ctx: EngineContext, dom: Domain, hostId: string, _vmUuid: string, path: string, except: ReadonlySet<string>): Promise<Collapse> {
  const files = await ctx.files.host(hostId);
  if (!files.owns(path)) return 'not-ours';
  if (referenced(ctx, hostId, path, except)) return 'kept';
  const images = await files.images();
  const children = images.filter((i) => i.backing?.path === path);
  if (children.length === 0) {
    await files.remove(path);
    return 'removed';
  }
  const own = images.find((i) => i.path === path);
  if (children.length === 1 && own && !dom.isActive() && ctx.hosts.isLocal(hostId)) {
    const child = children[0]!;
    const args = own.backing
      ? ['rebase', '-q', '-f', 'qcow2', '-F', own.backing.format ?? 'raw', '-b', own.backing.path, child.path]
      : ['rebase', '-q', '-f', 'qcow2', '-b', '', child.path];
    await qemuImg(args);
    await files.remove(path);
    return 'merged';
  }
  return 'kept';
}

/** Removes top layers a revert or restore replaced, when no snapshot froze them. */
export async function discardTops(ctx: EngineContext, dom: Domain, hostId: string, vmUuid: string, tops: string[]): Promise<void> {
  const files = await ctx.files.host(hostId);
  for (const t of tops) {
    if (!files.owns(t) || referenced(ctx, hostId, t)) continue;
    await collapseImage(ctx, dom, hostId, vmUuid, t, new Set());
  }
}
