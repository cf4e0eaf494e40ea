// Reverting an external snapshot ourselves (libvirt < 9.9 cannot; on newer libvirt we still
// do it so every overlay is ours and 0600): stop the VM, put fresh overlays on the frozen
// images, define the snapshot's domain on them, restore the saved memory if there is one, and
// make the snapshot libvirt's current one.
import { Connection, VIR_DOMAIN_SAVE, VIR_DOMAIN_START, type Domain } from '../../../native';
import { newId } from '../../store/ids';
import type { AfterRevert } from '../api';
import type { EngineContext } from '../core/context';
import { domainOfSnapshotXml, withDiskSources } from '../vms/domain-xml-edit';
import { discardTops } from './image-chain';
import type { Snapshot } from '../../../shared/model';

/** Current sources of the VM's disks (persistent definition). */
export function currentSources(dom: Domain): Map<string, string> {
  return new Map(dom.describe({ inactive: true }).disks.filter((d) => d.source).map((d) => [d.target, d.source!]));
}

/** New top overlays on the snapshot's frozen images for `targets`; returns target → overlay. */
export async function freshTops(ctx: EngineContext, s: Snapshot, targets: string[]): Promise<{ sources: Map<string, string>; discard: () => Promise<void> }> {
  const files = await ctx.files.host(s.hostId);
  const id = newId();
  const sources = new Map<string, string>();
  const discard = (): Promise<void> => files.removeAll([...sources.values()]);
  try {
    for (const d of s.disks.filter((x) => targets.includes(x.target))) {
      if (!d.file) continue;
      sources.set(d.target, await files.overlay({ vmUuid: s.vm.uuid, role: 'top', id, target: d.target, backing: { path: d.file, format: d.format ?? 'raw' } }));
    }
  } catch (e) {
    await discard();
    throw e;
  }
  return { sources, discard };
}

export async function revertExternal(ctx: EngineContext, dom: Domain, s: Snapshot, after: AfterRevert | undefined): Promise<void> {
  using snap = dom.lookupSnapshot(s.libvirtName!);
  const snapshotXml = snap.xml();
  const before = currentSources(dom);
  if (dom.isActive()) await dom.destroy();
  const { sources, discard } = await freshTops(ctx, s, s.disks.map((d) => d.target));
  const xml = withDiskSources(domainOfSnapshotXml(snapshotXml), sources);
  try {
    Connection.of(dom).defineDomain(xml).close();
  } catch (e) {
    await discard();
    throw e;
  }
  const resume = s.memoryFile !== null && s.kind === 'memory' && after !== 'shutoff';
  if (resume) {
    await Connection.of(dom).restoreDomain(s.memoryFile!, { xml, flags: after === 'paused' ? VIR_DOMAIN_SAVE.PAUSED : VIR_DOMAIN_SAVE.RUNNING });
  } else if (after === 'running' || after === 'paused') {
    await dom.start(after === 'paused' ? VIR_DOMAIN_START.PAUSED : 0);
  }
  snap.redefine(snapshotXml, true).close();
  const replaced = [...before.entries()].filter(([t, p]) => sources.has(t) && sources.get(t) !== p).map(([, p]) => p);
  await discardTops(ctx, dom, s.hostId, s.vm.uuid, replaced);
}
