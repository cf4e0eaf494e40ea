import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection } from '../../../native';
import { cleanupGuests, cleanupStaleGuests, createGuest, openSystem } from '../../guest/kit';

describe('guest kit on qemu:///system', () => {
  let conn: Connection;
  beforeAll(async () => {
    conn = await openSystem();
    await cleanupStaleGuests(conn);
  });
  afterAll(async () => {
    await cleanupGuests();
    conn?.close();
  });

  it('boots a guest whose RAM counter rises, then destroys it', async () => {
    const guest = await createGuest(conn, { label: 'kit', dataDisks: 1, markEvery: 10 });
    await guest.start();
    expect(guest.state()).toBe('running');
    const first = await guest.waitForTick(5);
    // markEvery 10: "MARKED 10" is printed before "TICK 11".
    await guest.waitForTick(Math.max(first + 1, 11));
    const later = guest.console();
    expect(later.boots).toHaveLength(1);
    expect(later.lastTick!).toBeGreaterThan(first);
    // Ticks are consecutive: the counter lives in RAM and nothing resets it.
    expect(later.ticks).toEqual(later.ticks.map((_, i) => i + 1));
    expect(later.marks.length).toBeGreaterThan(0);
    await guest.destroy();
    expect(guest.state()).toBe('shutoff');
    // The guest wrote its marker into vda's first sector before it was destroyed.
    expect(guest.hasPattern('vda', 0x4d, { offset: 0, length: 1 })).toBe(true);
    expect(guest.hasPattern('vdb', 0xab)).toBe(false);
    guest.writePattern('vdb', 0xab);
    expect(guest.hasPattern('vdb', 0xab)).toBe(true);
  });
});
