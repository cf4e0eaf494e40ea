// A job that an export file's reading becomes once its manifest says what the file is (the import
// of it, its check): until then nothing names the VM for the job dock, and a file that is no
// export never shows there. The job runs until the reading ends, with the reading's own
// cancel (the dock's Cancel aborts the read), and ends as the reading did: succeeded, failed or
// cancelled.
import type { EngineContext } from '../core/context';
import type { JobContext } from '../core/job-queue';
import type { Job } from '../../../shared/model';

export class ManifestJob {
  private job: JobContext | null = null;
  private held: Promise<void> = Promise.resolve();
  private finished!: () => void;
  /** Why the work failed, when it did: the job fails (or is cancelled) with it. */
  private failure: { error: unknown } | null = null;
  private readonly ends = new Promise<void>((resolve) => { this.finished = resolve; });

  /** `stop` aborts the reading: the job's cancel. */
  constructor(private readonly ctx: EngineContext, private readonly stop: AbortController) {}

  /**
   * Starts the job; resolves once it runs (after the jobs queued before it on the same VM), or
   * rejects (job_cancelled) when it is cancelled while it waits.
   */
  async begin(spec: Pick<Job, 'hostId' | 'vmUuid' | 'vmName' | 'operation'>): Promise<void> {
    let started!: () => void;
    const running = new Promise<void>((resolve) => { started = resolve; });
    this.held = this.ctx.jobs.run({ ...spec, snapshotId: null }, async (j) => {
      this.job = j;
      j.onCancel(async () => this.stop.abort());
      started();
      await this.ends;
      if (this.failure) throw this.failure.error;
    });
    await Promise.race([running, this.held]);
  }

  progress(done: number, total: number): void {
    this.job?.progress(done, total);
  }

  /**
   * Ends the job (harmless when it never began), failed with `failure` when the work failed;
   * resolves once the queue let go of it.
   */
  async end(failure?: { error: unknown }): Promise<void> {
    this.failure = failure ?? null;
    this.finished();
    await this.held.catch(() => undefined); // a cancel while it waited: begin() said so
  }
}
