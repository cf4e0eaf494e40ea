// What a schedule with "keep 3" does to a running VM, 30 times over: a hot snapshot, then the
// oldest deleted, while the guest writes a disk marker every few ticks. Deleted layers are merged
// live, so the chain and Snapvisor's files stay bounded; the VM restarts on that chain; every
// kept snapshot restores the markers of its own moment; deleting all with the VM off leaves the
// VM's original disk alone, holding the current data, and no Snapvisor file.
import { describe, expect, it } from 'vitest';
import { runRetention } from '../../guest/retention';
import { HOST, chainOf, systemSuite, usageOf } from './engine-kit';

const CYCLES = 30;
const KEEP = 3;
const MARK_EVERY = 2;

describe('retention on a running guest: 30 hot snapshots keeping 3', () => {
  const t = systemSuite({ label: 'ret-hot', markEvery: MARK_EVERY });

  it('keeps at most 5 images and 5 files while running, restarts, restores each kept snapshot\'s markers, and merges back to the original disk', async () => {
    const { s, g } = t;
    await g.start();
    await g.waitForTick(MARK_EVERY + 1);
    const { kept, maxChain, maxFiles } = await runRetention(g, {
      cycles: CYCLES, keep: KEEP, markEvery: MARK_EVERY,
      create: (name) => s.snapshots.create({ hostId: HOST, vmUuid: g.uuid, kind: 'hot', name }),
      remove: (id) => s.snapshots.delete(id),
      measure: async () => ({ chain: chainOf(g, 'vda').length, files: (await usageOf(s, g.uuid)).files }),
    });
    expect(maxChain).toBeLessThanOrEqual(KEEP + 2);
    expect(maxFiles).toBeLessThanOrEqual(KEEP + 2);
    expect(chainOf(g, 'vda')).toHaveLength(KEEP + 1);
    expect((await usageOf(s, g.uuid)).pendingMerges).toBe(0);
    // The guest wrote markers throughout: each kept snapshot's window starts later than the last.
    expect(kept.map((k) => k.lo)).toEqual([...new Set(kept.map((k) => k.lo))].sort((a, b) => a - b));
    expect(g.console().marks.length).toBeGreaterThan(CYCLES);
    expect(s.snapshots.list({ vmUuid: g.uuid }).map((r) => r.name).sort()).toEqual(kept.map((k) => k.name).sort());

    // The VM restarts on the merged chain.
    const boots = g.console().boots.length;
    await g.destroy();
    await g.start();
    await g.waitForMoreTicks(g.console().ticks.length, 3, 180_000);
    expect(g.console().boots).toHaveLength(boots + 1);
    await g.destroy();

    // Each kept snapshot restores the marker the guest had written by then (newest first, then the rest).
    for (const k of [kept[2]!, kept[0]!, kept[1]!]) {
      await s.snapshots.revert(k.id);
      const mark = g.diskMark(chainOf(g, 'vda')[0]!);
      expect(mark, k.name).not.toBeNull();
      expect(mark!, `${k.name}: marker ${mark} outside [${k.lo}, ${k.hi}]`).toBeGreaterThanOrEqual(k.lo);
      expect(mark!, `${k.name}: marker ${mark} outside [${k.lo}, ${k.hi}]`).toBeLessThanOrEqual(k.hi);
    }
    const current = g.diskMark(chainOf(g, 'vda')[0]!);

    // Delete every snapshot with the VM off: the original disk alone, with the current data.
    for (const k of kept) await s.snapshots.delete(k.id);
    expect(chainOf(g, 'vda')).toEqual([g.disk('vda').file]);
    expect(g.diskMark(g.disk('vda').file)).toBe(current);
    expect(await usageOf(s, g.uuid)).toEqual({ files: 0, bytes: 0, pendingMerges: 0 });
    expect(s.snapshots.list({ vmUuid: g.uuid, includeDependents: true })).toEqual([]);
    await g.start();
    await g.waitForMoreTicks(g.console().ticks.length, 2, 180_000);
    await g.destroy();
  });
});
