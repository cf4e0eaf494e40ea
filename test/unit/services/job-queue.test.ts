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

  it('holds a host\'s jobs while a reconcile compares its rows: queued behind it, cancellable; other hosts go on', async () => {
    const q = new JobQueue(new EventBus());
    const rows = gate();
    const ran: string[] = [];
    const held = q.hold('h', async () => { await rows.wait; ran.push('reconcile'); return 7; });
    const a = q.run(spec('vm1'), async () => { ran.push('a'); });
    const b = q.run(spec('vm2'), async () => { ran.push('b'); });
    await q.run({ ...spec('vm1'), hostId: 'other' }, async () => { ran.push('other host'); });
    const waiting = q.list().filter((j) => j.hostId === 'h');
    expect(waiting).toMatchObject([
      { state: 'queued', queueReason: { waitingFor: 'reconcile' }, cancellable: true },
      { state: 'queued', queueReason: { waitingFor: 'reconcile' }, cancellable: true },
    ]);
    await q.cancel(waiting[1]!.id);
    await expect(b).rejects.toMatchObject({ code: 'job_cancelled' });
    rows.open();
    expect(await held).toBe(7);
    await a;
    expect(ran).toEqual(['other host', 'reconcile', 'a']);
  });

  it('runs a host\'s holds one after another, a failed one included', async () => {
    const q = new JobQueue(new EventBus());
    const first = gate();
    const ran: string[] = [];
    const one = q.hold('h', async () => { await first.wait; ran.push('one'); throw new Error('link died'); });
    const two = q.hold('h', async () => { ran.push('two'); });
    const job = q.run(spec('vm1'), async () => { ran.push('job'); });
    await Promise.resolve();
    expect(ran).toEqual([]);
    first.open();
    await expect(one).rejects.toThrow('link died');
    await two;
    await job;
    expect(ran).toEqual(['one', 'two', 'job']);
  });
});
