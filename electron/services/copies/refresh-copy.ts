// One refresh of a VM's copy on another host: read what the source holds, plan what the target
// lacks (copy-plan.ts), send it through the relay, make the copies visible there (the copy VM
// defined once, each copied snapshot redefined with libvirt's REDEFINE and given a row for the
// target host), then prune with the target's own retention (its deletes and merges).
//
// Complete or invisible: every file a refresh sends is recorded `pending` before any upload
// starts. A copy becomes visible (libvirt's snapshot on the copy VM, its row) one snapshot at a
// time, in the transaction that also marks its files complete. Whatever is still pending when a
// refresh ends — it failed, it was cancelled, the link was cut, the process was killed — is
// removed: at once when the refresh can, else at the start of the next refresh on that copy
// (with any libvirt snapshot made for it and no row). So nothing half made is ever listed, and
// a cancel leaves the target as it was.
//
// The refresh holds the source VM (its merges would move files from under the download) and the
// copy VM (the target's reconcile would sweep files no row names yet) for as long as it sends.
// It never starts, stops or changes either VM: the copy VM gets snapshots, its own current state
// stays (an administrator who started it on the day the source died keeps it running).
import { VIR_DOMAIN_SNAPSHOT_DELETE, VIR_DOMAIN_UNDEFINE, VIR_ERR, type Domain } from '../../../native';
import { SnapvisorError } from '../../../shared/errors';
import type { CopyRefreshResult, Snapshot } from '../../../shared/model';
import { RULES } from '../../../shared/rules';
import type { CopyRecord } from '../../store/copies-repo';
import { newId, nowIso } from '../../store/ids';
import { announce, record, type EngineContext } from '../core/context';
import type { JobContext } from '../core/job-queue';
import type { HostFiles } from '../files';
import { nvramName } from '../files/volume-names';
import { isNotFound, toSnapvisorError } from '../hosts/libvirt-errors';
import { uniqueName } from '../policy/naming';
import { validateInt } from '../policy/validation';
import { checkDeletable, deleteSnapshot } from '../snapshots/delete-snapshot';
import { readCopySource, readNvram, sendFiles } from './copy-files';
import { relayVolume } from './relay';
import { planCopy, type CopyPlan, type DefineCopy, type TargetCopy } from './copy-plan';
import { defineVm, madeRow, redefineSnapshot, type MadeVm, type TreeEntry } from './copy-vm';
import { changeSnapshotNames, keepNamesOrNote } from '../vms/snapshot-names';
import { targetHostFor } from './copy-target';

export interface RefreshRequest {
  hostId: string;
  vmUuid: string;
  /** The target host's libvirt URI (added to the known hosts when new). */
  to: string;
  /** The target's retention: keep the newest N copies; null: everything; absent: as before. */
  keep?: number | null;
}

/** The copy VM on the target, or null when it is not defined there. */
export async function copyVmOn(ctx: EngineContext, c: CopyRecord): Promise<Domain | null> {
  try {
    return await ctx.hosts.domain(c.targetHostId, c.copyVm.uuid);
  } catch (e) {
    if (e instanceof SnapvisorError && (e.code === 'vm_not_found' || e.code === 'vm_gone')) return null;
    if (isNotFound(e, VIR_ERR.NO_DOMAIN)) return null;
    throw e;
  }
}

/** The copy's record: the one there is, or a new one with a free name for the copy VM on the target. */
async function copyRecordFor(ctx: EngineContext, hostId: string, vm: { name: string; uuid: string }, targetHostId: string, keep: number | null | undefined): Promise<CopyRecord> {
  const known = ctx.copies.find(hostId, vm.uuid, targetHostId);
  if (known) {
    if (keep !== undefined && keep !== known.keep) ctx.copies.setKeep(known.id, keep);
    return ctx.copies.get(known.id)!;
  }
  const conn = await ctx.hosts.connection(targetHostId);
  const taken = new Set(conn.listAllDomains().map((d) => { using dom = d; return dom.name(); }));
  return ctx.copies.add({
    sourceHostId: hostId, sourceVm: vm, targetHostId, copyVm: { name: uniqueName(vm.name, taken), uuid: crypto.randomUUID() }, keep: keep ?? null,
  });
}

/** The copies the target holds now, in the planner's terms (its own rows, as its merges left them). */
function targetCopies(ctx: EngineContext, c: CopyRecord): { copies: TargetCopy[]; rows: Map<string, Snapshot> } {
  const rows = new Map<string, Snapshot>();
  const copies: TargetCopy[] = [];
  for (const m of ctx.copies.copied(c.id)) {
    const row = ctx.snapshots.get(m.snapshotId);
    if (!row) continue;
    rows.set(m.sourceSnapshotId, row);
    copies.push({
      snapshotId: m.sourceSnapshotId, createdAt: row.createdAt, protected: row.protected,
      disks: row.disks.flatMap((d) => (d.file ? [{ target: d.target, file: d.file }] : [])),
    });
  }
  return { copies, rows };
}

/**
 * What an earlier refresh of this copy left half made: libvirt snapshots of the copy VM made for
 * copies whose rows were never written, files still pending, and a copy VM defined by a first
 * refresh that never made a copy visible.
 */
async function removeLeftovers(ctx: EngineContext, c: CopyRecord, to: HostFiles, sourceRows: ReadonlyMap<string, Snapshot>): Promise<void> {
  const pending = ctx.copies.files(c.id, 'pending');
  const visible = new Set(ctx.copies.copied(c.id).map((m) => m.sourceSnapshotId));
  using dom = await copyVmOn(ctx, c);
  if (dom) {
    for (const sourceId of new Set(pending.map((f) => f.sourceSnapshotId))) {
      const name = sourceRows.get(sourceId)?.libvirtName;
      if (!name || visible.has(sourceId)) continue;
      try {
        using snap = dom.lookupSnapshot(name);
        await snap.delete(VIR_DOMAIN_SNAPSHOT_DELETE.METADATA_ONLY);
      } catch (e) {
        if (!isNotFound(e, VIR_ERR.NO_DOMAIN_SNAPSHOT)) throw toSnapvisorError(e);
      }
    }
    if (visible.size === 0) dom.undefine(VIR_DOMAIN_UNDEFINE.SNAPSHOTS_METADATA | VIR_DOMAIN_UNDEFINE.NVRAM);
  }
  for (const f of pending) {
    await to.remove(f.path);
    ctx.copies.forgetFile(c.id, f.path);
  }
  if (visible.size === 0) await to.removeVm(c.copyVm.uuid);
}

/** A plan's file on the target: a volume name in Snapvisor's pool there, or already a path. */
function onTarget(to: HostFiles, file: string): string {
  return file.startsWith('/') ? file : `${to.poolDir}/${file}`;
}

/** Per copied disk, its file on the target and that file's format. */
function diskFiles(to: HostFiles, d: DefineCopy, formats: ReadonlyMap<string, string>): Map<string, { file: string; format: string }> {
  return new Map(d.disks.map((x) => {
    const file = onTarget(to, x.file);
    return [x.target, { file, format: formats.get(file) ?? 'qcow2' }];
  }));
}

interface Made {
  sourceId: string;
  rowId: string;
}

/**
 * The source's NVRAM on the target (a UEFI VM's variables, its boot entries among them), which
 * the copy VM's NVRAM is filled from: there the source's own file does not exist. Carried by the
 * refresh that defines the copy VM (`carry` hears of it before it is sent, as the VM's tops);
 * later refreshes find it there. undefined for a VM without an NVRAM file, or whose file libvirt
 * has not made yet (it never started): the copy keeps the source's template then.
 */
async function carriedNvram(c: CopyRecord, from: HostFiles, to: HostFiles, source: Domain, carry: ((path: string) => void) | null, signal: AbortSignal): Promise<string | undefined> {
  const nvram = await readNvram(from, source);
  if (!nvram) return undefined;
  const name = nvramName(c.copyVm.uuid, nvram.format);
  const path = `${to.poolDir}/${name}`;
  if (!carry) return (await to.presence([path])).get(path) ? path : undefined;
  carry(path);
  await from.withVolume(nvram.sourcePath, (vol) => relayVolume(from.connection, vol, { conn: to.connection, pool: to.pool, name }, { signal }));
  return path;
}

/** libvirt's name → the display name of each copy the target holds, for a Snapvisor without this database. */
function copiedNames(ctx: EngineContext, c: CopyRecord): Map<string, string> {
  return new Map(ctx.copies.copied(c.id).flatMap((m) => {
    const row = ctx.snapshots.get(m.snapshotId);
    return row?.libvirtName ? [[row.libvirtName, row.name] as const] : [];
  }));
}

/** Carries out the plan's sends and defines on the target, inside the copy VM's job. */
async function sendAndDefine(
  ctx: EngineContext, c: CopyRecord, plan: CopyPlan, source: { from: HostFiles; to: HostFiles; dom: Domain; rows: ReadonlyMap<string, Snapshot> },
  formats: Map<string, string>, job: JobContext, signal: AbortSignal,
): Promise<{ sent: CopyRefreshResult['sent']; bytesSent: number; made: Made[] }> {
  const { from, to, dom, rows } = source;
  ctx.copies.transaction(() => {
    for (const f of plan.send) ctx.copies.pending(c.id, onTarget(to, f.name), f.forSnapshot, f.backing === null ? null : onTarget(to, f.backing));
  });
  let done = 0;
  const sentFiles = await sendFiles(from, to, plan.send, {
    signal,
    savedDomain: c.copyVm,
    onProgress: (_f, p) => job.progress(done + p.bytesSent, plan.bytes),
    onSent: (f) => { done += f.bytesSent; },
  });
  for (const f of plan.send) if (f.kind === 'image') formats.set(onTarget(to, f.name), f.format);
  const byPath = new Map(sentFiles.map((f) => [f.path, f]));

  const conn = await ctx.hosts.connection(c.targetHostId);
  let copyDom = await copyVmOn(ctx, c);
  const first = plan.define[0]?.snapshotId;
  const carry = copyDom || first === undefined ? null : (path: string) => ctx.copies.pending(c.id, path, first);
  const nvramTemplate = plan.define.length > 0 ? await carriedNvram(c, from, to, dom, carry, signal) : undefined;
  const vm: MadeVm = { ...c.copyVm, made: 'copy', nvramTemplate };
  const ownFile = (f: string): boolean => from.owns(f);
  const made: Made[] = [];
  try {
    for (const d of plan.define) {
      const s = rows.get(d.snapshotId)!;
      using snap = dom.lookupSnapshot(s.libvirtName!);
      const entry: TreeEntry = {
        id: d.snapshotId, snapshotXml: snap.xml(), disks: diskFiles(to, d, formats),
        parent: d.parentId === null ? null : rows.get(d.parentId)?.libvirtName ?? null, memory: d.memory === null ? null : onTarget(to, d.memory),
      };
      copyDom ??= await defineVm(conn, to, vm, entry, ownFile, newId(), (top) => ctx.copies.pending(c.id, top, d.snapshotId));
      redefineSnapshot(copyDom, to, vm, entry, ownFile);
      const rowId = newId();
      const parentRow = d.parentId === null ? null : ctx.copies.copied(c.id).find((m) => m.sourceSnapshotId === d.parentId)?.snapshotId ?? null;
      ctx.copies.transaction(() => {
        ctx.snapshots.insert(madeRow(s, { rowId, hostId: c.targetHostId, vm: c.copyVm, parentRow, entry, sizes: byPath }));
        ctx.copies.addCopied({ snapshotId: rowId, copyId: c.id, sourceSnapshotId: s.id, refreshedAt: nowIso() });
        for (const f of ctx.copies.files(c.id, 'pending')) {
          if (f.sourceSnapshotId !== s.id) continue;
          const arrived = byPath.get(f.path);
          if (arrived) ctx.copies.complete(c.id, f.path, arrived.sha256, arrived.length);
          else ctx.copies.forgetFile(c.id, f.path); // the copy VM's own top: its disk, not a copy's file
        }
      });
      made.push({ sourceId: s.id, rowId });
    }
    if (copyDom && made.length > 0) {
      const dom = copyDom;
      await keepNamesOrNote(ctx, { hostId: c.targetHostId, snapshotId: null, vmUuid: c.copyVm.uuid, action: 'copy-refresh' }, () => changeSnapshotNames(dom, { set: copiedNames(ctx, c) }));
    }
  } finally {
    copyDom?.close();
  }
  return { sent: sentFiles.map((f) => ({ snapshotId: f.forSnapshot, file: f.path, bytes: f.bytesSent })), bytesSent: sentFiles.reduce((n, f) => n + f.bytesSent, 0), made };
}

/**
 * The target's retention: each pruned copy deleted like any snapshot there (its own job on the
 * copy VM, the target's merges; merge-run marks the files they write into as rewritten). Files
 * the deletes and merges removed leave the copy's records.
 */
async function prune(ctx: EngineContext, c: CopyRecord, to: HostFiles, ids: readonly string[]): Promise<string[]> {
  const removed: string[] = [];
  const byRow = new Map(ctx.copies.copied(c.id).map((m) => [m.sourceSnapshotId, m.snapshotId]));
  for (const sourceId of ids) {
    const rowId = byRow.get(sourceId);
    const row = rowId ? ctx.snapshots.get(rowId) : null;
    if (!row) continue;
    await ctx.jobs.run({ hostId: c.targetHostId, vmUuid: c.copyVm.uuid, vmName: c.copyVm.name, operation: 'delete', snapshotId: row.id }, async (job) => {
      await deleteSnapshot(ctx, checkDeletable(ctx, row.id, { confirmName: row.name }, job.job.id), job);
    });
    removed.push(sourceId);
  }
  if (removed.length) await forgetRemovedFiles(ctx, c, to);
  return removed;
}

/** Drops the records of the copy's files that are no longer on the target and that no row there needs. */
export async function forgetRemovedFiles(ctx: EngineContext, c: CopyRecord, to: HostFiles): Promise<void> {
  const needed = ctx.snapshots.neededFiles(c.targetHostId);
  const present = await to.presence(ctx.copies.files(c.id).map((f) => f.path));
  ctx.copies.transaction(() => {
    for (const f of ctx.copies.files(c.id)) if (present.get(f.path) === false && !needed.has(f.path) && f.state !== 'pending') ctx.copies.forgetFile(c.id, f.path);
  });
}

export async function refreshCopy(ctx: EngineContext, req: RefreshRequest, job: JobContext): Promise<CopyRefreshResult> {
  const keep = req.keep === undefined || req.keep === null ? req.keep : validateInt(req.keep, RULES.keepLast, 'keepLast');
  using dom = await ctx.hosts.domain(req.hostId, req.vmUuid);
  const vm = { name: dom.name(), uuid: dom.uuid() };
  const targetHostId = await targetHostFor(ctx, req.hostId, req.to);
  const c = await copyRecordFor(ctx, req.hostId, vm, targetHostId, keep);
  const target = ctx.hosts.host(targetHostId).uri;
  const abort = new AbortController();
  job.onCancel(async () => abort.abort());
  record(ctx, { hostId: req.hostId, snapshotId: null, vmUuid: vm.uuid, action: 'copy-refresh', outcome: 'started', detail: { target, copyVm: c.copyVm.name } });
  try {
    const from = await ctx.files.host(req.hostId);
    const to = await ctx.files.host(targetHostId);
    const sourceRows = ctx.snapshots.list({ hostId: req.hostId, vmUuid: vm.uuid, includeDependents: true });
    const rows = new Map(sourceRows.map((s) => [s.id, s]));
    const result = await ctx.jobs.run({ hostId: targetHostId, vmUuid: c.copyVm.uuid, vmName: c.copyVm.name, operation: 'copy-refresh', snapshotId: null }, async () => {
      await removeLeftovers(ctx, c, to, rows);
      const copyDom = await copyVmOn(ctx, c);
      copyDom?.close();
      if (!copyDom && ctx.copies.copied(c.id).length > 0) throw new SnapvisorError('copy_vm_gone', { copyVm: c.copyVm.name, target });
      const source = await readCopySource(from, sourceRows);
      const { copies, rows: targetRows } = targetCopies(ctx, c);
      const plan = planCopy({ copyVmUuid: c.copyVm.uuid, snapshots: source.snapshots, images: source.images, copies, keep: ctx.copies.get(c.id)!.keep });
      const formats = new Map<string, string>([...targetRows.values()].flatMap((r) => r.disks.flatMap((d) => (d.file && d.format ? [[d.file, d.format] as const] : []))));
      try {
        return { plan, ...(await sendAndDefine(ctx, c, plan, { from, to, dom, rows }, formats, job, abort.signal)) };
      } catch (e) {
        // Nothing of this refresh that is not visible stays: its pending files (and any libvirt
        // snapshot made for a copy whose row was not written) go now.
        await removeLeftovers(ctx, ctx.copies.get(c.id)!, to, rows).catch(() => undefined);
        throw e;
      }
    });
    if (result.made.length) announce(ctx, targetHostId, c.copyVm.uuid, result.made.map((m) => m.rowId));
    const removed = await prune(ctx, c, to, result.plan.prune);
    ctx.copies.refreshed(c.id, result.bytesSent);
    const kept = ctx.copies.copied(c.id).map((m) => m.sourceSnapshotId);
    record(ctx, { hostId: req.hostId, snapshotId: null, vmUuid: vm.uuid, action: 'copy-refresh', outcome: 'succeeded', detail: {
      target, copyVm: c.copyVm.name, files: result.sent.length, bytesSent: result.bytesSent, copies: result.made.length, removed: removed.length,
    } });
    ctx.bus.emit('vm.changed', { hostId: targetHostId, vmUuid: c.copyVm.uuid });
    ctx.bus.emit('vm.changed', { hostId: req.hostId, vmUuid: vm.uuid });
    return { vm, target, copyVm: c.copyVm, sent: result.sent, bytesSent: result.bytesSent, kept, removed };
  } catch (e) {
    const err = toSnapvisorError(e);
    ctx.copies.failed(c.id, { code: err.code, params: err.params });
    record(ctx, { hostId: req.hostId, snapshotId: null, vmUuid: vm.uuid, action: 'copy-refresh', outcome: 'failed', detail: { target, code: err.code, params: err.params } });
    ctx.bus.emit('vm.changed', { hostId: req.hostId, vmUuid: vm.uuid });
    throw err;
  } finally {
    job.onCancel(null);
  }
}
