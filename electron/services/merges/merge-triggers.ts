// When pending merges run, besides inside the delete that made them: at the start of the next
// job on the VM, from reconcile (with the leak sweep), and in the app when the VM's lifecycle
// changes (it stopped, started or resumed: a merge that waited may run now). The CLI subscribes
// to no events; its next command on the VM, or the app's reconcile, runs what is left.
import { Connection, type DomainLifecycleEvent } from '../../../native';
import type { EngineContext } from '../core/context';
import { SnapvisorError } from '../../../shared/errors';
import type { JobContext } from '../core/job-queue';
import { sweepLeaks } from '../reconcile/leak-sweep';
import { destroyStrayHelpers, runPendingMerges } from './merge-run';

/** Runs the VM's pending merges first inside a job about to do `work`; their failures stay on the merges. */
export function afterPendingMerges<T>(ctx: EngineContext, hostId: string, vmUuid: string, work: (job: JobContext) => Promise<T>): (job: JobContext) => Promise<T> {
  return async (job) => {
    if (ctx.merges.forVm(hostId, vmUuid).length > 0) {
      try {
        await runPendingMerges(ctx, hostId, vmUuid, job);
      } catch (e) {
        if (e instanceof SnapvisorError && e.code === 'job_cancelled') throw e;
        // The host or VM is unreachable: `work` will say so in its own terms.
      }
    }
    return work(job);
  };
}

/**
 * Queues a 'merge' job for the VM when it has pending merges and no job of its own is queued
 * (a job already queued runs them first anyway).
 */
export function scheduleMerges(ctx: EngineContext, hostId: string, vmUuid: string, vmName: string): Promise<void> {
  if (ctx.merges.forVm(hostId, vmUuid).length === 0) return Promise.resolve();
  if (ctx.jobs.activeOn(hostId, vmUuid).some((j) => j.state === 'queued')) return Promise.resolve();
  return ctx.jobs.run({ hostId, vmUuid, vmName, operation: 'merge', snapshotId: null }, async (job) => {
    await runPendingMerges(ctx, hostId, vmUuid, job);
  }).catch(() => undefined);
}

/** Reconcile's chain step: what it finished (nothing at all on a host without external snapshots). */
export type ChainReconcileReport = { merged: number; removedFiles: number } | Record<string, never>;

/**
 * Reconcile's chain step, per VM that has pending merges or files of ours, skipping VMs a job
 * holds: run what can run, then remove what nothing needs.
 */
export async function reconcileChains(ctx: EngineContext, hostId: string): Promise<ChainReconcileReport> {
  await destroyStrayHelpers(ctx, hostId);
  // Merges and our files exist only where external snapshots do.
  if (!ctx.hosts.capabilities(hostId).kinds.includes('hot')) return {};
  const report = { merged: 0, removedFiles: 0 };
  const ours = (await (await ctx.files.host(hostId)).images()).flatMap((i) => (i.vmUuid ? [i.vmUuid] : []));
  const uuids = new Set([...ctx.merges.forHost(hostId).map((m) => m.vmUuid), ...ours]);
  for (const uuid of uuids) {
    if (ctx.jobs.activeOn(hostId, uuid).length > 0) continue;
    const name = ctx.hosts.vmNameNow(hostId, uuid) ?? uuid;
    if (ctx.merges.forVm(hostId, uuid).length > 0) {
      await ctx.jobs.run({ hostId, vmUuid: uuid, vmName: name, operation: 'merge', snapshotId: null }, async (job) => {
        const r = await runPendingMerges(ctx, hostId, uuid, job);
        report.merged += r.committed + r.removed;
      }).catch(() => undefined);
    }
    if (ctx.jobs.activeOn(hostId, uuid).length > 0) continue;
    report.removedFiles += (await sweepLeaks(ctx, hostId, uuid)).length;
  }
  return report;
}

const LIFECYCLE_TRIGGERS = new Set<DomainLifecycleEvent['type']>(['started', 'stopped', 'resumed']);
const RETRY_MS = [1000, 2000, 5000, 10_000, 30_000];

/**
 * The app's lifecycle subscription for one host: its own connection with events, reopened when
 * the daemon goes away. Returns stop().
 */
export function watchLifecycle(ctx: EngineContext, hostId: string, uri: string): () => void {
  let stopped = false;
  let conn: Connection | null = null;
  let attempt = 0;
  let timer: NodeJS.Timeout | null = null;
  const open = async (): Promise<void> => {
    if (stopped) return;
    try {
      const c = await Connection.open(uri, { events: true, keepAlive: { interval: 5, count: 3 } });
      if (stopped) { c.close(); return; }
      conn = c;
      attempt = 0;
      c.onDomainLifecycle((e) => {
        if (LIFECYCLE_TRIGGERS.has(e.type)) void scheduleMerges(ctx, hostId, e.domain.uuid, e.domain.name);
      });
      c.onClose(() => {
        if (conn === c) conn = null;
        try { c.close(); } catch { /* already dead */ }
        retry();
      });
    } catch {
      retry();
    }
  };
  const retry = (): void => {
    if (stopped) return;
    timer = setTimeout(() => void open(), RETRY_MS[Math.min(attempt++, RETRY_MS.length - 1)]);
    timer.unref();
  };
  void open();
  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    conn?.close();
    conn = null;
  };
}
