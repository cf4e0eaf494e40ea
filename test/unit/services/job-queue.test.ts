// The per-VM job queue: order, cancel of queued jobs (they never run), cancel hooks of running ones.
import { describe, expect, it } from 'vitest';
import { EventBus } from '../../../electron/services/core/event-bus';
import { JobQueue } from '../../../electron/services/core/job-queue';
import type { Job } from '../../../shared/model';

const spec = (vmUuid: string) => ({ hostId: 'h', vmUuid, vmName: vmUuid, operation: 'create' as const, snapshotId: null });

function gate(): { wait: Promise<void>; open(): void } {
  let open!: () => void;
  const wait = new Promise<void>((r) => { open = r; });
  return { wait, open };
}

describe('JobQueue', () => {
  it('cancels a queued job without running it; the VM\'s other jobs go on', async () => {
    const bus = new EventBus();
    const q = new JobQueue(bus);
    const seen: Job[] = [];
    bus.on('job.changed', (j) => seen.push(j));
    const first = gate();
    const ran: string[] = [];
    const a = q.run(spec('vm1'), async () => { ran.push('a'); await first.wait; });
    const b = q.run(spec('vm1'), async () => { ran.push('b'); });
    const c = q.run(spec('vm1'), async () => { ran.push('c'); });
    await Promise.resolve();
    const queued = q.list().filter((j) => j.state === 'queued');
    expect(queued).toHaveLength(2);
    expect(queued[0]).toMatchObject({ queueReason: { waitingFor: 'create' }, cancellable: true });
    await q.cancel(queued[0]!.id);
    first.open();
    await a;
    await expect(b).rejects.toMatchObject({ code: 'job_cancelled' });
    await c;
    expect(ran).toEqual(['a', 'c']);
    expect(q.list().map((j) => j.state)).toEqual(['succeeded', 'cancelled', 'succeeded']);
    expect(seen.filter((j) => j.id === queued[0]!.id).every((j) => j.state !== 'running')).toBe(true);
  });

  it('runs a running job\'s cancel hook and refuses jobs without one', async () => {
    const q = new JobQueue(new EventBus());
    const release = gate();
    let hookRan = false;
    const run = q.run(spec('vm2'), async (ctx) => {
      ctx.onCancel(async () => { hookRan = true; release.open(); });
      await release.wait;
      if (ctx.cancelled) throw new Error('aborted by libvirt');
    });
    const other = gate();
    const plain = q.run(spec('vm3'), () => other.wait);
    await Promise.resolve();
    const [withHook, without] = q.list();
    expect(withHook).toMatchObject({ state: 'running', cancellable: true });
    await expect(q.cancel(without!.id)).rejects.toMatchObject({ code: 'job_not_cancellable' });
    await q.cancel(withHook!.id);
    await expect(run).rejects.toThrow('aborted by libvirt');
    expect(hookRan).toBe(true);
    expect(q.list()[0]).toMatchObject({ state: 'cancelled', cancellable: false });
    other.open();
    await plain;
  });
});
