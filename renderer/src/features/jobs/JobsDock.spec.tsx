import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import type { Job } from '../../api/contract';
import { JobsDock } from './JobsDock';
import { HOST_ID, RUNNING_UUID } from '../../test/fake-api';
import { renderWithApi } from '../../test/setup';
import { bytesPerSecond, nextSamples } from '../../stores/job-rate';
import { useJobs } from '../../stores/jobs';

afterEach(cleanup);

const MiB = 2 ** 20;

function job(patch: Partial<Job> = {}): Job {
  return {
    id: 'j1', hostId: HOST_ID, vmUuid: RUNNING_UUID, vmName: 'test', operation: 'copy-refresh', snapshotId: null, state: 'running',
    queueReason: null, progress: 0.25, processedBytes: 100 * MiB, totalBytes: 400 * MiB, cancellable: true,
    startedAt: '2025-01-01T00:00:00.000Z', finishedAt: null, error: null, ...patch,
  };
}

describe('the job dock', () => {
  it('shows bytes done of total for a copy refresh, then the rate once events came over time, and cancels it', async () => {
    const { api } = await renderWithApi(<JobsDock />);
    act(() => useJobs.getState().apply(job(), 10_000));
    const row = screen.getByTestId('job');
    expect(row.textContent).toContain('Refreshing copy on another host · test');
    expect(row.querySelector('.job-meta')?.textContent).toBe('100 MiB of 400 MiB');
    act(() => useJobs.getState().apply(job({ progress: 0.5, processedBytes: 200 * MiB }), 12_000));
    expect(row.querySelector('.job-meta')?.textContent).toBe('200 MiB of 400 MiB · 50 MiB/s');
    expect(screen.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('50');
    fireEvent.click(screen.getByRole('button', { name: 'Cancel Refreshing copy on another host · test' }));
    await waitFor(() => expect(api.calls.find((c) => c.channel === 'jobs.cancel')?.request).toEqual({ jobId: 'j1' }));
    act(() => useJobs.getState().apply(job({ state: 'cancelled', finishedAt: '2025-01-01T00:00:03.000Z' }), 13_000));
    expect(screen.queryByTestId('job')).toBeNull();
  });

  it('the rate needs half a second of samples and starts over when the bytes go back (a new file)', () => {
    const a = nextSamples(undefined, { at: 0, bytes: 0 });
    expect(bytesPerSecond(a)).toBeNull();
    expect(bytesPerSecond(nextSamples(a, { at: 400, bytes: MiB }))).toBeNull();
    const b = nextSamples(a, { at: 1000, bytes: 4 * MiB });
    expect(bytesPerSecond(b)).toBe(4 * MiB);
    const c = nextSamples(b, { at: 1500, bytes: MiB });
    expect(c.first).toEqual({ at: 1500, bytes: MiB });
    expect(bytesPerSecond(c)).toBeNull();
  });
});
