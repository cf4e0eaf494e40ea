// The two ends of a refresh's file traffic: what the source host holds (its snapshot rows'
// frozen images followed down their chains and memory files, as libvirt reports them) in the
// planner's terms, and carrying out a plan's sends into the target's pool, each image's backing
// name rewritten on the way (docs/copies.md). Both ends only through libvirt.
import type { Domain } from '../../../native';
import { SnapvisorError } from '../../../shared/errors';
import type { Snapshot } from '../../../shared/model';
import type { HostFiles, HostImage } from '../files';
import type { SendFile, SourceImage, SourceSnapshot } from './copy-plan';
import { backingNameOn, backingRewrite } from './qcow2-backing';
import { savedDomainRewrite } from './save-image-header';
import { relayVolume, type RelayProgress, type RelayResult } from './relay';

export interface CopySource {
  snapshots: SourceSnapshot[];
  images: SourceImage[];
}

/** A file libvirt does not find is null (the planner decides what that means); any other failure stands. */
function missingAsNull(e: unknown): null {
  if (e instanceof SnapvisorError && e.code === 'file_missing') return null;
  throw e;
}

/** The source VM's snapshot rows and the chains under their frozen images, for planCopy. */
export async function readCopySource(files: HostFiles, rows: readonly Snapshot[]): Promise<CopySource> {
  const images = new Map<string, SourceImage>();
  const follow = async (start: string): Promise<void> => {
    for (let path: string | null = start; path !== null && !images.has(path);) {
      const image: HostImage | null = await files.withVolume(path, async (_vol, i) => i).catch(missingAsNull);
      if (!image) return; // not reported: the planner skips what needs it (chain_unknown)
      images.set(path, { path, backing: image.backing?.path ?? null, format: image.format === 'qcow2' ? 'qcow2' : 'raw', allocation: image.allocation });
      path = image.backing?.path ?? null;
    }
  };
  const snapshots: SourceSnapshot[] = [];
  for (const r of rows) {
    const disks = r.disks.flatMap((d) => (d.file ? [{ target: d.target, file: d.file }] : []));
    if (r.location === 'external' && r.state === 'ready') for (const d of disks) await follow(d.file);
    const memory = r.memoryFile
      ? { path: r.memoryFile, allocation: (await files.withVolume(r.memoryFile, async (_vol, i) => i).catch(missingAsNull))?.allocation ?? 0 }
      : null;
    snapshots.push({
      id: r.id, parentId: r.parentId, createdAt: r.createdAt, location: r.location, ready: r.state === 'ready',
      dependentOf: r.dependentOf, memory, disks,
    });
  }
  return { snapshots, images: [...images.values()] };
}

/** A UEFI VM's NVRAM file on its host (its firmware's variables, the boot entries among them). */
export interface SourceNvram {
  sourcePath: string;
  format: 'qcow2' | 'raw';
}

/** The VM's NVRAM file, when it has one that libvirt made already (it does at the VM's first start); else null. */
export async function readNvram(files: HostFiles, dom: Domain): Promise<SourceNvram | null> {
  const d = dom.describe({ inactive: true });
  if (!d.nvram) return null;
  const there = await files.withVolume(d.nvram, async () => true).catch(missingAsNull);
  return there ? { sourcePath: d.nvram, format: d.nvramFormat === 'qcow2' ? 'qcow2' : 'raw' } : null;
}

export interface SentFile extends RelayResult {
  name: string;
  forSnapshot: string;
}

/**
 * Relays each file of `send` from the source host into the target's pool, in order (an image
 * after the one it backs onto). A failure stops it: the file in flight is removed by the relay;
 * those sent before stay for the caller to record or remove.
 */
export async function sendFiles(
  from: HostFiles, to: HostFiles, send: readonly SendFile[],
  opts: {
    signal?: AbortSignal;
    /** The copy VM: memory files get its name and UUID in their saved definition (save-image-header.ts). */
    savedDomain?: { name: string; uuid: string };
    onProgress?: (file: SendFile, p: RelayProgress) => void;
    onSent?: (file: SentFile) => void;
  } = {},
): Promise<SentFile[]> {
  const sent: SentFile[] = [];
  for (const f of send) {
    const rewriteHead = f.kind === 'image' && f.format === 'qcow2' && f.backing !== null ? backingRewrite(backingNameOn(to.poolDir, f.backing))
      : f.kind === 'memory' && opts.savedDomain ? savedDomainRewrite(opts.savedDomain) : undefined;
    const result = await from.withVolume(f.source, (vol) => relayVolume(from.connection, vol, { conn: to.connection, pool: to.pool, name: f.name }, {
      signal: opts.signal, rewriteHead, onProgress: (p) => opts.onProgress?.(f, p),
    }));
    const file = { ...result, name: f.name, forSnapshot: f.forSnapshot };
    sent.push(file);
    opts.onSent?.(file);
  }
  return sent;
}
