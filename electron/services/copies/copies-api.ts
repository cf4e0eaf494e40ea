// The copies a VM has on other hosts: listing them (source side), refreshing, verifying and
// removing one, and what a snapshot's detail says of copies (where it was copied from, where
// copies of it are). refresh-copy.ts is the refresh itself; docs/copies.md the whole design.
import { SnapvisorError } from '../../../shared/errors';
import type { CopyInfo, CopyOrigin, CopyPlace, CopyVerifyResult } from '../../../shared/model';
import type { CopyRecord } from '../../store/copies-repo';
import type { CopiesApi, CopyRemoveResult, CopyRequest } from '../api';
import { announce, record, type EngineContext } from '../core/context';
import { toSnapvisorError } from '../hosts/libvirt-errors';
import { removeVm } from '../vms/remove-vm';
import { knownHost } from './copy-target';
import { copyVmOn, forgetRemovedFiles, refreshCopy } from './refresh-copy';
import { hashVolume } from './relay';

function info(ctx: EngineContext, c: CopyRecord): CopyInfo {
  return {
    id: c.id,
    source: { hostId: c.sourceHostId, uri: ctx.hosts.host(c.sourceHostId).uri, vm: c.sourceVm },
    target: { hostId: c.targetHostId, uri: ctx.hosts.host(c.targetHostId).uri },
    copyVm: c.copyVm, keep: c.keep, snapshotCount: ctx.copies.copied(c.id).length,
    refreshedAt: c.refreshedAt, lastBytesSent: c.lastBytesSent, lastError: c.lastError,
  };
}

/** The copy of the request's VM on its target, or copy_not_found. */
function requireCopy(ctx: EngineContext, req: CopyRequest): CopyRecord {
  const targetHostId = knownHost(ctx, req.to);
  const c = targetHostId ? ctx.copies.find(req.hostId, req.vmUuid, targetHostId) : null;
  if (!c) throw new SnapvisorError('copy_not_found', { vm: ctx.copies.list(req.hostId, req.vmUuid)[0]?.sourceVm.name ?? req.vmUuid, target: req.to });
  return c;
}

/** Where a copy VM's snapshot came from, and where copies of a source snapshot are. */
export function copyFacts(ctx: EngineContext, snapshotId: string): { copyOf: CopyOrigin | null; copies: CopyPlace[] } {
  const mine = ctx.copies.copyOf(snapshotId);
  const c = mine ? ctx.copies.get(mine.copyId) : null;
  const copyOf = mine && c ? {
    copyId: c.id, sourceUri: ctx.hosts.host(c.sourceHostId).uri, sourceVm: c.sourceVm, sourceSnapshotId: mine.sourceSnapshotId, refreshedAt: mine.refreshedAt,
  } : null;
  const copies = ctx.copies.copiesOfSource(snapshotId).flatMap((m) => {
    const t = ctx.copies.get(m.copyId);
    return t ? [{ copyId: t.id, targetUri: ctx.hosts.host(t.targetHostId).uri, copyVm: t.copyVm, snapshotId: m.snapshotId, refreshedAt: m.refreshedAt }] : [];
  });
  return { copyOf, copies };
}

async function verify(ctx: EngineContext, req: CopyRequest): Promise<CopyVerifyResult> {
  const c = requireCopy(ctx, req);
  const to = await ctx.files.host(c.targetHostId);
  // Files the target's own retention removed since (merges run later too) are no longer the copy's.
  await forgetRemovedFiles(ctx, c, to);
  const files: CopyVerifyResult['files'] = [];
  for (const f of ctx.copies.files(c.id)) {
    if (f.state === 'pending') continue;
    if (f.state === 'rewritten') {
      files.push({ file: f.path, state: 'rewritten', expected: null, actual: null, bytes: f.length });
      continue;
    }
    const now = await to.withVolume(f.path, (vol) => hashVolume(to.connection, vol)).catch((e: unknown) => {
      if (e instanceof SnapvisorError && e.code === 'file_missing') return null;
      throw e;
    });
    files.push({
      file: f.path, state: now === null ? 'missing' : now.sha256 === f.sha256 && now.length === f.length ? 'ok' : 'differs',
      expected: f.sha256, actual: now?.sha256 ?? null, bytes: now?.length ?? null,
    });
  }
  return { vm: c.sourceVm, target: req.to, copyVm: c.copyVm, files, differ: files.filter((f) => f.state === 'differs' || f.state === 'missing').length };
}

async function remove(ctx: EngineContext, req: CopyRequest): Promise<CopyRemoveResult> {
  const c = requireCopy(ctx, req);
  const target = ctx.hosts.host(c.targetHostId).uri;
  using dom = await copyVmOn(ctx, c);
  let removedFiles: string[] = [];
  let removedSnapshots: string[] = [];
  if (dom) {
    ({ removedFiles, removedSnapshots } = await removeVm(ctx, c.targetHostId, c.copyVm.uuid, { confirmName: c.copyVm.name }));
  } else {
    // The copy VM was undefined outside Snapvisor: its rows and files are all that is left.
    removedSnapshots = ctx.snapshots.list({ hostId: c.targetHostId, vmUuid: c.copyVm.uuid, includeDependents: true }).map((s) => s.id);
    ctx.snapshots.transaction(() => { for (const id of removedSnapshots) ctx.snapshots.remove(id); });
    announce(ctx, c.targetHostId, c.copyVm.uuid, removedSnapshots);
    removedFiles = await (await ctx.files.host(c.targetHostId)).removeVm(c.copyVm.uuid);
  }
  ctx.copies.remove(c.id);
  record(ctx, { hostId: c.sourceHostId, snapshotId: null, vmUuid: c.sourceVm.uuid, action: 'copy-remove', outcome: 'succeeded', detail: { target, copyVm: c.copyVm.name, files: removedFiles.length } });
  ctx.bus.emit('vm.changed', { hostId: c.sourceHostId, vmUuid: c.sourceVm.uuid });
  return { copyVm: c.copyVm, target, removedFiles, removedSnapshots };
}

export function createCopiesApi(ctx: EngineContext): CopiesApi {
  return {
    list: (filter = {}) => ctx.copies.list(filter.hostId, filter.vmUuid).map((c) => info(ctx, c)),

    async refresh(req) {
      const name = ctx.hosts.vmNameNow(req.hostId, req.vmUuid) ?? req.vmUuid;
      return ctx.jobs.run({ hostId: req.hostId, vmUuid: req.vmUuid, vmName: name, operation: 'copy-refresh', snapshotId: null }, (job) => refreshCopy(ctx, req, job));
    },

    verify: (req) => verify(ctx, req).catch((e: unknown) => { throw toSnapvisorError(e); }),

    async remove(req) {
      const c = requireCopy(ctx, req);
      return ctx.jobs.run({ hostId: req.hostId, vmUuid: req.vmUuid, vmName: c.sourceVm.name, operation: 'copy-remove', snapshotId: null }, () => remove(ctx, req));
    },
  };
}
