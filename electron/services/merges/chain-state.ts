// Reads what the merge planner decides from, on the libvirt host only: our images' backing
// pointers (their headers, through the files layer), every domain's disks (live and persistent)
// and the live chains of running domains; plus the files Snapvisor's rows still need and the
// domains' NVRAM files.
import { ownAll, type Connection, type DomainDescription } from '../../../native';
import type { EngineContext } from '../core/context';
import type { HostFiles } from '../files';
import { ChainGraph, type DomainDisks, type ImageEdge } from './merge-plan';

export interface ChainSnapshot {
  graph: ChainGraph;
  /** Formats known for images (ours from their headers, others from live chains). */
  formats: Map<string, string>;
  /** Every domain's definition (persistent, else live), by UUID. */
  definitions: Map<string, DomainDescription>;
}

function diskTops(live: DomainDescription | null, persistent: DomainDescription | null): DomainDisks['disks'] {
  const targets = new Set([...(live?.disks ?? []), ...(persistent?.disks ?? [])].filter((d) => d.device === 'disk').map((d) => d.target));
  return [...targets].map((target) => ({
    target,
    liveTop: live?.disks.find((d) => d.target === target)?.source ?? null,
    persistentTop: persistent?.disks.find((d) => d.target === target)?.source ?? null,
  }));
}

export async function readChainState(ctx: EngineContext, hostId: string, conn: Connection, files: HostFiles): Promise<ChainSnapshot> {
  const edges: ImageEdge[] = [];
  const formats = new Map<string, string>();
  for (const img of await files.images()) {
    edges.push({ path: img.path, backing: img.backing?.path ?? null });
    formats.set(img.path, img.format);
    if (img.backing?.format && !formats.has(img.backing.path)) formats.set(img.backing.path, img.backing.format);
  }
  const domains: DomainDisks[] = [];
  const definitions = new Map<string, DomainDescription>();
  using doms = ownAll(conn.listAllDomains());
  for (const d of doms) {
    try {
      const active = d.isActive();
      const live = active ? d.describe() : null;
      const persistent = d.isPersistent() ? d.describe({ inactive: true }) : null;
      const def = persistent ?? live;
      if (!def) continue;
      definitions.set(def.uuid, def);
      domains.push({ uuid: def.uuid, active, disks: diskTops(live, persistent) });
      for (const disk of live?.disks ?? []) {
        const chain = [disk.source ? { file: disk.source, format: disk.format } : null, ...disk.backingChain];
        for (let i = 0; i + 1 < chain.length; i++) {
          const child = chain[i]?.file;
          if (child) edges.push({ path: child, backing: chain[i + 1]?.file ?? null });
        }
        for (const layer of chain) if (layer?.file && layer.format && !formats.has(layer.file)) formats.set(layer.file, layer.format);
      }
    } catch {
      // Undefined while we looked: it holds nothing any more.
    }
  }
  const needed = ctx.snapshots.neededFiles(hostId);
  // A domain's NVRAM file, and the one libvirt fills it from (a copy VM's carried NVRAM), are needed too.
  for (const def of definitions.values()) for (const f of [def.nvram, def.nvramTemplate]) if (f) needed.add(f);
  return { graph: new ChainGraph({ edges, domains, needed }), formats, definitions };
}
