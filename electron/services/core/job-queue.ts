// One job per VM at a time: later jobs on the same VM wait (with the reason visible) and run
// in order. Jobs report progress and may offer a cancel hook while they run. A host may be held
// while reconcile compares its rows with libvirt: its jobs wait (queued, visibly) until then.
import { newId, nowIso } from '../../store/ids';
import type { EventBus } from './event-bus';
import { SnapvisorError } from '../../../shared/errors';
import type { Job } from '../../../shared/model';

export interface JobContext {
  readonly job: Job;
  progress(processed: number | null, total: number | null): void;
  /** Installs (or removes, with null) what cancel() does while this job runs. */
  onCancel(hook: (() => Promise<void>) | null): void;
  readonly cancelled: boolean;
}

type JobSpec = Pick<Job, 'hostId' | 'vmUuid' | 'vmName' | 'operation' | 'snapshotId'>;

interface Entry {
  job: Job;
  cancelHook: (() => Promise<void>) | null;
  cancelled: boolean;
  /** Ends a queued job's wait at once when it is cancelled. */
  stopWaiting: () => void;
}

const KEEP_FINISHED = 200;

export class JobQueue {
  private readonly entries = new Map<string, Entry>();
  private readonly tails = new Map<string, Promise<void>>();
  private readonly holds = new Map<string, Promise<void>>();

  constructor(private readonly bus: EventBus) {}

  list(): Job[] {
    return [...this.entries.values()].map((e) => ({ ...e.job }));
  }

  /** Runs `work` when no other job holds the VM; resolves with its result. */
  async run<T>(spec: JobSpec, work: (ctx: JobContext) => Promise<T>): Promise<T> {
    const key = `${spec.hostId}/${spec.vmUuid}`;
    const job: Job = {
      ...spec, id: newId(), state: 'queued', queueReason: null, progress: null, processedBytes: null, totalBytes: null,
      cancellable: false, startedAt: null, finishedAt: null, error: null,
    };
    let stopWaiting!: () => void;
    const cancelledWhileQueued = new Promise<void>((r) => { stopWaiting = r; });
    const entry: Entry = { job, cancelHook: null, cancelled: false, stopWaiting };
    this.entries.set(job.id, entry);
    this.trim();
    const previous = this.tails.get(key);
    let release!: () => void;
    const mine = new Promise<void>((r) => { release = r; });
    const tail = (previous ?? Promise.resolve()).then(() => mine);
    this.tails.set(key, tail);
    const hold = this.holds.get(spec.hostId);
    try {
      if (previous || hold) {
        job.queueReason = { waitingFor: (previous && this.runningOn(key)?.operation) || (hold ? 'reconcile' : null) };
        job.cancellable = true;
        this.emit(entry);
        await Promise.race([Promise.all([previous, hold]), cancelledWhileQueued]);
      }
      if (entry.cancelled) throw new SnapvisorError('job_cancelled', { jobId: job.id });
      job.state = 'running';
      job.queueReason = null;
      job.cancellable = false;
      job.startedAt = nowIso();
      this.emit(entry);
      const ctx: JobContext = {
        job,
        progress: (processed, total) => {
          job.processedBytes = processed;
          job.totalBytes = total;
          job.progress = processed !== null && total ? Math.min(1, processed / total) : null;
          this.emit(entry);
        },
        onCancel: (hook) => {
          entry.cancelHook = hook;
          job.cancellable = hook !== null;
          this.emit(entry);
        },
        get cancelled() { return entry.cancelled; },
      };
      const result = await work(ctx);
      job.state = 'succeeded';
      job.progress = 1;
      return result;
    } catch (e) {
      const cancelled = entry.cancelled || (e instanceof SnapvisorError && e.code === 'job_cancelled');
      job.state = cancelled ? 'cancelled' : 'failed';
      job.error = e instanceof Error ? e.message : String(e);
      throw e;
    } finally {
      job.finishedAt = nowIso();
      job.cancellable = false;
      entry.cancelHook = null;
      this.emit(entry);
      release();
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }

  /**
   * Runs `work` with the host's jobs held (after any hold before it): jobs asked for meanwhile
   * wait, queued. A reconcile reads the rows, then libvirt, then writes what differs; a job
   * changing rows in between would be judged by a stale read. Running jobs are not waited for.
   */
  async hold<T>(hostId: string, work: () => Promise<T>): Promise<T> {
    const before = this.holds.get(hostId);
    // Without a hold before it, `work` starts now (its first steps are synchronous).
    const result = before ? before.then(work) : work();
    const settled = result.then(() => undefined, () => undefined);
    this.holds.set(hostId, settled);
    void settled.then(() => {
      if (this.holds.get(hostId) === settled) this.holds.delete(hostId);
    });
    return result;
  }

  async cancel(jobId: string): Promise<void> {
    const entry = this.entries.get(jobId);
    if (!entry) throw new SnapvisorError('invalid_input', { field: 'jobId', jobId });
    const { job } = entry;
    if (job.state === 'queued') {
      entry.cancelled = true;
      entry.stopWaiting();
      return;
    }
    if (job.state !== 'running' || !entry.cancelHook) throw new SnapvisorError('job_not_cancellable', { jobId, operation: job.operation });
    entry.cancelled = true;
    await entry.cancelHook();
  }

  /** A queued or running job (other than `exceptJobId`) working on one of `snapshotIds`. */
  holding(snapshotIds: readonly string[], exceptJobId?: string): Job | undefined {
    const job = [...this.entries.values()].map((e) => e.job)
      .find((j) => j.id !== exceptJobId && (j.state === 'queued' || j.state === 'running') && j.snapshotId !== null && snapshotIds.includes(j.snapshotId));
    return job ? { ...job } : undefined;
  }

  /** The queued and running jobs on a VM, in the order they were asked for. */
  activeOn(hostId: string, vmUuid: string): Job[] {
    return [...this.entries.values()].map((e) => e.job)
      .filter((j) => j.hostId === hostId && j.vmUuid === vmUuid && (j.state === 'queued' || j.state === 'running'))
      .map((j) => ({ ...j }));
  }

  /** Resolves when every job queued so far has finished. */
  async idle(): Promise<void> {
    await Promise.allSettled([...this.tails.values()]);
  }

  private runningOn(key: string): Job | undefined {
    return [...this.entries.values()].map((e) => e.job).find((j) => j.state === 'running' && `${j.hostId}/${j.vmUuid}` === key);
  }

  private emit(entry: Entry): void {
    this.bus.emit('job.changed', { ...entry.job });
  }

  private trim(): void {
    const finished = [...this.entries.values()].filter((e) => e.job.finishedAt !== null);
    for (const e of finished.slice(0, Math.max(0, finished.length - KEEP_FINISHED))) this.entries.delete(e.job.id);
  }
}
