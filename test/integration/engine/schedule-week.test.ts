// A week of an hourly schedule keeping 24, in minutes: the test drives the schedules' clock
// (runDue(at) hour by hour, 168 runs) against a running kit guest that writes disk markers.
// Every run takes a hot snapshot and deletes the one beyond 24, merging its layer live; at the
// end there are 24 snapshots, the chain is at most 26 images, nothing is pending or leaked, and
// no run failed.
import { describe, expect, it } from 'vitest';
import { HOST, chainOf, systemSuite, usageOf } from './engine-kit';

const HOURS = 7 * 24;
const KEEP = 24;

describe('an hourly schedule keeping 24, for a simulated week', () => {
  const t = systemSuite({ label: 'week', markEvery: 5 });

  it('ends with 24 snapshots, a chain of at most 26 images, no pending merge, no leaked file and no error', async () => {
    const { s, g } = t;
    await g.start();
    await g.waitForTick(2);
    const schedule = s.schedules.add({ hostId: HOST, vmUuid: g.uuid, kind: 'hot', intervalSeconds: 3600, keepLast: KEEP });
    const first = Date.parse(schedule.nextRunAt!);
    const errors: string[] = [];
    let expired = 0;
    let maxChain = 0;
    const t0 = performance.now();
    for (let h = 0; h < HOURS; h++) {
      const report = await s.schedules.runDue(new Date(first + h * 3600_000));
      expect(report.ran, `hour ${h}`).toHaveLength(1);
      for (const r of report.ran) if (r.error) errors.push(`hour ${h}: ${r.error}`);
      expired += report.expired.length;
      maxChain = Math.max(maxChain, chainOf(g, 'vda').length);
    }
    const perRunMs = (performance.now() - t0) / HOURS;
    console.log(`schedule week: ${HOURS} runs, ${(perRunMs / 1000).toFixed(2)} s per run (snapshot + retention + merge)`);
    expect(errors).toEqual([]);
    expect(expired).toBe(HOURS - KEEP);
    expect(s.snapshots.list({ vmUuid: g.uuid })).toHaveLength(KEEP);
    expect(s.schedules.list(HOST)[0]).toMatchObject({ lastError: null });
    expect(maxChain).toBeLessThanOrEqual(KEEP + 2);
    const usage = await usageOf(s, g.uuid);
    expect(usage.pendingMerges).toBe(0);
    // One overlay per kept snapshot (the oldest one's frozen image is the VM's own disk).
    expect(usage.files).toBe(KEEP);
    expect(chainOf(g, 'vda')).toHaveLength(KEEP + 1);
    const report = await s.snapshots.reconcile(HOST);
    expect(report).toMatchObject({ removedFiles: 0, missing: 0 });
    // The guest ran and wrote all week long.
    const ticks = g.console().ticks.length;
    await g.waitForMoreTicks(ticks, 3);
    expect(g.console().boots).toHaveLength(1);
  });
});
