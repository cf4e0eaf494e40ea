import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { VIR_DOMAIN_AFFECT, VIR_DOMAIN_UNDEFINE, VIR_DOMAIN_XML, el, renderXml } from '../../../native';
import { SNAPSHOT_NAMES_NS, keepSnapshotNames, parseSnapshotNames } from '../../../electron/services/vms/snapshot-names';
import { asNewDomain } from '../../../electron/services/vms/domain-xml-edit';
import { SnapshotsRepo } from '../../../electron/store/snapshots-repo';
import { openDatabase } from '../../../electron/store/db';
import { join } from 'node:path';
import { HOST, defineVm, harness, type Harness } from './helpers';
import { createTestServices } from '../../../electron/services';

describe('reconcile on the test driver', () => {
  let h: Harness;
  beforeEach(async () => { h = await harness(); });
  afterEach(async () => { await h.dispose(); });

  it('finds a snapshot made outside Snapvisor as unmanaged, adopts it with dependents', async () => {
    const vm = await defineVm(h.conn, { disks: 2, running: true });
    const dom = h.conn.lookupDomainByUuid(vm.uuid);
    (await dom.createSnapshot('<domainsnapshot><name>made-by-hand</name><description>by hand</description></domainsnapshot>')).close();
    dom.close();
    const report = await h.services.snapshots.reconcile(HOST);
    expect(report.adoptable).toBe(1);
    const [u] = h.services.snapshots.list({ vmUuid: vm.uuid, state: 'unmanaged' });
    expect(u).toMatchObject({ name: 'made-by-hand', description: 'by hand', kind: 'memory', location: 'internal', libvirtName: 'made-by-hand' });
    expect((await h.services.snapshots.reconcile(HOST)).adoptable).toBe(1);
    const adopted = await h.services.snapshots.adopt(u!.id);
    expect(adopted).toMatchObject({ state: 'ready', origin: 'adopted', current: true });
    expect(h.services.snapshots.get(u!.id).dependents.map((d) => d.name)).toEqual(['snapshot for made-by-hand']);
    const r = await h.services.snapshots.revert(u!.id);
    expect(r.vmState).toBe('running');
    await expect(h.services.snapshots.adopt(u!.id)).rejects.toMatchObject({ code: 'invalid_input' });
  });

  it('names a snapshot it finds by the name Snapvisor kept in the VM’s definition, as copies and imports keep them', async () => {
    const vm = await defineVm(h.conn, { disks: 1 });
    const dom = h.conn.lookupDomainByUuid(vm.uuid);
    for (const n of ['sv-kept', 'sv-unnamed', 'sv-bad']) (await dom.createSnapshot(`<domainsnapshot><name>${n}</name></domainsnapshot>`)).close();
    const named = 'before “upgrade” <&> 업그레이드 전';
    keepSnapshotNames(dom, new Map([['sv-kept', named], ['sv-bad', 'x'.repeat(201)], ['sv-elsewhere', 'not on this VM']]));
    expect(parseSnapshotNames(dom.metadataElement(SNAPSHOT_NAMES_NS, VIR_DOMAIN_AFFECT.CONFIG))).toEqual(new Map([['sv-kept', named], ['sv-elsewhere', 'not on this VM']]));
    // A new VM made from this one's definition does not take its snapshots' names along.
    expect(asNewDomain(dom.xml(VIR_DOMAIN_XML.INACTIVE), { name: 'n', uuid: crypto.randomUUID(), consoleFile: '/tmp/c.log', keepMacs: false })).not.toContain(SNAPSHOT_NAMES_NS);
    dom.close();
    await h.services.snapshots.reconcile(HOST);
    const found = new Map(h.services.snapshots.list({ vmUuid: vm.uuid, state: 'unmanaged' }).map((s) => [s.libvirtName, s.name]));
    expect(found).toEqual(new Map([['sv-kept', named], ['sv-unnamed', 'sv-unnamed'], ['sv-bad', 'sv-bad']]));
  });

  it('keeps each name in the VM’s definition as snapshots are taken, renamed and deleted; a Snapvisor with a new database finds them by it', async () => {
    const vm = await defineVm(h.conn, { disks: 1 });
    const a = await h.services.snapshots.create({ hostId: HOST, vmUuid: vm.uuid, kind: 'cold', name: 'before upgrade' });
    const b = await h.services.snapshots.create({ hostId: HOST, vmUuid: vm.uuid, kind: 'cold', name: 'b' });
    await h.services.snapshots.edit(b.id, { name: 'after upgrade' });
    const c = await h.services.snapshots.create({ hostId: HOST, vmUuid: vm.uuid, kind: 'cold', name: 'short-lived' });
    await h.services.snapshots.delete(c.id);
    const expected = new Map([[a.libvirtName!, 'before upgrade'], [b.libvirtName!, 'after upgrade']]);
    const dom = h.conn.lookupDomainByUuid(vm.uuid);
    expect(parseSnapshotNames(dom.metadataElement(SNAPSHOT_NAMES_NS, VIR_DOMAIN_AFFECT.CONFIG))).toEqual(expected);
    dom.close();
    // The first Snapvisor's database is gone; a new one on the same host:
    const fresh = await createTestServices();
    try {
      await fresh.services.snapshots.reconcile(HOST);
      expect(new Map(fresh.services.snapshots.list({ vmUuid: vm.uuid, state: 'unmanaged' }).map((s) => [s.libvirtName, s.name]))).toEqual(expected);
    } finally {
      await fresh.dispose();
    }
  });

  it('keeps the names record through a restore, which defines the snapshot’s older definition', async () => {
    const vm = await defineVm(h.conn, { disks: 1 });
    const a = await h.services.snapshots.create({ hostId: HOST, vmUuid: vm.uuid, kind: 'cold', name: 'a' });
    const dom = h.conn.lookupDomainByUuid(vm.uuid);
    const names = new Map([[a.libvirtName!, 'a'], ['sv-later', 'taken after a']]);
    keepSnapshotNames(dom, names);
    await h.services.snapshots.revert(a.id);
    expect(parseSnapshotNames(dom.metadataElement(SNAPSHOT_NAMES_NS, VIR_DOMAIN_AFFECT.CONFIG))).toEqual(names);
    dom.close();
  });

  it('marks snapshots deleted behind its back, and VMs undefined behind its back, as missing; forget removes them', async () => {
    const vm = await defineVm(h.conn);
    const vm2 = await defineVm(h.conn);
    const a = await h.services.snapshots.create({ hostId: HOST, vmUuid: vm.uuid, kind: 'cold', name: 'a' });
    const b = await h.services.snapshots.create({ hostId: HOST, vmUuid: vm2.uuid, kind: 'cold', name: 'b' });
    const dom = h.conn.lookupDomainByUuid(vm.uuid);
    const snap = dom.lookupSnapshot(a.libvirtName!);
    await snap.delete(0);
    snap.close();
    dom.close();
    const dom2 = h.conn.lookupDomainByUuid(vm2.uuid);
    dom2.undefine(VIR_DOMAIN_UNDEFINE.SNAPSHOTS_METADATA);
    dom2.close();
    const report = await h.services.snapshots.reconcile(HOST);
    expect(report.missing).toBe(2);
    expect(h.services.snapshots.get(a.id).snapshot.state).toBe('missing');
    expect(h.services.snapshots.get(b.id).snapshot.state).toBe('missing');
    await expect(h.services.snapshots.revert(a.id)).rejects.toMatchObject({ code: 'snapshot_not_ready' });
    h.services.snapshots.forget(a.id);
    expect(() => h.services.snapshots.get(a.id)).toThrowError(expect.objectContaining({ code: 'snapshot_not_found' }));
    const ready = await h.services.snapshots.create({ hostId: HOST, vmUuid: vm.uuid, kind: 'cold', name: 'c' });
    expect(() => h.services.snapshots.forget(ready.id)).toThrowError(expect.objectContaining({ code: 'invalid_input' }));
  });

  it('resolves rows a crash left in creating, deleting and restoring against libvirt', async () => {
    const vm = await defineVm(h.conn, { disks: 2 });
    const made = await h.services.snapshots.create({ hostId: HOST, vmUuid: vm.uuid, kind: 'cold', name: 'made' });
    const deleting = await h.services.snapshots.create({ hostId: HOST, vmUuid: vm.uuid, kind: 'cold', name: 'deleting' });
    const restoring = await h.services.snapshots.create({ hostId: HOST, vmUuid: vm.uuid, kind: 'cold', name: 'restoring' });
    const gone = await h.services.snapshots.create({ hostId: HOST, vmUuid: vm.uuid, kind: 'cold', name: 'gone' });
    const neverMade = await h.services.snapshots.create({ hostId: HOST, vmUuid: vm.uuid, kind: 'cold', name: 'never' });
    // A create that failed here (its link died) while the host went on and made the snapshot.
    const madeThere = await h.services.snapshots.create({ hostId: HOST, vmUuid: vm.uuid, kind: 'cold', name: 'made there' });
    // What a crash leaves: libvirt finished some steps, the store did not hear about them.
    const dom = h.conn.lookupDomainByUuid(vm.uuid);
    for (const s of [gone, neverMade]) {
      const x = dom.lookupSnapshot(s.libvirtName!);
      await x.delete(0);
      x.close();
    }
    dom.close();
    const db = openDatabase(join(h.dir, 'snapvisor.db'));
    const side = new SnapshotsRepo(db);
    side.update(made.id, { state: 'creating' });
    side.update(deleting.id, { state: 'deleting' });
    side.update(restoring.id, { state: 'restoring' });
    side.update(gone.id, { state: 'deleting' });
    side.update(neverMade.id, { state: 'creating' });
    side.update(madeThere.id, { state: 'error', error: 'host_connection_lost' });
    for (const dep of side.dependents(madeThere.id)) side.update(dep.id, { state: 'error' });
    db.close();
    const report = await h.services.snapshots.reconcile(HOST);
    expect(report.resolved).toBe(6);
    const states = Object.fromEntries(h.services.snapshots.list({ vmUuid: vm.uuid, includeDependents: true }).map((s) => [s.id, s.state]));
    expect(states[made.id]).toBe('ready');
    expect(states[deleting.id]).toBe('ready');
    expect(states[restoring.id]).toBe('ready');
    expect(states[gone.id]).toBeUndefined();
    expect(states[neverMade.id]).toBe('error');
    expect(states[madeThere.id]).toBe('ready');
    expect(h.services.snapshots.get(madeThere.id).dependents.map((d) => d.state)).toEqual(['ready']);
    // Once resolved, a reconcile changes nothing; the one that never was stays failed.
    expect(await h.services.snapshots.reconcile(HOST)).toMatchObject({ resolved: 0, missing: 0 });
    expect(Object.values(states).filter((s) => ['creating', 'deleting', 'restoring'].includes(s))).toEqual([]);
    for (const dep of h.services.snapshots.get(made.id).dependents) expect(dep.state).toBe('ready');
    await h.services.snapshots.revert(made.id);
  });

  it('destroys this install\'s leftover merge helper domains, and no other domain', async () => {
    const helperXml = (name: string): string => renderXml(el('domain', { type: 'test' },
      el('name', {}, name), el('memory', { unit: 'MiB' }, 16), el('vcpu', {}, 1), el('os', {}, el('type', { arch: 'x86_64' }, 'hvm'))));
    const ours = `snapvisor-merge-${h.services.files.installId}-0123456789ab`;
    const others = 'snapvisor-merge-0000aaaa0000-0123456789ab';
    for (const name of [ours, others]) (await h.conn.createDomainXml(helperXml(name))).close();
    const persistent = h.conn.defineDomain(helperXml(`snapvisor-merge-${h.services.files.installId}-persistent`));
    try {
      await h.services.snapshots.reconcile(HOST);
      const names = (): string[] => h.conn.listAllDomains().map((d) => { try { return d.name(); } finally { d.close(); } });
      expect(names()).not.toContain(ours);
      expect(names()).toContain(others);
      expect(names()).toContain(`snapvisor-merge-${h.services.files.installId}-persistent`);
    } finally {
      const d = h.conn.lookupDomainByName(others);
      await d.destroy();
      d.close();
      persistent.undefine();
      persistent.close();
    }
  });
});
