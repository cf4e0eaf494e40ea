import { create } from 'zustand';
import { api, unwrap } from '../api/api';
import type { Job } from '../api/contract';

interface JobsState {
  jobs: Record<string, Job>;
  fetch(): Promise<void>;
  apply(job: Job): void;
  cancel(jobId: string): Promise<void>;
}

export const useJobs = create<JobsState>()((set) => ({
  jobs: {},
  async fetch() {
    const list = await unwrap(api().jobs.list({}));
    set({ jobs: Object.fromEntries(list.map((j) => [j.id, j])) });
  },
  apply(job) {
    set((s) => ({ jobs: { ...s.jobs, [job.id]: job } }));
  },
  async cancel(jobId) {
    await unwrap(api().jobs.cancel({ jobId }));
  },
}));

export function isActive(job: Job): boolean {
  return job.state === 'queued' || job.state === 'running';
}
