// The app's check of an export file as a job (check-export.ts, manifest-job.ts), on the test
// driver with a real SQLite file and real archives: the job appears once the manifest is read,
// named for the file's VM, counts every byte and succeeds; a file that is no export never shows
// as a job; a damaged one fails its job with the reader's error; Cancel from the dock stops the
// read (job_cancelled, the job cancelled); an unknown host is refused before anything is read.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestServices, type TestServices } from '../../../../electron/services';
import { SnapvisorError } from '../../../../shared/errors';
import type { Job } from '../../../../shared/model';
import { BASE, LAYER, MEMORY, exportOf, manifestOf, offsetOf, save } from './archive-kit';

const rejection = async (p: Promise<unknown>): Promise<SnapvisorError> => {
  const e = await p.then(() => null, (err: unknown) => err);
  expect(e).toBeInstanceOf(SnapvisorError);
  return e as SnapvisorError;
};

describe('exports.check as a job', () => {
  let t: TestServices;
  let hostId: string;
  let dir: string;
  let good: string;
  const jobs: Job[] = [];
  const checks = (): Job[] => jobs.filter((j) => j.operation === 'export-check');
  const lastOf = (id: string): Job => checks().filter((j) => j.id === id).at(-1)!;

  beforeAll(async () => {
    t = await createTestServices({ defaultUri: 'test:///default', connectHosts: 'lazy', reconcileOnStart: false });
    hostId = t.services.hosts.list()[0]!.id;
    t.services.on('job.changed', (j) => jobs.push(j));
    dir = mkdtempSync(join(tmpdir(), 'check-job-'));
    good = save(join(dir, 'good.tar'), await exportOf(manifestOf(), [BASE, LAYER, MEMORY]));
  });
  afterAll(async () => {
    await t?.dispose();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('is a job named for the file’s VM once its manifest is read, counts every byte, and succeeds', async () => {
    jobs.length = 0;
    const total = BASE.data.length + LAYER.data.length + MEMORY.data.length;
    const summary = await t.services.exports.check({ hostId, file: good });
    expect(summary).toMatchObject({ vm: { name: 'vm-1' }, fileCount: 3, bytes: total });
    const ids = [...new Set(checks().map((j) => j.id))];
    expect(ids).toHaveLength(1);
    const done = lastOf(ids[0]!);
    expect(done).toMatchObject({ hostId, vmName: 'vm-1', state: 'succeeded', processedBytes: total, totalBytes: total });
    expect(done.vmUuid).not.toBe(manifestOf().vm.uuid); // on no VM of the host: it waits for none
    expect(checks().some((j) => j.state === 'running' && j.cancellable)).toBe(true);
  });

  it('never shows a file that is no export; fails its job with the reader’s error for a damaged one', async () => {
    jobs.length = 0;
    const text = join(dir, 'notes.txt');
    writeFileSync(text, 'not an export\n'.repeat(100));
    expect((await rejection(t.services.exports.check({ hostId, file: text }))).code).toBe('export_not_an_export');
    expect(checks()).toEqual([]);

    const bytes = await exportOf(manifestOf(), [BASE, LAYER, MEMORY]);
    bytes[offsetOf(bytes, LAYER.data) + 100]! ^= 0xff;
    const flipped = save(join(dir, 'flipped.tar'), bytes);
    expect((await rejection(t.services.exports.check({ hostId, file: flipped }))).code).toBe('export_checksum_mismatch');
    const id = checks()[0]!.id;
    expect(lastOf(id)).toMatchObject({ state: 'failed', vmName: 'vm-1' });
  });

  it('stops when cancelled from the dock: job_cancelled, the job cancelled', async () => {
    jobs.length = 0;
    const cancelled: Promise<void>[] = [];
    const off = t.services.on('job.changed', (j) => {
      if (j.operation === 'export-check' && j.state === 'running' && j.cancellable && cancelled.length === 0) cancelled.push(t.services.jobs.cancel(j.id));
    });
    try {
      expect((await rejection(t.services.exports.check({ hostId, file: good }))).code).toBe('job_cancelled');
      await Promise.all(cancelled);
    } finally {
      off();
    }
    const id = checks()[0]!.id;
    expect(lastOf(id).state).toBe('cancelled');
    expect(lastOf(id).processedBytes ?? 0).toBeLessThan(BASE.data.length + LAYER.data.length + MEMORY.data.length);
  });

  it('refuses a host it does not know before reading anything', async () => {
    jobs.length = 0;
    expect((await rejection(t.services.exports.check({ hostId: 'no-such-host', file: good }))).code).toBe('host_not_found');
    expect(checks()).toEqual([]);
  });
});
