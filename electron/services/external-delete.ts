// Deleting an external snapshot. libvirt's own external delete (block commit) rewrites chains
// under Snapvisor's records and lost data before 11.0; so libvirt forgets the metadata only,
// and Snapvisor frees the snapshot's frozen images itself (image-chain.ts).
import { VIR_DOMAIN_SNAPSHOT_DELETE, type Domain } from '../../native';
import type { EngineContext } from './context';
import { collapseImage, type Collapse } from './image-chain';
import type { Snapshot } from './model';

export async function deleteExternal(ctx: EngineContext, dom: Domain, s: Snapshot): Promise<Record<string, Collapse>> {
  const snap = dom.lookupSnapshot(s.libvirtName!);
  try {
    await snap.delete(VIR_DOMAIN_SNAPSHOT_DELETE.METADATA_ONLY);
  } finally {
    snap.close();
  }
  const outcome: Record<string, Collapse> = {};
  if (s.memoryFile) await (await ctx.files.host(s.hostId)).remove(s.memoryFile);
  const own = new Set([s.id, ...ctx.snapshots.dependents(s.id).map((d) => d.id)]);
  for (const d of s.disks) {
    if (!d.file) continue;
    outcome[d.target] = await collapseImage(ctx, dom, s.hostId, s.vm.uuid, d.file, own);
  }
  return outcome;
}
