// A one-line progress bar on stderr for long jobs, fed by the services' job.changed events.
import type { Lang } from '../../shared/error-messages';
import type { Job } from '../../shared/model';
import { t } from './messages';
import { OPERATION_WORDS } from '../../shared/vocabulary';
import { printable } from './output/text';
import { formatSize } from './output/locale';

const WIDTH = 30;

/** What a progress line shows of a job (a check of an export file on the command line is no job, and shows the same). */
export type ProgressView = Pick<Job, 'operation' | 'vmName' | 'state' | 'queueReason' | 'progress' | 'processedBytes' | 'totalBytes' | 'startedAt'>;

/** Bytes done of the total and the rate since the job started, for jobs that move bytes. */
function bytesPart(job: ProgressView, now: number): string {
  if (job.processedBytes === null || job.totalBytes === null) return '';
  const seconds = job.startedAt ? (now - Date.parse(job.startedAt)) / 1000 : 0;
  const rate = seconds > 0.5 ? `  ${formatSize(job.processedBytes / seconds)}/s` : '';
  return `  ${formatSize(job.processedBytes)}/${formatSize(job.totalBytes)}${rate}`;
}

export function progressLine(job: ProgressView, lang: Lang, tick: number, now = Date.now()): string {
  const label = printable(`${OPERATION_WORDS[job.operation][lang]} ${job.vmName}`);
  if (job.state === 'queued') {
    const behind = job.queueReason?.waitingFor;
    return `${label}  ${behind ? t(lang, 'progress.queuedBehind', { operation: behind, vm: job.vmName }) : t(lang, 'progress.queued', { vm: job.vmName })}`;
  }
  if (job.progress === null) {
    // Indeterminate: a block sweeping across, so the user sees it is alive.
    const at = tick % WIDTH;
    return `[${' '.repeat(at)}###${' '.repeat(Math.max(0, WIDTH - at - 3))}]`.slice(0, WIDTH + 2) + `  ${label}`;
  }
  const done = Math.round(Math.min(1, Math.max(0, job.progress)) * WIDTH);
  return `[${'#'.repeat(done)}${'-'.repeat(WIDTH - done)}] ${String(Math.round(job.progress * 100)).padStart(3)}%${bytesPart(job, now)}  ${label}`;
}

export interface ProgressBar {
  update(job: ProgressView): void;
  finish(): void;
}

/** What the bar needs of its terminal: a writer, and its width when it reports one. */
export interface ProgressOut {
  write(text: string): unknown;
  readonly columns?: number;
}

export function createProgressBar(out: ProgressOut, lang: Lang): ProgressBar {
  let tick = 0;
  let shown = false;
  const clear = (): void => {
    if (shown) out.write('\r\x1b[2K');
    shown = false;
  };
  return {
    update(job) {
      clear();
      if (job.state === 'queued' || job.state === 'running') {
        out.write(progressLine(job, lang, tick++).slice(0, Math.max(20, (out.columns || 80) - 1)));
        shown = true;
      }
    },
    finish: clear,
  };
}
