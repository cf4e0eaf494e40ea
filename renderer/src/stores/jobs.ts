import { create } from 'zustand';
import { api, unwrap } from '../api/api';
import type { Job } from '../api/contract';
import { nextSamples, type ByteSamples } from './job-rate';

interface JobsState {
  jobs: Record<string, Job>;
  /** For jobs that report bytes: the first and latest counts seen, for the dock's rate. */
  bytes: Record<string, ByteSamples>;
  fetch(): Promise<void>;
  apply(job: Job, at?: number): void;
  cancel(jobId: string): Promise<void>;
}

export const useJobs = create<JobsState>()((set) => ({
  jobs: {},
  bytes: {},
  async fetch() {
    const list = await unwrap(api().jobs.list({}));
    set({ jobs: Object.fromEntries(list.map((j) => [j.id, j])) });
  },
  apply(job, at = Date.now()) {
    set((s) => {
      const jobs = { ...s.jobs, [job.id]: job };
      if (job.processedBytes === null || !isActive(job)) return { jobs };
      return { jobs, bytes: { ...s.bytes, [job.id]: nextSamples(s.bytes[job.id], { at, bytes: job.processedBytes }) } };
    });
  },
  async cancel(jobId) {
    await unwrap(api().jobs.cancel({ jobId }));
  },
}));

export function isActive(job: Job): boolean {
  return job.state === 'queued' || job.state === 'running';
}
