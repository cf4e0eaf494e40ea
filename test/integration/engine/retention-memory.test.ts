// The retention cycle with memory snapshots (live external: RAM written while the guest runs):
// 30 taken, the oldest deleted after each so that 3 remain. The chain and files stay bounded
// (one overlay and one memory file per kept snapshot), and each kept snapshot resumes the RAM
// counter where it was when it was taken, judged strictly.
import { describe, expect, it } from 'vitest';
import { judgeMemoryRevert } from '../../guest/kit';
import { HOST, chainOf, systemSuite, usageOf } from './engine-kit';

const CYCLES = 30;
const KEEP = 3;

describe('retention on a running guest: 30 memory snapshots keeping 3', () => {
  const t = systemSuite({ label: 'ret-mem' });

  it('keeps the chain and files bounded, and every kept snapshot resumes its own RAM counter', async () => {
    const { s, g } = t;
    await g.start();
    await g.waitForTick(3);
    const kept: { id: string; name: string; low: number; high: number }[] = [];
    let maxChain = 0;
    let maxFiles = 0;
    for (let i = 1; i <= CYCLES; i++) {
      const low = g.console().lastTick!;
      const snap = await s.snapshots.create({ hostId: HOST, vmUuid: g.uuid, kind: 'memory', name: `m${i}` });
      expect(snap).toMatchObject({ location: 'external', kind: 'memory' });
      kept.push({ id: snap.id, name: snap.name, low, high: g.console().lastTick! });
      if (kept.length > KEEP) await s.snapshots.delete(kept.shift()!.id);
      maxChain = Math.max(maxChain, chainOf(g, 'vda').length);
      maxFiles = Math.max(maxFiles, (await usageOf(s, g.uuid)).files);
    }
    expect(maxChain).toBeLessThanOrEqual(KEEP + 2);
    // An overlay and a memory file per snapshot, the one being deleted included.
    expect(maxFiles).toBeLessThanOrEqual(2 * (KEEP + 1));
    expect((await usageOf(s, g.uuid)).pendingMerges).toBe(0);

    for (const k of [kept[1]!, kept[2]!, kept[0]!]) {
      await g.waitForTick(g.console().lastTick! + 15);
      const before = g.console();
      const r = await s.snapshots.revert(k.id);
      expect(r.vmState).toBe('running');
      await g.waitForMoreTicks(before.ticks.length, 8);
      const verdict = judgeMemoryRevert(before, g.console(), { low: k.low, high: k.high }, { minTicks: 6 });
      expect(verdict.reverted, `${k.name}: ${verdict.reason}`).toBe(true);
    }
    for (const k of kept) await s.snapshots.delete(k.id);
    expect(chainOf(g, 'vda')).toEqual([g.disk('vda').file]);
    expect(await usageOf(s, g.uuid)).toEqual({ files: 0, bytes: 0, pendingMerges: 0 });
    await g.destroy();
  });
});
