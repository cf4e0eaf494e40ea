import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Connection, Domain, DomainSnapshot, LibvirtError, VIR_DOMAIN_SNAPSHOT_CREATE as CREATE, VIR_DOMAIN_SNAPSHOT_DELETE as DELETE,
  VIR_DOMAIN_SNAPSHOT_LIST as LIST, VIR_DOMAIN_SNAPSHOT_REVERT as REVERT, VIR_ERR, el, parseSnapshotXml, renderXml,
} from '../../../native';
import { defineTestDomain, removeDomain } from './helpers';

const snapXml = (name: string, description?: string): string =>
  renderXml(el('domainsnapshot', {}, el('name', {}, name), description !== undefined ? el('description', {}, description) : null));

function names(snaps: DomainSnapshot[]): string[] {
  const out = snaps.map((s) => s.name()).sort();
  for (const s of snaps) s.close();
  return out;
}

describe('DomainSnapshot on the test driver', () => {
  let conn: Connection;
  let dom: Domain;
  beforeAll(async () => {
    conn = await Connection.open('test:///default');
    dom = defineTestDomain(conn, 'snap');
    await dom.start();
    // s1 ─┬─ s2
    //     └─ s3 ── s4
    (await dom.createSnapshot(snapXml('s1', 'first <one> & "quoted"'))).close();
    (await dom.createSnapshot(snapXml('s2'))).close();
    using s1 = dom.lookupSnapshot('s1');
    await s1.revert();
    (await dom.createSnapshot(snapXml('s3'))).close();
    (await dom.createSnapshot(snapXml('s4'), CREATE.ATOMIC | CREATE.LIVE)).close();
  });
  afterAll(async () => {
    await removeDomain(dom);
    conn.close();
  });

  it('lists with parent relations and filter flags', () => {
    expect(names(dom.listAllSnapshots())).toEqual(['s1', 's2', 's3', 's4']);
    expect(dom.snapshotCount()).toBe(4);
    expect(names(dom.listAllSnapshots(LIST.ROOTS))).toEqual(['s1']);
    expect(names(dom.listAllSnapshots(LIST.LEAVES))).toEqual(['s2', 's4']);
    expect(names(dom.listAllSnapshots(LIST.NO_LEAVES))).toEqual(['s1', 's3']);
    expect(names(dom.listAllSnapshots(LIST.METADATA))).toHaveLength(4);
    expect(names(dom.listAllSnapshots(LIST.NO_METADATA))).toEqual([]);
    expect(names(dom.listAllSnapshots(LIST.ACTIVE))).toHaveLength(4);
    expect(names(dom.listAllSnapshots(LIST.INACTIVE))).toEqual([]);
    expect(names(dom.listAllSnapshots(LIST.INTERNAL))).toHaveLength(4);
    expect(names(dom.listAllSnapshots(LIST.EXTERNAL))).toEqual([]);
    expect(names(dom.listAllSnapshots(LIST.DISK_ONLY))).toEqual([]);
    const topo = dom.listAllSnapshots(LIST.TOPOLOGICAL).map((s) => {
      const n = s.name();
      s.close();
      return n;
    });
    expect(topo.indexOf('s1')).toBeLessThan(topo.indexOf('s3'));
    expect(topo.indexOf('s3')).toBeLessThan(topo.indexOf('s4'));

    using s1 = dom.lookupSnapshot('s1');
    expect(names(s1.listAllChildren())).toEqual(['s2', 's3']);
    expect(names(s1.listAllChildren(LIST.DESCENDANTS))).toEqual(['s2', 's3', 's4']);
    expect(s1.parent()).toBeNull();
    expect(s1.parentName()).toBeNull();
    using s4 = dom.lookupSnapshot('s4');
    expect(s4.parentName()).toBe('s3');

    expect(dom.listSnapshotTree().sort((a, b) => a.name.localeCompare(b.name))).toEqual([
      { name: 's1', parent: null, current: false },
      { name: 's2', parent: 's1', current: false },
      { name: 's3', parent: 's1', current: false },
      { name: 's4', parent: 's3', current: true },
    ]);
  });

  it('looks up, reads XML, current, metadata', () => {
    expect(dom.hasCurrentSnapshot()).toBe(true);
    using cur = dom.currentSnapshot();
    expect(cur?.name()).toBe('s4');
    expect(cur?.isCurrent()).toBe(true);
    expect(cur?.hasMetadata()).toBe(true);
    using s1 = dom.lookupSnapshot('s1');
    expect(s1.isCurrent()).toBe(false);
    const d = s1.describe();
    expect(d).toMatchObject({ name: 's1', description: 'first <one> & "quoted"', state: 'running' });
    expect(d.creationTime).toBeGreaterThan(1_600_000_000);
    expect(d.domain?.name).toBe(dom.name());
    expect(parseSnapshotXml(s1.xml()).name).toBe('s1');
    expect(() => dom.lookupSnapshot('nope')).toThrow(expect.objectContaining({ code: VIR_ERR.NO_DOMAIN_SNAPSHOT }));
  });

  it('reverts with RUNNING, PAUSED and FORCE', async () => {
    using s2 = dom.lookupSnapshot('s2');
    await s2.revert(REVERT.PAUSED);
    expect(dom.state().state).toBe('paused');
    expect(s2.isCurrent()).toBe(true);
    await s2.revert(REVERT.RUNNING);
    expect(dom.state().state).toBe('running');
    await s2.revert(REVERT.RUNNING | REVERT.FORCE);
    expect(dom.state().state).toBe('running');
    await expect(s2.revert(REVERT.RUNNING | REVERT.PAUSED)).rejects.toMatchObject({ name: 'LibvirtError', code: VIR_ERR.INVALID_ARG });
    using s4 = dom.lookupSnapshot('s4');
    await s4.revert();
  });

  it('redefines metadata (new description) keeping the tree', () => {
    using s3 = dom.lookupSnapshot('s3');
    const xml = s3.xml().replace('<name>s3</name>', `<name>s3</name>\n  ${renderXml(el('description', {}, 'edited <desc>'))}`);
    using again = s3.redefine(xml);
    expect(again.describe().description).toBe('edited <desc>');
    expect(again.parentName()).toBe('s1');
    using cur = dom.currentSnapshot();
    expect(cur?.name()).toBe('s4');
    using current = s3.redefine(s3.xml(), true);
    expect(current.isCurrent()).toBe(true);
    // Redefining needs the XML of an existing snapshot (creationTime and all).
    expect(() => dom.createSnapshotSync(snapXml('fresh'), CREATE.REDEFINE)).toThrow(LibvirtError);
  });

  it('creates with HALT (domain stops) and VALIDATE; DISK_ONLY is refused here', async () => {
    const d = defineTestDomain(conn, 'halt');
    try {
      await d.start();
      (await d.createSnapshot(snapXml('h'), CREATE.HALT)).close();
      expect(d.state().state).toBe('shutoff');
      (await d.createSnapshot(snapXml('v'), CREATE.VALIDATE)).close();
      await expect(d.createSnapshot(snapXml('dk'), CREATE.DISK_ONLY)).rejects.toMatchObject({ code: VIR_ERR.INVALID_ARG });
      // 'h' captured a running domain (then halted it); 'v' a shut-off one.
      expect(names(d.listAllSnapshots(LIST.ACTIVE))).toEqual(['h']);
      expect(names(d.listAllSnapshots(LIST.INACTIVE))).toEqual(['v']);
    } finally {
      await removeDomain(d);
    }
  });

  it('deletes with CHILDREN_ONLY and CHILDREN (METADATA_ONLY: see the integration tests)', async () => {
    const d = defineTestDomain(conn, 'del');
    try {
      await d.start();
      for (const n of ['a', 'b', 'c']) (await d.createSnapshot(snapXml(n))).close();
      using a = d.lookupSnapshot('a');
      await expect(a.delete(DELETE.METADATA_ONLY)).rejects.toMatchObject({ code: VIR_ERR.INVALID_ARG, operation: 'virDomainSnapshotDelete a' });
      using b = d.lookupSnapshot('b');
      await b.delete(DELETE.CHILDREN_ONLY);
      expect(names(d.listAllSnapshots())).toEqual(['a', 'b']);
      await a.delete(DELETE.CHILDREN);
      expect(d.snapshotCount()).toBe(0);
      expect(d.hasCurrentSnapshot()).toBe(false);
      expect(d.currentSnapshot()).toBeNull();
      // The handle outlives the snapshot: using it reports the snapshot as gone.
      await expect(a.revert()).rejects.toBeInstanceOf(LibvirtError);
    } finally {
      await removeDomain(d);
    }
  });
});
