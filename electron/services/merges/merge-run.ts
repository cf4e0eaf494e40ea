// Carrying out pending merges (merge-plan.ts decides): block commit inside the running VM, or in
// a paused transient helper domain for images no VM runs; then the rows, libvirt's snapshot
// metadata and the VM's definition name the image the layer went into, and the layer is removed.
// Runs inside a job on the VM (the delete's, the next job's, or a 'merge' job from reconcile and
// lifecycle events). A merge that cannot run stays pending with its reason; one interrupted by a
// kill or a daemon restart is recovered: the block job is waited for / pivoted, the helper
// destroyed, and the chain read from libvirt tells whether the commit took effect.
import { setTimeout as sleep } from 'node:timers/promises';
import { VIR_DOMAIN_BLOCK_COMMIT, VIR_DOMAIN_BLOCK_JOB_ABORT, VIR_DOMAIN_START, VIR_DOMAIN_XML, VIR_ERR, type Connection, type Domain } from '../../../native';
import { announce, record, type EngineContext } from '../core/context';
import { readChainState, type ChainSnapshot } from './chain-state';
import { helperDomainXml, mentionsImage, withImageMoved } from './chain-xml';
import { SnapvisorError } from '../../../shared/errors';
import type { HostFiles } from '../files';
import type { JobContext } from '../core/job-queue';
import { isNotFound, toSnapvisorError } from '../hosts/libvirt-errors';
import { commitTookEffect, planMerge, type MergeStep } from './merge-plan';
import type { MergeMode, PendingMerge } from '../../../shared/model';

const POLL_MS = 100;
/** How long a recovered block job may still run before recovery gives up for now. */
const SETTLE_MS = 10 * 60_000;
const MAX_ROUNDS = 256;

/** The prefix of this install's helper domains (another install's are never touched). */
export function helperPrefix(installId: string): string {
  return `snapvisor-merge-${installId}-`;
}

/** The helper domain of one merge: this install's prefix and the merge's id. */
function helperName(installId: string, mergeId: string): string {
  return `${helperPrefix(installId)}${mergeId}`;
}

/**
 * Destroys this install's helper domains that no running merge accounts for (a process killed
 * after its merge was booked but before the helper was gone): they hold nothing any more.
 */
export async function destroyStrayHelpers(ctx: EngineContext, hostId: string): Promise<number> {
  const conn = await ctx.hosts.connection(hostId);
  const prefix = helperPrefix(ctx.files.installId);
  const known = new Set(ctx.merges.forHost(hostId).flatMap((m) => (m.helper ? [m.helper] : [])));
  let destroyed = 0;
  for (using d of conn.listAllDomains()) {
    let stray = false;
    try {
      const name = d.name();
      stray = name.startsWith(prefix) && !known.has(name) && !d.isPersistent();
      if (stray) await d.destroy();
    } catch {
      stray = false;
    }
    if (stray) destroyed++;
  }
  return destroyed;
}

export interface MergeReport {
  /** Layers committed into their base. */
  committed: number;
  /** Frozen images removed outright. */
  removed: number;
  /** Merges still waiting, by id, with why. */
  waiting: { id: string; reason: string }[];
}

interface Run {
  ctx: EngineContext;
  hostId: string;
  vmUuid: string;
  conn: Connection;
  /** null when the VM is gone: images are still removed, nothing is committed. */
  dom: Domain | null;
  files: HostFiles;
  job: JobContext | null;
}

/**
 * Runs every pending merge of the VM that can run now, until none can. Failures are recorded on
 * the merge (it stays pending); only a cancel (job_cancelled) is thrown.
 */
export async function runPendingMerges(ctx: EngineContext, hostId: string, vmUuid: string, job: JobContext | null): Promise<MergeReport> {
  const report: MergeReport = { committed: 0, removed: 0, waiting: [] };
  if (ctx.merges.forVm(hostId, vmUuid).length === 0) return report;
  const conn = await ctx.hosts.connection(hostId);
  using dom = domainOrNull(conn, vmUuid);
  const run: Run = { ctx, hostId, vmUuid, conn, dom, files: await ctx.files.host(hostId), job };
  for (const m of ctx.merges.forVm(hostId, vmUuid).filter((x) => x.state === 'running')) await recover(run, m);
  // A commit that failed is looked at again once (recovered from the chains, then planned
  // anew: a helper that could not start under load, a daemon that just came back); after a
  // second failure it waits for the next run.
  const tries = new Map<string, number>();
  const failed = new Set<string>();
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const pending = ctx.merges.forVm(hostId, vmUuid).filter((m) => m.state === 'pending' && !failed.has(m.id) && !obsolete(run, m));
    if (pending.length === 0) break;
    const chains = await readChainState(ctx, hostId, conn, run.files);
    let progressed = false;
    for (const m of pending) {
      const planned = planMerge(chains.graph, { vmUuid, image: m.image, owns: (p) => run.files.owns(p) });
      const step: MergeStep = planned.kind === 'commit' && !dom ? { kind: 'wait', reason: 'held' } : planned;
      if (step.kind === 'wait') {
        if (m.reason !== step.reason) ctx.merges.setWaiting(m.id, step.reason);
        continue;
      }
      progressed = true;
      if (step.kind === 'nothing') {
        ctx.snapshots.transaction(() => {
          ctx.merges.remove(m.id);
          record(ctx, { hostId, snapshotId: m.snapshotId, vmUuid, action: 'merge', outcome: 'succeeded', detail: { image: m.image, result: step.why === 'not-ours' ? 'not-ours' : 'kept' } });
        });
      } else if (step.kind === 'remove') {
        await run.files.remove(step.path);
        ctx.snapshots.transaction(() => {
          ctx.merges.remove(m.id);
          record(ctx, { hostId, snapshotId: m.snapshotId, vmUuid, action: 'merge', outcome: 'succeeded', detail: { image: m.image, result: 'removed' } });
        });
        report.removed++;
      } else if (await commit(run, m, step, chains)) {
        report.committed++;
      } else {
        const n = (tries.get(m.id) ?? 0) + 1;
        tries.set(m.id, n);
        const after = ctx.merges.get(m.id);
        try {
          if (after?.state === 'running') await recover(run, after);
        } catch {
          // libvirt does not answer (a daemon restart): the next run recovers it.
          failed.add(m.id);
        }
        if (n >= 2) failed.add(m.id);
      }
      break;
    }
    if (!progressed) break;
  }
  report.waiting = ctx.merges.forVm(hostId, vmUuid).map((m) => ({ id: m.id, reason: m.reason ?? m.state }));
  return report;
}

/** The VM's domain, or null when libvirt no longer has it (its merges are then obsolete). */
function domainOrNull(conn: Connection, vmUuid: string): Domain | null {
  try {
    return conn.lookupDomainByUuid(vmUuid);
  } catch (e) {
    if (!isNotFound(e, VIR_ERR.NO_DOMAIN)) throw toSnapvisorError(e);
    return null;
  }
}

/** A merge whose snapshot came back (reconcile found it intact): there is nothing to free. */
function obsolete(run: Run, m: PendingMerge): boolean {
  const s = run.ctx.snapshots.get(m.snapshotId);
  if (!s || s.state === 'deleting' || s.state === 'error_deleting') return false;
  run.ctx.merges.remove(m.id);
  return true;
}

function modeOf(step: Extract<MergeStep, { kind: 'commit' }>): MergeMode {
  return step.where === 'live' ? (step.active ? 'live-active' : 'live') : (step.active ? 'helper-active' : 'helper');
}

/** One commit; false when it failed (recorded, the merge waits again). Throws job_cancelled. */
async function commit(run: Run, m: PendingMerge, step: Extract<MergeStep, { kind: 'commit' }>, chains: ChainSnapshot): Promise<boolean> {
  const { ctx, hostId, vmUuid } = run;
  const mode = modeOf(step);
  const helper = step.where === 'helper' ? helperName(ctx.files.installId, m.id) : null;
  const format = m.format ?? chains.formats.get(step.base) ?? null;
  const started = Date.now();
  ctx.merges.setRunning(m.id, step.top, mode, helper);
  try {
    if (!run.dom) throw new SnapvisorError('vm_gone', { vmUuid });
    if (step.where === 'live') {
      const target = step.target ?? m.target;
      await commitOn(run.dom, target, step.base, step.top, step.active, run.job, ctx.mergeBandwidthMiBs);
      if (liveChain(run.dom, target).includes(step.top)) throw new SnapvisorError('merge_failed', { image: step.top, reason: 'still_in_chain' });
    } else {
      const vm = chains.definitions.get(vmUuid);
      if (!vm) throw new SnapvisorError('vm_gone', { vmUuid });
      const h = await run.conn.createDomainXml(helperDomainXml(vm, helper!, step.leaf), VIR_DOMAIN_START.PAUSED);
      try {
        await commitOn(h, 'vda', step.base, step.top, step.active, run.job, ctx.mergeBandwidthMiBs);
        if (liveChain(h, 'vda').includes(step.top)) throw new SnapvisorError('merge_failed', { image: step.top, reason: 'still_in_chain' });
      } finally {
        await destroyQuietly(h);
      }
    }
    await finishCommit(run, m, step.base, step.top, format, { mode, ms: Date.now() - started });
    return true;
  } catch (e) {
    const err = run.job?.cancelled ? new SnapvisorError('job_cancelled', { image: step.top }) : toSnapvisorError(e, { image: step.top });
    const cancelled = err.code === 'job_cancelled';
    // The block job may have ended either way (or still run, after a daemon restart): the next
    // run recovers it from what libvirt's chains say.
    ctx.snapshots.transaction(() => {
      ctx.merges.markFailed(m.id, cancelled ? 'cancelled' : 'failed', { code: err.code, params: err.params });
      record(ctx, { hostId, snapshotId: m.snapshotId, vmUuid, action: 'merge', outcome: 'failed', detail: { image: m.image, top: step.top, mode, code: err.code, params: err.params } });
    });
    if (cancelled) throw err;
    return false;
  }
}

/**
 * Runs one block commit of `top` into `base` on `d` to its end (pivoting an active one),
 * publishing progress and offering cancel (which aborts the block job: the chain stays).
 */
async function commitOn(d: Domain, target: string, base: string, top: string, active: boolean, job: JobContext | null, bandwidthMiBs: number | null): Promise<void> {
  await d.blockCommit(target, base, top, active ? VIR_DOMAIN_BLOCK_COMMIT.ACTIVE : 0, bandwidthMiBs ?? 0);
  let cancelled = false;
  job?.onCancel(async () => {
    cancelled = true;
    await d.blockJobAbort(target).catch(() => undefined);
  });
  try {
    // Small layers commit in tens of milliseconds: look again soon at first, then every POLL_MS.
    for (let wait = 10; ; wait = Math.min(POLL_MS, wait * 2)) {
      const info = await d.blockJobInfo(target);
      // Gone: completed, failed or aborted; the caller reads the chain to tell which.
      if (!info) break;
      job?.progress(info.cur, info.end);
      if (active && info.ready && !cancelled) {
        await d.blockJobAbort(target, VIR_DOMAIN_BLOCK_JOB_ABORT.PIVOT);
        break;
      }
      await sleep(wait);
    }
  } catch (e) {
    if (!cancelled) throw e;
  } finally {
    job?.onCancel(null);
  }
  if (cancelled) throw new SnapvisorError('job_cancelled', { image: top });
}

/** The disk's chain in the running domain, top first (a commit that took effect left it). */
function liveChain(d: Domain, target: string): (string | undefined)[] {
  const disk = d.describe().disks.find((x) => x.target === target);
  return disk ? [disk.source, ...disk.backingChain.map((b) => b.file)] : [];
}

async function destroyQuietly(d: Domain): Promise<void> {
  try {
    if (d.isActive()) await d.destroy();
  } catch {
    /* already gone */
  } finally {
    d.close();
  }
}

/**
 * After `top` was committed into `base`: the VM's definition, libvirt's snapshot metadata and
 * the rows name `base`; the merge is done; `top` is removed. Each step can be repeated, so a
 * merge interrupted here is finished again by recovery.
 */
async function finishCommit(run: Run, m: PendingMerge, base: string, top: string, format: string | null, detail: Record<string, unknown>): Promise<void> {
  const { ctx, hostId, vmUuid, dom } = run;
  if (!dom) throw new SnapvisorError('vm_gone', { vmUuid });
  // A definition libvirt did not update (the helper merged images the VM was off on): a stale
  // <backingStore> there would stop the VM from starting.
  if (dom.isPersistent()) {
    const xml = dom.xml(VIR_DOMAIN_XML.INACTIVE | VIR_DOMAIN_XML.SECURE);
    if (mentionsImage(xml, top)) run.conn.defineDomain(withImageMoved(xml, top, base, format)).close();
  }
  const moved = ctx.snapshots.withDiskFile(hostId, vmUuid, top);
  for (const s of moved) {
    if (!s.libvirtName || s.dependentOf) continue;
    try {
      using snap = dom.lookupSnapshot(s.libvirtName);
      const xml = snap.xml();
      if (mentionsImage(xml, top)) snap.redefine(withImageMoved(xml, top, base, format), snap.isCurrent()).close();
    } catch (e) {
      // Metadata gone (the snapshot is missing or being deleted): the rows still move.
      if (!isNotFound(e, VIR_ERR.NO_DOMAIN_SNAPSHOT)) throw toSnapvisorError(e, { snapshot: s.name });
    }
  }
  ctx.snapshots.transaction(() => {
    ctx.merges.remove(m.id);
    ctx.snapshots.moveDiskFile(hostId, vmUuid, top, base, format);
    ctx.merges.moveImage(hostId, vmUuid, top, base, format);
    ctx.copies.mergedOnHost(hostId, top, base);
    record(ctx, { hostId, snapshotId: m.snapshotId, vmUuid, action: 'merge', outcome: 'succeeded', detail: { image: m.image, result: 'merged', top, ...detail } });
  });
  await run.files.remove(top);
  if (moved.length) announce(ctx, hostId, vmUuid, moved.map((s) => s.id));
}

/** Waits for the disk's block job to end, pivoting an active commit that is ready. */
async function settle(d: Domain, target: string, active: boolean): Promise<void> {
  const deadline = Date.now() + SETTLE_MS;
  while (Date.now() < deadline) {
    const info = await d.blockJobInfo(target).catch(() => null);
    if (!info) return;
    if (active && info.ready) {
      await d.blockJobAbort(target, VIR_DOMAIN_BLOCK_JOB_ABORT.PIVOT).catch(() => undefined);
      return;
    }
    await sleep(POLL_MS * 2);
  }
}

/** A merge left running by a killed process or a daemon restart. */
async function recover(run: Run, m: PendingMerge): Promise<void> {
  const active = m.mode === 'live-active' || m.mode === 'helper-active';
  if (m.helper) {
    let h: Domain | null = null;
    try {
      h = run.conn.lookupDomainByName(m.helper);
    } catch (e) {
      if (!isNotFound(e, VIR_ERR.NO_DOMAIN)) throw toSnapvisorError(e);
    }
    if (h) {
      try {
        await settle(h, 'vda', active);
      } finally {
        await destroyQuietly(h);
      }
    }
  } else if (run.dom?.isActive()) {
    await settle(run.dom, m.target, active);
  }
  const chains = await readChainState(run.ctx, run.hostId, run.conn, run.files);
  if (m.top && run.dom && commitTookEffect(chains.graph, m.top)) {
    const base = m.image;
    await finishCommit(run, m, base, m.top, m.format ?? chains.formats.get(base) ?? null, { mode: m.mode, recovered: true });
  } else {
    run.ctx.merges.setWaiting(m.id, m.reason === 'cancelled' || m.reason === 'failed' ? m.reason : 'interrupted');
  }
}
