// Nothing leaks: Snapvisor's files for a VM that nothing needs any more are removed, one audit
// event per file. "Needed" is the closure over backing chains of: every domain's disks (live and
// persistent, restored VMs and helper domains included), the files snapshot rows hold (frozen
// images, memory files, overlays being created) and pending merges' images. Runs from reconcile,
// never while a job holds the VM.
import { record, type EngineContext } from '../core/context';
import { readChainState } from '../merges/chain-state';

export interface SweptFile {
  path: string;
  bytes: number;
}

/** Removes the VM's files nothing needs; returns what went. */
export async function sweepLeaks(ctx: EngineContext, hostId: string, vmUuid: string): Promise<SweptFile[]> {
  const files = await ctx.files.host(hostId);
  const mine = await files.images(vmUuid);
  if (mine.length === 0) return [];
  const conn = await ctx.hosts.connection(hostId);
  const { graph } = await readChainState(ctx, hostId, conn, files);
  const merging = ctx.merges.forHost(hostId).flatMap((m) => [m.image, ...(m.top ? [m.top] : [])]);
  const held = graph.closure(merging);
  const swept: SweptFile[] = [];
  for (const img of mine) {
    if (graph.isLive(img.path) || held.has(img.path)) continue;
    if (!(await files.remove(img.path))) continue;
    swept.push({ path: img.path, bytes: img.allocation });
    record(ctx, { hostId, snapshotId: null, vmUuid, action: 'leak', outcome: 'info', detail: { removed: img.path, bytes: img.allocation } });
  }
  return swept;
}
