// The copy planner: what one refresh of a VM's copy on another host sends, redefines and prunes,
// decided from the source VM's snapshot rows and image chains and from what the target already
// holds. Pure: the refresh reads the inputs (rows, libvirt's backing pointers, the copies store)
// and carries the plan out. docs/copies.md ("What a refresh sends") is this module in prose.
//
// The rule that makes refreshes incremental: an image on the source whose *owner* (the snapshot
// whose frozen image it is now) already has a copy on the target is not sent again; the layers
// above it go on top of the owner's copy there. Reading an owned image through its chain gives
// its owner's disk state, whatever the source's merges did to it since (they keep each row's
// state; they change which image a row names), and the same holds for the owner's copy on the
// target, whatever the target's own merges did. So only layers frozen since the last refresh
// (and the memory files of new memory snapshots) cross the link; a base image crosses once.

import { volumeName } from '../files/volume-names';
import { selectExpired } from '../schedules/retention';

/** One image of the source host's chains, as libvirt reports it. */
export interface SourceImage {
  path: string;
  /** The image it backs onto (null: the bottom of its chain). */
  backing: string | null;
  format: 'qcow2' | 'raw';
  /** Bytes it takes on the host (what a sparse relay sends). */
  allocation: number;
}

export interface SourceSnapshot {
  id: string;
  parentId: string | null;
  createdAt: string;
  location: 'internal' | 'external';
  /** Only ready snapshots are copied. */
  ready: boolean;
  /** A volume snapshot taken with a VM snapshot: not copied (its VM snapshot is). */
  dependentOf: string | null;
  memory: { path: string; allocation: number } | null;
  /** Per disk, the frozen image: the disk's state at the snapshot, read through its chain. */
  disks: { target: string; file: string }[];
}

/** A snapshot whose copy is complete on the target (the target's own rows, as they are now). */
export interface TargetCopy {
  snapshotId: string;
  createdAt: string;
  protected: boolean;
  /** Per disk, the file on the target that holds the disk's state at the snapshot. */
  disks: { target: string; file: string }[];
}

export interface CopyPlanInput {
  /** The copy VM's UUID on the target (its files are named after it). */
  copyVmUuid: string;
  snapshots: SourceSnapshot[];
  images: SourceImage[];
  copies: TargetCopy[];
  /** The target's retention: keep the newest N copies (null: everything the source has). */
  keep: number | null;
}

export interface SendFile {
  /** The file on the source host. */
  source: string;
  /** The volume's name in the target's pool. */
  name: string;
  kind: 'image' | 'memory';
  format: 'qcow2' | 'raw' | 'save';
  /**
   * What the image's header must name as its backing on the target: the file name of a volume
   * sent before it in this plan, or the path of a file the target already holds; null: none.
   */
  backing: string | null;
  /** Allocation on the source: about what the relay will send. */
  bytes: number;
  /** The snapshot the file is sent for (the first in the plan that needs it). */
  forSnapshot: string;
}

export interface DefineCopy {
  snapshotId: string;
  /** The nearest ancestor that has (or will have) a copy on the target; null: a root there. */
  parentId: string | null;
  /** Per disk, where its state is on the target: a sent volume's name or a target file's path. */
  disks: { target: string; file: string }[];
  /** The memory file's volume name, for memory snapshots. */
  memory: string | null;
}

export type SkipReason = 'internal' | 'not_ready' | 'volume_snapshot' | 'chain_unknown';

export interface CopyPlan {
  /** In order: every image after the image it backs onto. */
  send: SendFile[];
  /** Copies to redefine on the target once their files arrived, parents first. */
  define: DefineCopy[];
  /** Copies the target's retention removes after the refresh (with the target's merges), oldest first. */
  prune: string[];
  skipped: { snapshotId: string; reason: SkipReason }[];
  /** Sum of `send[].bytes`. */
  bytes: number;
}

/** Oldest first; the id decides between snapshots of the same instant. */
function byAge(a: { id: string; createdAt: string }, b: { id: string; createdAt: string }): number {
  return a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id);
}

export function planCopy(input: CopyPlanInput): CopyPlan {
  const skipped: CopyPlan['skipped'] = [];
  const images = new Map(input.images.map((i) => [i.path, i]));
  const copied = new Map(input.copies.map((c) => [c.snapshotId, c]));
  const rows = new Map(input.snapshots.map((s) => [s.id, s]));

  // Owners: the snapshot each image is the frozen image of (the newest, should two rows name it).
  const owners = new Map<string, SourceSnapshot>();
  for (const s of [...input.snapshots].sort(byAge)) for (const d of s.disks) owners.set(d.file, s);

  const candidates: SourceSnapshot[] = [];
  for (const s of input.snapshots) {
    if (copied.has(s.id)) continue;
    const reason: SkipReason | null = s.dependentOf !== null ? 'volume_snapshot'
      : s.location === 'internal' ? 'internal'
        : !s.ready ? 'not_ready'
          : s.disks.some((d) => !images.has(d.file)) ? 'chain_unknown'
            : null;
    if (reason) skipped.push({ snapshotId: s.id, reason });
    else candidates.push(s);
  }

  // The target's retention over its copies and the new ones alike, by the schedules' rule
  // (protected copies neither pruned nor counted): the newest `keep` stay.
  const all = [...input.copies.map((c) => ({ id: c.snapshotId, createdAt: c.createdAt, protected: c.protected, isNew: false })),
    ...candidates.map((s) => ({ id: s.id, createdAt: s.createdAt, protected: false, isNew: true }))].sort(byAge);
  const dropped = new Set(selectExpired(all.map((x) => ({ ...x, dependentOf: null, state: 'ready' as const })), { keepLast: input.keep, maxAgeSeconds: null }, new Date(0)));
  const prune = all.filter((x) => !x.isNew && dropped.has(x.id)).map((x) => x.id);
  const toCopy = candidates.filter((s) => !dropped.has(s.id)).sort(byAge);

  const send: SendFile[] = [];
  const sentName = new Map<string, string>();
  const define: DefineCopy[] = [];
  const placed = new Set(input.copies.map((c) => c.snapshotId));

  for (const s of toCopy) {
    const disks: DefineCopy['disks'] = [];
    for (const d of s.disks) {
      // Down the chain until an image whose owner's copy is on the target (or sent in this plan).
      const above: SourceImage[] = [];
      let base: string | null = null;
      for (let img = images.get(d.file); img; img = img.backing ? images.get(img.backing) : undefined) {
        const sent = sentName.get(img.path);
        if (sent) { base = sent; break; }
        const owner = owners.get(img.path);
        const there = owner ? copied.get(owner.id)?.disks.find((x) => x.target === d.target) : undefined;
        if (there) { base = there.file; break; }
        above.push(img);
      }
      for (let i = above.length - 1; i >= 0; i--) {
        const img = above[i]!;
        const owner = owners.get(img.path);
        // Named after the image's owner (one file per owned image), else after this snapshot and depth.
        const id = owner ? owner.id : `${s.id}u${i}`;
        const name = volumeName({ vmUuid: input.copyVmUuid, role: 'snap', id, target: d.target }, img.format);
        send.push({ source: img.path, name, kind: 'image', format: img.format, backing: base, bytes: img.allocation, forSnapshot: s.id });
        sentName.set(img.path, name);
        base = name;
      }
      disks.push({ target: d.target, file: base! });
    }
    let memory: string | null = null;
    if (s.memory) {
      memory = volumeName({ vmUuid: input.copyVmUuid, role: 'mem', id: s.id }, 'save');
      send.push({ source: s.memory.path, name: memory, kind: 'memory', format: 'save', backing: null, bytes: s.memory.allocation, forSnapshot: s.id });
    }
    let parent = s.parentId;
    while (parent !== null && !placed.has(parent)) parent = rows.get(parent)?.parentId ?? null;
    define.push({ snapshotId: s.id, parentId: parent, disks, memory });
    placed.add(s.id);
  }

  return { send, define, prune, skipped, bytes: send.reduce((n, f) => n + f.bytes, 0) };
}
