// Job progress for memory snapshots and saves on a guest with 200 MiB of non-zero RAM.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Connection, VIR_DOMAIN_JOB_STATS, VIR_ERR, el, renderXml, type JobStats } from '../../../native';
import { cleanupGuests, cleanupStaleGuests, createGuest, openSystem, type Guest } from '../../guest/kit';

/** Polls job stats every ~10 ms (each query off the JS thread) until `work` settles. */
async function pollDuring<T>(guest: Guest, work: Promise<T>): Promise<{ result: T; samples: JobStats[]; ticks: number; ms: number }> {
  let done = false;
  const settled = work.finally(() => {
    done = true;
  });
  const samples: JobStats[] = [];
  let ticks = 0;
  const timer = setInterval(() => ticks++, 20);
  const t0 = Date.now();
  try {
    while (!done) {
      try {
        samples.push(await guest.domain.jobStats());
      } catch {
        /* the domain may stop as the job ends (save) */
      }
      await new Promise((r) => setTimeout(r, 10));
    }
    return { result: await settled, samples, ticks, ms: Date.now() - t0 };
  } finally {
    clearInterval(timer);
  }
}

describe('domain jobs on qemu:///system', () => {
  let conn: Connection;
  let guest: Guest;
  beforeAll(async () => {
    conn = await openSystem();
    await cleanupStaleGuests(conn);
    guest = await createGuest(conn, { label: 'jobs', memoryMiB: 512, ballastMiB: 200 });
    await guest.start();
    await guest.waitForTick(3);
  });
  afterAll(async () => {
    await cleanupGuests();
    conn?.close();
  });

  it('reports an idle domain as having no job; abort says there is none', async () => {
    expect(await guest.domain.jobStats()).toMatchObject({ type: 'none' });
    expect(await guest.domain.jobInfo()).toMatchObject({ type: 'none' });
    await expect(guest.domain.abortJob()).rejects.toMatchObject({ code: VIR_ERR.OPERATION_INVALID, operation: 'virDomainAbortJob' });
  });

  it('types the stats of an external memory snapshot, without blocking the JS thread', async () => {
    const xml = renderXml(el('domainsnapshot', {},
      el('name', {}, 'extmem'),
      el('memory', { snapshot: 'external', file: join(guest.dir, 'extmem.mem') }),
      el('disks', {}, el('disk', { name: 'vda', snapshot: 'external' }, el('source', { file: join(guest.dir, 'vda.extmem.qcow2') })))));
    const { result: snap, samples, ticks, ms } = await pollDuring(guest, guest.domain.createSnapshot(xml));
    snap.close();
    // The JS thread kept running while libvirt worked (a 20 ms interval kept ticking).
    expect(ticks).toBeGreaterThanOrEqual(Math.floor(ms / 20) * 0.5);
    // A sample taken during the job is the snapshot's. Its memory total is 0 until QEMU reports
    // the RAM it will write (a sample in the migration's setup: a fresh-clone CI run here took
    // one), then the guest's RAM, with the bytes written within it.
    for (const s of samples.filter((x) => x.type === 'unbounded' || x.type === 'bounded')) {
      expect(s.operation).toBe('snapshot');
      if (!s.memoryTotal) continue;
      expect(s.memoryTotal).toBeGreaterThanOrEqual(512 * 1024 * 1024);
      expect(s.memoryProcessed ?? 0).toBeLessThanOrEqual(s.memoryTotal);
    }
    const done = await guest.domain.jobStats(VIR_DOMAIN_JOB_STATS.COMPLETED);
    expect(done).toMatchObject({ type: 'completed', operation: 'snapshot' });
    expect(done.memoryTotal).toBeGreaterThanOrEqual(512 * 1024 * 1024);
    // The ballast (200 MiB of non-zero pages) had to be written.
    expect(done.memoryProcessed).toBeGreaterThan(200 * 1024 * 1024);
    expect(done.timeElapsedMs).toBeGreaterThan(0);
    expect(done.fields.memory_page_size).toBe(4096);
  });

  it('reports a save as a save job and restores it', async () => {
    const file = join(guest.dir, 'guest.save');
    await pollDuring(guest, guest.domain.save(file));
    expect(guest.state()).toBe('shutoff');
    await conn.restoreDomain(file);
    expect(guest.state()).toBe('running');
    // libvirt keeps the save's statistics as the last completed job.
    const done = await guest.domain.jobStats(VIR_DOMAIN_JOB_STATS.COMPLETED);
    expect(done).toMatchObject({ type: 'completed', operation: 'save' });
    expect(done.memoryProcessed).toBeGreaterThan(200 * 1024 * 1024);
  });
});
