// Reads with several calls in flight on one qemu:///system connection: a shut-off domain with
// 40 snapshots redefined as metadata (nothing boots). What the async reads return equals what
// the sync ones do, failures come back as libvirt's own, and at most the slots' calls run at once.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  LibvirtError, VIR_DOMAIN_SNAPSHOT_CREATE, VIR_DOMAIN_SNAPSHOT_DELETE, VIR_DOMAIN_UNDEFINE, VIR_ERR, callSlots, domainSlots, el, mapInFlight, renderXml, type CallSlots, type Connection, type Domain, type DomainSnapshot,
} from '../../../native';
import { GUEST_PREFIX, openSystem } from '../../guest/kit';
import { fixtureDomain, fixtureSnapshot } from '../../fixtures/test-driver-node';

const SNAPSHOTS = 40;

describe('async reads in flight on qemu:///system', () => {
  let conn: Connection;
  let dom: Domain;
  beforeAll(async () => {
    conn = await openSystem();
    dom = conn.defineDomain(renderXml(fixtureDomain(`${GUEST_PREFIX}inflight-${randomBytes(4).toString('hex')}`, 'qemu')));
    const live = dom.xml();
    for (let i = 0; i < SNAPSHOTS; i++) {
      const xml = renderXml(fixtureSnapshot(el('domain', {}), i)).replace('<domain/>', live);
      dom.createSnapshotSync(xml, VIR_DOMAIN_SNAPSHOT_CREATE.REDEFINE | (i === SNAPSHOTS - 1 ? VIR_DOMAIN_SNAPSHOT_CREATE.CURRENT : 0)).close();
    }
  });
  afterAll(() => {
    dom?.undefine(VIR_DOMAIN_UNDEFINE.SNAPSHOTS_METADATA);
    dom?.close();
    conn?.close();
  });

  it('lists, reads XML and the current snapshot as the sync calls do', async () => {
    expect(conn.inProcess).toBe(false);
    const sync = dom.listAllSnapshots();
    const expected = new Map(sync.map((s) => [s.name(), s.xml()]));
    for (const s of sync) s.close();

    const snaps = await dom.listAllSnapshotsAsync();
    try {
      const xmls = await mapInFlight(snaps, (s) => s.xmlAsync(), callSlots());
      expect(new Map(snaps.map((s, i) => [s.name(), xmls[i]]))).toEqual(expected);
    } finally {
      for (const s of snaps) s.close();
    }
    expect(await dom.currentSnapshotNameAsync()).toBe(`s${SNAPSHOTS - 1}`);

    const { names, kept } = await dom.snapshotNamesAsync((name) => name === 's7');
    expect(names.sort()).toEqual([...expected.keys()].sort());
    expect(kept.map((s) => s.name())).toEqual(['s7']);
    expect((await kept[0]!.describeAsync()).parent).toBe('s6');
    for (const s of kept) s.close();
  });

  it('keeps at most the slots’ calls in flight (a domain’s within the connection’s), and reports libvirt’s error after the others settled', async () => {
    const slots = callSlots(3);
    let running = 0;
    let most = 0;
    /** Reads every XML through `through`, counting the calls running at once. */
    const readAll = (snaps: DomainSnapshot[], through: CallSlots) => mapInFlight(snaps, async (s) => {
      running++;
      most = Math.max(most, running);
      try {
        return await s.xmlAsync();
      } finally {
        running--;
      }
    }, through);
    const snaps = await dom.listAllSnapshotsAsync();
    try {
      await readAll(snaps, slots);
      expect(most).toBe(3);
      // A domain's calls within the connection's: the tighter bound holds.
      most = 0;
      await readAll(snaps, domainSlots(slots, 2));
      expect(most).toBe(2);

      // One snapshot removed behind the reader's back: its read fails with libvirt's own error,
      // thrown once every call already running has settled.
      const gone = dom.lookupSnapshot('s0');
      await gone.delete(VIR_DOMAIN_SNAPSHOT_DELETE.METADATA_ONLY);
      gone.close();
      const failure = await readAll(snaps, slots).catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(LibvirtError);
      expect((failure as LibvirtError).code).toBe(VIR_ERR.NO_DOMAIN_SNAPSHOT);
      expect(running).toBe(0);
    } finally {
      for (const s of snaps) s.close();
    }
  });
});
