// Every kind on one VM, in any order: a cold snapshot while it is off, then hot and memory ones
// while it runs (all external: no kind is lost because of the VM's history), restored in a
// shuffled order, each judged by its own data: the disk pattern (cold), the disk marker (hot),
// the RAM counter (memory). Then deleted in another order, merging back to the original disk.
import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../../../shared/model';
import { judgeMemoryRevert } from '../../guest/kit';
import { HOST, chainOf, systemSuite, usageOf } from './engine-kit';

const MARK_EVERY = 2;

describe('cold, then hot, then memory on one VM', () => {
  const t = systemSuite({ label: 'kinds', markEvery: MARK_EVERY });

  it('takes all three and restores each in a shuffled order, judged by its own data', async () => {
    const { s, g } = t;
    const top = (): string => chainOf(g, 'vda')[0]!;
    // Cold: sector 0 holds a pattern the guest's markers overwrite later.
    g.writePattern('vda', 0x11, { offset: 0, length: 512 });
    const cold = await s.snapshots.create({ hostId: HOST, vmUuid: g.uuid, kind: 'cold', name: 'cold' });
    await g.start();
    await g.waitForTick(2 * MARK_EVERY + 1);
    const hotLo = g.console().marks.at(-1)!;
    const hot = await s.snapshots.create({ hostId: HOST, vmUuid: g.uuid, kind: 'hot', name: 'hot' });
    const hotHi = g.console().marks.at(-1)! + MARK_EVERY;
    await g.waitForTick(g.console().lastTick! + 10);
    const low = g.console().lastTick!;
    const memory = await s.snapshots.create({ hostId: HOST, vmUuid: g.uuid, kind: 'memory', name: 'memory' });
    const high = g.console().lastTick!;
    // Run well past the snapshot, so a later revert's "before" never ends inside its window.
    await g.waitForTick(high + 15);
    for (const x of [cold, hot, memory]) expect(x.location, x.name).toBe('external');

    const judge: Record<string, (x: Snapshot) => Promise<void>> = {
      cold: async (x) => {
        const r = await s.snapshots.revert(x.id);
        expect(r.vmState).toBe('shutoff');
        expect(g.diskMark(top())).toBeNull();
        expect(g.hasPattern('vda', 0x11, { offset: 0, length: 512, file: top() })).toBe(true);
      },
      hot: async (x) => {
        const r = await s.snapshots.revert(x.id);
        expect(r.vmState).toBe('shutoff');
        const mark = g.diskMark(top());
        expect(mark !== null && mark >= hotLo && mark <= hotHi, `marker ${mark} outside [${hotLo}, ${hotHi}]`).toBe(true);
      },
      memory: async (x) => {
        if (g.state() === 'running') await g.waitForTick(g.console().lastTick! + 10);
        const before = g.console();
        const r = await s.snapshots.revert(x.id);
        expect(r.vmState).toBe('running');
        await g.waitForMoreTicks(before.ticks.length, 8);
        const verdict = judgeMemoryRevert(before, g.console(), { low, high }, { minTicks: 6 });
        expect(verdict.reverted, verdict.reason).toBe(true);
        await g.waitForTick(high + 15, 90_000, before.ticks.length);
      },
    };
    for (const x of [hot, memory, cold, memory, hot, cold]) await judge[x.name]!(x);

    // Deleted in yet another order, some while running (after a memory restore), some while off.
    await judge.memory!(memory);
    await s.snapshots.delete(cold.id);
    await s.snapshots.delete(memory.id);
    await g.destroy();
    await s.snapshots.delete(hot.id);
    expect(chainOf(g, 'vda')).toEqual([g.disk('vda').file]);
    expect(await usageOf(s, g.uuid)).toEqual({ files: 0, bytes: 0, pendingMerges: 0 });
  });
});
