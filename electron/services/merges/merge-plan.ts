// The merge planner: what freeing one frozen image takes, decided from the images' backing
// pointers (as libvirt reports them) and what still needs each image. Pure: the runner
// (merge-run.ts) reads the inputs from libvirt and carries the plan out.
//
// A snapshot S_k of an external VM holds per disk a frozen image F_k; the overlay made on top of
// it becomes F_{k+1} at the next snapshot or stays the VM's top. Deleting S_k frees F_k: its only
// child C is committed DOWN into F_k (F_k is often the VM's large original disk, C a few writes),
// every row that named C then names F_k, and C goes. Commit runs where the images are used:
// inside the running VM (below its top, or active + pivot when C is the top), otherwise in a
// paused transient helper domain whose one disk is the leaf above C. Branches (after reverts) and
// images other domains use make it wait; a frozen image nothing needs and nothing backs onto is
// removed. docs/snapshot-strategies.md ("Deleting and merging") is this module in prose.

/** One image with the image it backs onto (null: the bottom of its chain). */
export interface ImageEdge {
  path: string;
  backing: string | null;
}

/** A domain's disks: the top of each disk, live (while it runs) and in its persistent definition. */
export interface DomainDisks {
  uuid: string;
  /** Running or paused: its live tops are in use by QEMU. */
  active: boolean;
  disks: { target: string; liveTop: string | null; persistentTop: string | null }[];
}

export interface ChainState {
  /**
   * Backing pointers, most trusted first (the first one given for an image wins): our images'
   * headers (via libvirt), then running domains' live chains. Persistent definitions only give
   * tops: libvirt 9.0 keeps stale <backingStore> there.
   */
  edges: ImageEdge[];
  /** Every domain on the host (the VM itself included). */
  domains: DomainDisks[];
  /**
   * What Snapvisor's snapshot rows still need: their frozen images and memory files, and the
   * overlays of rows being created. (Pending merges' images are not in it: they are the question.)
   */
  needed: ReadonlySet<string>;
}

export type WaitReason = 'referenced' | 'branched' | 'held';

export type MergeStep =
  /** Not now: a row still needs the image, it has more than one child, or another domain uses the chain. */
  | { kind: 'wait'; reason: WaitReason }
  /** Nothing backs onto the image and nothing needs it: remove the file. */
  | { kind: 'remove'; path: string }
  /** Nothing to do: the image is not Snapvisor's (or is a domain's disk) and nothing of ours is above it. */
  | { kind: 'nothing'; why: 'not-ours' | 'in-use' }
  | {
    kind: 'commit';
    /** F: the image that receives the layer (stays). */
    base: string;
    /** C: its only child, committed into it (goes). */
    top: string;
    /** The top of the chain C belongs to (C itself when nothing is above it). */
    leaf: string;
    /** live: inside the VM, which runs this chain; helper: in a transient paused domain. */
    where: 'live' | 'helper';
    /** C is the leaf: active commit, then pivot onto F. */
    active: boolean;
    /** The VM's disk the chain is (live: the target to commit on). */
    target: string | null;
    /** The VM's persistent disks whose chain passes through C: their definition is rewritten afterwards. */
    persistentTargets: string[];
  };

export class ChainGraph {
  readonly #backing = new Map<string, string | null>();
  readonly #children = new Map<string, Set<string>>();
  readonly #tops = new Map<string, { uuid: string; target: string; live: boolean }[]>();
  readonly #live: Set<string>;

  constructor(readonly state: ChainState) {
    for (const e of state.edges) {
      if (this.#backing.has(e.path)) continue;
      this.#backing.set(e.path, e.backing);
      if (e.backing) {
        const set = this.#children.get(e.backing) ?? new Set<string>();
        set.add(e.path);
        this.#children.set(e.backing, set);
      }
    }
    for (const d of state.domains) {
      for (const disk of d.disks) {
        if (d.active && disk.liveTop) this.#addTop(disk.liveTop, { uuid: d.uuid, target: disk.target, live: true });
        if (disk.persistentTop) this.#addTop(disk.persistentTop, { uuid: d.uuid, target: disk.target, live: false });
      }
    }
    this.#live = this.closure([...this.#tops.keys(), ...state.needed]);
  }

  #addTop(path: string, use: { uuid: string; target: string; live: boolean }): void {
    this.#tops.set(path, [...(this.#tops.get(path) ?? []), use]);
  }

  backingOf(path: string): string | null {
    return this.#backing.get(path) ?? null;
  }

  /** `path` and every image below it. */
  chainFrom(path: string): string[] {
    const out: string[] = [];
    for (let p: string | null = path; p !== null && !out.includes(p); p = this.backingOf(p)) out.push(p);
    return out;
  }

  /** Every image below any of `paths` (and the paths themselves). */
  closure(paths: Iterable<string>): Set<string> {
    const out = new Set<string>();
    for (const p of paths) for (const x of this.chainFrom(p)) out.add(x);
    return out;
  }

  /** Images something still needs: reachable from a domain's disk or from a record. */
  isLive(path: string): boolean {
    return this.#live.has(path);
  }

  /** Whether any domain's disk (live or persistent) has `path` in its chain. */
  inDomainChain(path: string): boolean {
    for (const top of this.#tops.keys()) if (this.chainFrom(top).includes(path)) return true;
    return false;
  }

  /** The live children of `path`: images backing onto it that something still needs. */
  children(path: string): string[] {
    return [...(this.#children.get(path) ?? [])].filter((c) => this.#live.has(c)).sort();
  }

  /** The domains' disks whose chain (from their top) passes through `path`. */
  usersOf(path: string): { uuid: string; target: string; live: boolean }[] {
    const out: { uuid: string; target: string; live: boolean }[] = [];
    for (const [top, uses] of this.#tops) if (this.chainFrom(top).includes(path)) out.push(...uses);
    return out;
  }

  isTop(path: string): boolean {
    return this.#tops.has(path);
  }
}

export interface MergeQuestion {
  /** The VM the freed image belonged to. */
  vmUuid: string;
  /** F: the frozen image no snapshot of this merge's needs any more. */
  image: string;
  /** Whether Snapvisor made the file (its pool or data dir). */
  owns(path: string): boolean;
}

/** What freeing `q.image` takes now. */
export function planMerge(graph: ChainGraph, q: MergeQuestion): MergeStep {
  const f = q.image;
  if (graph.state.needed.has(f)) return { kind: 'wait', reason: 'referenced' };
  const kids = graph.children(f);
  if (kids.length === 0) {
    if (graph.isTop(f) || graph.inDomainChain(f)) return { kind: 'nothing', why: 'in-use' };
    return q.owns(f) ? { kind: 'remove', path: f } : { kind: 'nothing', why: 'not-ours' };
  }
  if (kids.length > 1) return { kind: 'wait', reason: heldByOthers(graph, kids, q.vmUuid) ? 'held' : 'branched' };
  // Something writes F itself (a domain's top) while C backs onto it: never touch it.
  if (graph.isTop(f)) return { kind: 'wait', reason: 'held' };
  const c = kids[0]!;
  if (!q.owns(c)) return { kind: 'nothing', why: 'not-ours' };
  // Up from C to the leaf: a single line, or it waits.
  let leaf = c;
  for (let guard = 0; guard < 10_000; guard++) {
    const up = graph.children(leaf);
    if (up.length === 0) break;
    if (up.length > 1) return { kind: 'wait', reason: heldByOthers(graph, up, q.vmUuid) ? 'held' : 'branched' };
    leaf = up[0]!;
  }
  const users = graph.usersOf(c);
  if (users.some((u) => u.uuid !== q.vmUuid)) return { kind: 'wait', reason: 'held' };
  const live = users.find((u) => u.live);
  const persistentTargets = [...new Set(users.filter((u) => !u.live).map((u) => u.target))].sort();
  return {
    kind: 'commit', base: f, top: c, leaf, where: live ? 'live' : 'helper', active: leaf === c,
    target: live?.target ?? persistentTargets[0] ?? null, persistentTargets,
  };
}

function heldByOthers(graph: ChainGraph, images: string[], vmUuid: string): boolean {
  return images.some((i) => graph.usersOf(i).some((u) => u.uuid !== vmUuid));
}

/**
 * After a commit of `top` into its base was started (and the process may have died): whether it
 * took effect, i.e. no domain's disk reaches `top` through its chain any more. Re-running a
 * commit that did take effect is harmless; finishing the bookkeeping of one that did not is not.
 */
export function commitTookEffect(graph: ChainGraph, top: string): boolean {
  return !graph.inDomainChain(top);
}
