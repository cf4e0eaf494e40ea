// Block jobs: merging a disk's backing chain while QEMU runs it (commit, active commit + pivot,
// pull), their progress and abort, and the BLOCK_JOB_2 event that tells how one ended.
// `disk` is the disk's target ("vda") or its current source path; `base`/`top` are image paths
// in the disk's backing chain (null: the bottom / the active top).
import { callAsync, fn, koffi, type Ptr } from './lib';
import { checkAsync } from './errors';
import { VIR_DOMAIN_BLOCK_JOB, VIR_DOMAIN_BLOCK_JOB_TYPE, VIR_DOMAIN_EVENT_ID } from './constants';
import { domainNameOf, domainUuidOf } from './domain-ptr';
import { deliver, domainEventSource } from './events';

koffi.struct('virDomainBlockJobInfo', {
  type: 'int',
  bandwidth: 'unsigned long',
  cur: 'unsigned long long',
  end: 'unsigned long long',
});

const virDomainBlockCommit = fn('int virDomainBlockCommit(virDomain *dom, const char *disk, const char *base, const char *top, unsigned long bandwidth, unsigned int flags)');
const virDomainBlockRebase = fn('int virDomainBlockRebase(virDomain *dom, const char *disk, const char *base, unsigned long bandwidth, unsigned int flags)');
const virDomainGetBlockJobInfo = fn('int virDomainGetBlockJobInfo(virDomain *dom, const char *disk, _Out_ virDomainBlockJobInfo *info, unsigned int flags)');
const virDomainBlockJobAbort = fn('int virDomainBlockJobAbort(virDomain *dom, const char *disk, unsigned int flags)');

export type BlockJobType = 'unknown' | 'pull' | 'copy' | 'commit' | 'active-commit' | 'backup';
export type BlockJobStatus = 'completed' | 'failed' | 'canceled' | 'ready';

function names<T extends string>(values: Record<string, number>): Map<number, T> {
  return new Map(Object.entries(values).map(([k, v]): [number, T] => [v, k.toLowerCase().replace(/_/g, '-') as T]));
}
const jobTypes = names<BlockJobType>(VIR_DOMAIN_BLOCK_JOB_TYPE);
const jobStatuses = names<BlockJobStatus>(VIR_DOMAIN_BLOCK_JOB);

export function blockJobTypeName(code: number): BlockJobType {
  return jobTypes.get(code) ?? 'unknown';
}

/** A running block job (virDomainGetBlockJobInfo). `cur`/`end` are progress units, not bytes. */
export interface BlockJobInfo {
  type: BlockJobType;
  typeCode: number;
  /** Bandwidth limit in MiB/s (0: none). */
  bandwidth: number;
  cur: number;
  end: number;
  /** An active commit or copy whose job is ready to pivot: cur == end (and end > 0). */
  ready: boolean;
}

export async function blockCommit(dom: Ptr, conn: Ptr, disk: string, base: string | null, top: string | null, flags = 0, bandwidth = 0): Promise<void> {
  checkAsync(`virDomainBlockCommit ${disk}`, conn, await callAsync<number>(virDomainBlockCommit, dom, disk, base, top, bandwidth, flags));
}

export async function blockRebase(dom: Ptr, conn: Ptr, disk: string, base: string | null, flags = 0, bandwidth = 0): Promise<void> {
  checkAsync(`virDomainBlockRebase ${disk}`, conn, await callAsync<number>(virDomainBlockRebase, dom, disk, base, bandwidth, flags));
}

/** The disk's block job, or null when it has none. */
export async function blockJobInfo(dom: Ptr, conn: Ptr, disk: string): Promise<BlockJobInfo | null> {
  const out: Record<string, number | bigint> = {};
  const rc = checkAsync(`virDomainGetBlockJobInfo ${disk}`, conn, await callAsync<number>(virDomainGetBlockJobInfo, dom, disk, out, 0));
  if (rc === 0) return null;
  const typeCode = Number(out.type ?? 0);
  const cur = Number(out.cur ?? 0);
  const end = Number(out.end ?? 0);
  return { type: blockJobTypeName(typeCode), typeCode, bandwidth: Number(out.bandwidth ?? 0), cur, end, ready: end > 0 && cur === end };
}

/** Cancels the disk's block job, or with VIR_DOMAIN_BLOCK_JOB_ABORT.PIVOT switches to its new top. */
export async function blockJobAbort(dom: Ptr, conn: Ptr, disk: string, flags = 0): Promise<void> {
  checkAsync(`virDomainBlockJobAbort ${disk}`, conn, await callAsync<number>(virDomainBlockJobAbort, dom, disk, flags));
}

// --- the BLOCK_JOB_2 event --------------------------------------------------------------------

export interface BlockJobEvent {
  /** The disk's target ("vda"): BLOCK_JOB_2 names disks by target, not by path. */
  disk: string;
  type: BlockJobType;
  status: BlockJobStatus | 'unknown';
  typeCode: number;
  statusCode: number;
  domain: { name: string; uuid: string };
}

export type BlockJobListener = (e: BlockJobEvent) => void;

const BlockJobProto = koffi.proto('void virConnectDomainEventBlockJobCallback(void *conn, void *dom, const char *disk, int type, int status, void *opaque)');

function onBlockJob(_conn: unknown, dom: Ptr, disk: string | null, type: number, status: number, opaque: unknown): void {
  const listeners = blockJobs.listeners(opaque);
  if (listeners.length === 0) return;
  // The domain pointer is only valid during this call.
  deliver(listeners, {
    disk: disk ?? '',
    type: blockJobTypeName(type),
    status: jobStatuses.get(status) ?? 'unknown',
    typeCode: type,
    statusCode: status,
    domain: { name: domainNameOf(dom) ?? '', uuid: domainUuidOf(dom) ?? '' },
  });
}

const blockJobs = domainEventSource<BlockJobListener>(VIR_DOMAIN_EVENT_ID.BLOCK_JOB_2, BlockJobProto, onBlockJob);

/** Subscribes to BLOCK_JOB_2 events of every domain (or of `domain` only); returns the unsubscribe function. */
export function subscribeBlockJobs(owner: object, connPtr: Ptr, listener: BlockJobListener, domain: { ptr: Ptr; uuid: string } | null = null): () => void {
  return blockJobs.subscribe(owner, connPtr, listener, domain);
}
