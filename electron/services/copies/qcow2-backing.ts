// The backing file name in a qcow2 header, rewritten as the image passes to another host: layers
// libvirt made record the absolute path of the image below them on the source, which does not
// exist on the target. The new name is written where the old one was, in the image's first
// cluster (as `qemu-img rebase -u` does), so nothing else in the file moves. docs/copies.md says
// why this over the alternatives. Pure: bytes in, bytes out.
import { SnapvisorError } from '../../../shared/errors';
import type { HeadRewrite } from './relay';

const MAGIC = 0x514649fb; // "QFI\xfb"
/** Enough of the header to read the fields below (the version 2 header is 72 bytes). */
export const QCOW2_PEEK = 72;

export interface Qcow2Head {
  /** Bytes of the file's start that hold the header and the backing name: the first cluster. */
  clusterSize: number;
  backing: { offset: number; size: number } | null;
}

/** The header facts of a qcow2 image from its first QCOW2_PEEK bytes, or null when it is no qcow2. */
export function readQcow2Head(start: Buffer): Qcow2Head | null {
  if (start.length < QCOW2_PEEK || start.readUInt32BE(0) !== MAGIC) return null;
  const offset = Number(start.readBigUInt64BE(8));
  const size = start.readUInt32BE(16);
  const clusterBits = start.readUInt32BE(20);
  if (clusterBits < 9 || clusterBits > 21) return null;
  return { clusterSize: 2 ** clusterBits, backing: offset > 0 && size > 0 ? { offset, size } : null };
}

function invalid(detail: string): SnapvisorError {
  return new SnapvisorError('transfer_mismatch', { detail });
}

/**
 * The image's first cluster with its backing file name replaced by `name` (same place, new
 * length; the bytes the old name leaves are zeroed). Refused when the image names no backing, or
 * when the new name would run past the cluster or over bytes that are not free (zeros).
 */
export function withBackingName(cluster: Buffer, name: string): Buffer {
  const head = readQcow2Head(cluster);
  if (!head?.backing) throw invalid('the image names no backing file');
  if (cluster.length < head.clusterSize) throw invalid('short qcow2 header cluster');
  const bytes = Buffer.from(name, 'utf8');
  const { offset, size } = head.backing;
  if (bytes.length === 0 || bytes.length > 1023) throw invalid('backing name length');
  if (offset + Math.max(size, bytes.length) > head.clusterSize) throw invalid('backing name beyond the first cluster');
  if (bytes.length > size && cluster.subarray(offset + size, offset + bytes.length).some((b) => b !== 0)) {
    throw invalid('no room for the backing name');
  }
  const out = Buffer.from(cluster);
  out.fill(0, offset, offset + Math.max(size, bytes.length));
  bytes.copy(out, offset);
  out.writeUInt32BE(bytes.length, 16);
  return out;
}

/** The backing name the target's header gets: a file in the same pool by its name (relative), else its path. */
export function backingNameOn(poolDir: string, file: string): string {
  const dir = `${poolDir.replace(/\/+$/, '')}/`;
  return file.startsWith(dir) && !file.slice(dir.length).includes('/') ? file.slice(dir.length) : file;
}

/** The relay's head rewrite that gives a qcow2 layer the backing name `name` on its way. */
export function backingRewrite(name: string): HeadRewrite {
  return {
    peek: QCOW2_PEEK,
    length: (start) => {
      const head = readQcow2Head(start);
      if (!head) throw invalid('not a qcow2 image');
      return head.clusterSize;
    },
    rewrite: (cluster) => withBackingName(cluster, name),
  };
}
