// Top layers a revert or restore replaced: removed when nothing needs them and nothing backs
// onto them (the merge planner's "remove"); anything else is left to the merges and the leak
// sweep, which see the same chains.
import { Connection, type Domain } from '../../../native';
import { readChainState } from '../merges/chain-state';
import type { EngineContext } from '../core/context';
import { planMerge } from '../merges/merge-plan';

export async function discardTops(ctx: EngineContext, dom: Domain, hostId: string, vmUuid: string, tops: string[]): Promise<void> {
  if (tops.length === 0) return;
  const files = await ctx.files.host(hostId);
  const { graph } = await readChainState(ctx, hostId, Connection.of(dom), files);
  for (const t of tops) {
    const step = planMerge(graph, { vmUuid, image: t, owns: (p) => files.owns(p) });
    if (step.kind === 'remove') await files.remove(t);
  }
}
