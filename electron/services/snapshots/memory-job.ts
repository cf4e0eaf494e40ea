// Progress and cancel of an external memory snapshot through libvirt's job stats.
//
// libvirt 9.0 refuses job queries (and aborts) while the snapshot job's mask is still "none"
// (the disk-preparation phase): such a call waits until the whole snapshot has ended. The mask
// opens before libvirt writes the save header into the memory file, so we start querying only
// once that file has grown (seen on the file itself on this machine, else asked of libvirt's
// storage API: HostFiles.hasData says why). Every call here runs off the JS thread: it shares
// the connection with the snapshot call in flight.
import type { Domain } from '../../../native';
import type { JobContext } from '../core/job-queue';
import { setTimeout as sleep } from 'node:timers/promises';

const POLL_MS = 150;

/** Publishes processed/total memory bytes and makes the job cancellable; returns stop(). */
export function watchMemoryJob(dom: Domain, grown: () => Promise<boolean>, job: JobContext): () => void {
  let stopped = false;
  let abortWanted = false;
  let aborted = false;
  let open = false;
  const abort = async (): Promise<void> => {
    if (aborted || stopped) return;
    aborted = true;
    try {
      await dom.abortJob();
    } catch {
      // Refused: the snapshot has just ended ("no job"; the outcome is a finished snapshot), or
      // libvirt could not take the abort yet. Asked again at the next poll until it ends.
      aborted = false;
    }
  };
  job.onCancel(async () => {
    abortWanted = true;
    if (open) await abort();
  });
  void (async () => {
    while (!stopped) {
      if (!open) open = await grown().catch(() => false);
      // The snapshot may have ended (and its domain handle been closed) while we asked.
      if (stopped) break;
      if (open) {
        if (abortWanted) await abort();
        if (stopped) break;
        const stats = await dom.jobStats().catch(() => null);
        const active = stats !== null && (stats.type === 'bounded' || stats.type === 'unbounded');
        if (!stopped && active && stats.memoryTotal) job.progress(stats.memoryProcessed ?? 0, stats.memoryTotal);
      }
      // A refused abort is asked again soon, not a progress report later.
      await sleep(open && !(abortWanted && !aborted) ? POLL_MS : 20);
    }
  })();
  return () => {
    stopped = true;
    job.onCancel(null);
  };
}
