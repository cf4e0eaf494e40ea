import { useTranslation } from 'react-i18next';
import { errorText } from '../../api/error-text';
import type { Job } from '../../api/contract';
import { formatBytes, formatPercent } from '../../format';
import { currentLang } from '../../i18n';
import { ProgressBar } from '../../ui/ProgressBar';
import { bytesPerSecond } from '../../stores/job-rate';
import { isActive, useJobs } from '../../stores/jobs';
import { useUi } from '../../stores/ui';

/** Running and queued jobs, each with its progress and, where libvirt allows, a cancel button. */
export function JobsDock() {
  const { t } = useTranslation();
  const jobs = useJobs((s) => s.jobs);
  const active = Object.values(jobs).filter(isActive).sort((a, b) => (a.startedAt ?? '~').localeCompare(b.startedAt ?? '~'));
  if (active.length === 0) return null;
  return (
    <section className="jobs-dock" aria-label={t('jobs.label')}>
      {active.map((j) => <JobRow key={j.id} job={j} />)}
    </section>
  );
}

/** What the row says of the job's progress: waiting, bytes done of total (and the rate), a percentage. */
function useJobMeta(job: Job): string {
  const { t } = useTranslation();
  const lang = currentLang();
  const rate = useJobs((s) => bytesPerSecond(s.bytes[job.id]));
  if (job.state === 'queued') {
    const behind = job.queueReason?.waitingFor;
    return behind ? t('jobs.queuedBehind', { op: t(`jobs.op.${behind}`), vm: job.vmName }) : t('jobs.queued');
  }
  if (job.processedBytes !== null && job.totalBytes) {
    const bytes = t('jobs.bytes', { done: formatBytes(job.processedBytes, lang), total: formatBytes(job.totalBytes, lang) });
    return rate === null ? bytes : `${bytes} · ${t('jobs.rate', { rate: formatBytes(rate, lang) })}`;
  }
  if (job.progress !== null) return formatPercent(job.progress, lang);
  return t('jobs.working');
}

function JobRow({ job }: { job: Job }) {
  const { t } = useTranslation();
  const cancel = useJobs((s) => s.cancel);
  const toast = useUi((s) => s.toast);
  const label = t('jobs.title', { op: t(`jobs.op.${job.operation}`), vm: job.vmName });
  const meta = useJobMeta(job);

  return (
    <div className="job" data-testid="job" data-job-id={job.id} data-job-state={job.state}>
      <span className="job-label" title={label}>{label}</span>
      <ProgressBar value={job.state === 'queued' ? 0 : job.progress} label={label} />
      <span className="job-meta">{meta}</span>
      <button
        type="button"
        className="btn btn-sm"
        disabled={!job.cancellable}
        title={job.cancellable ? undefined : t('jobs.notCancellable')}
        aria-label={t('jobs.cancel', { job: label })}
        onClick={() => cancel(job.id).catch((e: unknown) => toast('error', errorText(e)))}
      >
        {t('common.cancel')}
      </button>
    </div>
  );
}
