// Internal memory snapshots on a real guest: the RAM-only TICK counter proves the revert.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Connection, LibvirtError, VIR_DOMAIN_SNAPSHOT_CREATE as CREATE, VIR_DOMAIN_SNAPSHOT_DELETE as DELETE,
  VIR_DOMAIN_SNAPSHOT_LIST as LIST, VIR_DOMAIN_SNAPSHOT_REVERT as REVERT, VIR_ERR, el, renderXml,
} from '../../../native';
import {
  cleanupGuests, cleanupStaleGuests, createGuest, judgeMemoryRevert, openSystem, sleep, type ConsoleState, type Guest,
} from '../../guest/kit';

const snapXml = (name: string, description?: string): string =>
  renderXml(el('domainsnapshot', {}, el('name', {}, name), description ? el('description', {}, description) : null));

describe('internal memory snapshot and revert on qemu:///system', () => {
  let conn: Connection;
  let guest: Guest;
  beforeAll(async () => {
    conn = await openSystem();
    await cleanupStaleGuests(conn);
    guest = await createGuest(conn, { label: 'memsnap' });
    await guest.start();
    await guest.waitForTick(5);
  });
  afterAll(async () => {
    await cleanupGuests();
    conn?.close();
  });

  let snap: { low: number; high: number };
  let beforeRevert: ConsoleState;

  it('takes a running snapshot with memory and reverts to it: the RAM counter goes back', async () => {
    const low = guest.console().lastTick ?? 0;
    const t0 = Date.now();
    using s = await guest.domain.createSnapshot(snapXml('mem1', 'with <memory> & "state"'));
    const tookMs = Date.now() - t0;
    const high = guest.console().lastTick ?? 0;
    snap = { low, high };
    expect(s.describe()).toMatchObject({ name: 'mem1', state: 'running', memory: { snapshot: 'internal' }, description: 'with <memory> & "state"' });
    expect(s.isCurrent()).toBe(true);
    expect(guest.state()).toBe('running');
    // Let the counter run well past the snapshot.
    await guest.waitForTick(high + 30);
    beforeRevert = guest.console();
    await s.revert(REVERT.RUNNING);
    expect(guest.state()).toBe('running');
    await guest.waitForMoreTicks(beforeRevert.ticks.length, 15);
    const verdict = judgeMemoryRevert(beforeRevert, guest.console(), snap);
    expect(verdict.reverted, `${verdict.reason} (snapshot took ${tookMs} ms, window ${low}..${high})`).toBe(true);
  });

  it('negative control: destroy + start is not judged a revert', async () => {
    const before = guest.console();
    await guest.destroy();
    await guest.start();
    await guest.waitForMoreTicks(before.ticks.length, 10);
    const verdict = judgeMemoryRevert(before, guest.console(), snap);
    expect(verdict.reverted).toBe(false);
    expect(verdict.reason).toMatch(/BOOT/);
    // Without the BOOT line the restarted counter (1, 2, ...) is still outside the window.
    const after = guest.console();
    const noBoot = { ...after, boots: before.boots };
    expect(judgeMemoryRevert(before, noBoot, snap).reverted).toBe(false);
  });

  it('reverts to PAUSED, then resumes where the snapshot was', async () => {
    await guest.waitForTick(3, 90_000, guest.console().ticks.length - 1);
    using s = guest.domain.lookupSnapshot('mem1');
    const before = guest.console();
    await s.revert(REVERT.PAUSED);
    expect(guest.state()).toBe('paused');
    const whilePaused = guest.console().ticks.length;
    await sleep(1000);
    expect(guest.console().ticks.length).toBeLessThanOrEqual(whilePaused + 1);
    await guest.domain.resume();
    await guest.waitForMoreTicks(before.ticks.length, 8);
    const verdict = judgeMemoryRevert(before, guest.console(), snap);
    expect(verdict.reverted, verdict.reason).toBe(true);
  });

  it('lists, redefines and deletes metadata on the real driver', async () => {
    (await guest.domain.createSnapshot(snapXml('mem2'))).close();
    expect(guest.domain.listSnapshotTree()).toEqual(expect.arrayContaining([
      { name: 'mem1', parent: null, current: false },
      { name: 'mem2', parent: 'mem1', current: true },
    ]));
    expect(guest.domain.snapshotCount(LIST.INTERNAL)).toBe(2);
    expect(guest.domain.snapshotCount(LIST.EXTERNAL)).toBe(0);
    using mem2 = guest.domain.lookupSnapshot('mem2');
    const xml = mem2.xml().replace('<name>mem2</name>', '<name>mem2</name>\n  <description>edited &amp; kept</description>');
    using redefined = mem2.redefine(xml);
    expect(redefined.describe().description).toBe('edited & kept');
    // METADATA_ONLY drops libvirt's record; the qcow2 still holds the internal snapshot.
    await mem2.delete(DELETE.METADATA_ONLY);
    expect(guest.domain.snapshotCount()).toBe(1);
    // Names libvirt cannot store as files are refused with libvirt's reason.
    await expect(guest.domain.createSnapshot(snapXml('a/b'))).rejects.toBeInstanceOf(LibvirtError);
    // An internal snapshot of a running VM must include memory: disk-only is external only.
    await expect(guest.domain.createSnapshot(renderXml(el('domainsnapshot', {}, el('name', {}, 'x'),
      el('disks', {}, el('disk', { name: 'vda', snapshot: 'internal' })))), CREATE.DISK_ONLY)).rejects.toBeInstanceOf(LibvirtError);
  });

  it('deletes a snapshot with its children', async () => {
    (await guest.domain.createSnapshot(snapXml('child'))).close();
    using mem1 = guest.domain.lookupSnapshot('mem1');
    await mem1.delete(DELETE.CHILDREN_ONLY);
    expect(guest.domain.listSnapshotTree().map((n) => n.name)).toEqual(['mem1']);
    await mem1.delete(DELETE.CHILDREN);
    expect(guest.domain.snapshotCount()).toBe(0);
    expect(() => guest.domain.lookupSnapshot('mem1')).toThrow(expect.objectContaining({ code: VIR_ERR.NO_DOMAIN_SNAPSHOT }));
  });
});
