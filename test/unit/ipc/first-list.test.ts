// The window app's start order (electron/app/first-list.ts): the hosts wait for the window's first
// whole list, answered by the real handlers over test services, or at most the gate's limit.
import { afterEach, describe, expect, it } from 'vitest';
import { firstListGate } from '../../../electron/app/first-list';
import { createHandlers } from '../../../electron/ipc/handlers';
import { createTestServices, type TestServices } from '../../../electron/services';

const settledWithin = (p: Promise<unknown>, ms: number): Promise<boolean> =>
  Promise.race([p.then(() => true), new Promise<boolean>((ok) => setTimeout(() => ok(false), ms))]);

describe('firstListGate', () => {
  let t: TestServices | null = null;
  afterEach(async () => {
    await t?.dispose();
    t = null;
  });

  it('opens once the first whole snapshots.list has answered, not on a first page nor other requests', async () => {
    t = await createTestServices({ connectHosts: 'lazy' });
    const gate = firstListGate(60_000);
    const handlers = gate.watch(createHandlers(t.services));
    expect(await handlers['hosts.list']({})).toMatchObject({ ok: true });
    const hostId = t.services.hosts.list()[0]!.id;
    expect(await handlers['snapshots.list']({ hostId, includeDependents: true, limit: 100 })).toMatchObject({ ok: true });
    expect(await settledWithin(gate.opened, 100)).toBe(false);
    let opened = false;
    void gate.opened.then(() => { opened = true; });
    expect(await handlers['snapshots.list']({ hostId, includeDependents: true })).toMatchObject({ ok: true });
    // Not before the answer is out: the gate opens on a later turn of the event loop.
    expect(opened).toBe(false);
    expect(await settledWithin(gate.opened, 100)).toBe(true);
  });

  it('opens after its limit when no list is asked for', async () => {
    const gate = firstListGate(50);
    expect(await settledWithin(gate.opened, 10)).toBe(false);
    expect(await settledWithin(gate.opened, 1000)).toBe(true);
  });
});
