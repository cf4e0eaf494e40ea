// A job that an export file's reading becomes once its manifest says what the file is (the import
// of it, its check): until then nothing names the VM for the job dock, and a file that is no
// export never shows there. The job runs until the reading ends, with the reading's own cancel
// (the dock's Cancel aborts the read), and ends as the reading did: succeeded, failed or
// cancelled.
import type { EngineContext } from '../core/context';
import type { JobContext } from '../core/job-queue';
import type { Job } from '../../../shared/model';

export interface ManifestJob {
  /** What the reading stops on: the caller's signal, or the job's Cancel. */
  readonly signal: AbortSignal;
  /**
   * Starts the job; resolves once it runs (after the jobs queued before it on the same VM), or
   * rejects (job_cancelled) when it is cancelled while it waits.
   */
  begin(spec: Pick<Job, 'hostId' | 'vmUuid' | 'vmName' | 'operation'>): Promise<void>;
  progress(done: number, total: number): void;
}

/** Runs `work` (a reading of an export file) with its job, which ends as `work` does. */
export async function withManifestJob<T>(ctx: EngineContext, signal: AbortSignal | undefined, work: (job: ManifestJob) => Promise<T>): Promise<T> {
  const stop = new AbortController();
  let job: JobContext | null = null;
  let held: Promise<void> = Promise.resolve();
  let finished!: (failure: { error: unknown } | null) => void;
  const ends = new Promise<{ error: unknown } | null>((resolve) => { finished = resolve; });
  const manifestJob: ManifestJob = {
    signal: signal ? AbortSignal.any([signal, stop.signal]) : stop.signal,
    async begin(spec) {
      let started!: () => void;
      const running = new Promise<void>((resolve) => { started = resolve; });
      held = ctx.jobs.run({ ...spec, snapshotId: null }, async (j) => {
        job = j;
        j.onCancel(async () => stop.abort());
        started();
        const failure = await ends;
        if (failure) throw failure.error;
      });
      await Promise.race([running, held]);
    },
    progress(done, total) {
      job?.progress(done, total);
    },
  };
  try {
    const result = await work(manifestJob);
    finished(null);
    return result;
  } catch (e) {
    finished({ error: e });
    throw e;
  } finally {
    await held.catch(() => undefined); // a cancel while it waited: begin() said so
  }
}
