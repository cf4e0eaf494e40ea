// Restore as a new VM onto a network of its own on qemu:///system: an isolated network (no
// forwarding, no addresses) defined for this test, a kit guest's cold snapshot restored as a new
// VM on it; the new VM's definition has one virtio interface on that network, and started, the
// interface is on the network's bridge and the disk holds the snapshot's data. Both are removed.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  VIR_DOMAIN_UNDEFINE, VIR_DOMAIN_XML, attrOf, child, childrenNamed, isolatedNetworkXml, parseDomainXml, parseTree,
  type Connection, type Network,
} from '../../../native';
import type { EngineServices } from '../../../electron/services';
import { GUEST_PREFIX, cleanupGuests, cleanupStaleGuests, createGuest, openSystem, type Guest } from '../../guest/kit';
import { HOST, systemServices } from './engine-kit';

describe('restore as a new VM on a network of its own', () => {
  let conn: Connection;
  let sv: Awaited<ReturnType<typeof systemServices>>;
  let s: EngineServices;
  let g: Guest;
  let net: Network;
  const netName = `${GUEST_PREFIX}net-${randomBytes(3).toString('hex')}`;
  const cloneName = () => `${g.name}-net`;

  beforeAll(async () => {
    conn = await openSystem();
    await cleanupStaleGuests(conn);
    sv = await systemServices();
    s = sv.services;
    g = await createGuest(conn, { label: 'net' });
    net = conn.defineNetwork(isolatedNetworkXml({ name: netName }));
    await net.start();
  });
  afterAll(async () => {
    try {
      const d = conn.lookupDomainByName(cloneName());
      if (d.isActive()) await d.destroy();
      d.undefine(VIR_DOMAIN_UNDEFINE.SNAPSHOTS_METADATA);
      d.close();
    } catch { /* never made, or removed by the test */ }
    if (net && !net.closed) {
      if (net.isActive()) await net.destroy();
      net.undefine();
      net.close();
    }
    await cleanupGuests();
    await sv?.dispose();
    conn?.close();
  });

  it('lists the host networks with their state, ours among them', async () => {
    expect(await s.vms.networks(HOST)).toContainEqual({ name: netName, active: true, persistent: true });
  });

  it('restores a cold snapshot as a new VM whose interface is on that network, with the snapshot’s data', async () => {
    g.writePattern('vda', 0x5a, { offset: 8 << 20 });
    const snap = await s.snapshots.create({ hostId: HOST, vmUuid: g.uuid, kind: 'cold', name: 'net source' });
    // Written where the VM writes now (an external snapshot froze the disk under an overlay).
    const top = g.domain.describe({ inactive: true }).disks.find((d) => d.target === 'vda')!.source!;
    g.writePattern('vda', 0x5b, { offset: 8 << 20, file: top });
    await expect(s.snapshots.restoreAsNew(snap.id, { name: cloneName(), network: `${netName}-missing` }))
      .rejects.toMatchObject({ code: 'network_not_found' });

    const vm = await s.snapshots.restoreAsNew(snap.id, { name: cloneName(), memoryMiB: 128, network: netName });
    using dom = conn.lookupDomainByUuid(vm.uuid);
    const defined = parseDomainXml(dom.xml(VIR_DOMAIN_XML.INACTIVE));
    expect(defined.interfaces).toEqual([{ type: 'network', source: netName, model: 'virtio', mac: expect.stringMatching(/^52:54:00:/) }]);
    const vda = defined.disks.find((d) => d.target === 'vda')!.source!;
    expect(vda).not.toBe(g.disk('vda').file);
    expect(g.hasPattern('vda', 0x5a, { offset: 8 << 20, file: vda })).toBe(true);

    await dom.start();
    try {
      const live = child(parseTree(dom.xml()), 'devices')!;
      const [nic] = childrenNamed(live, 'interface');
      expect(attrOf(child(nic!, 'source'), 'network')).toBe(netName);
      expect(attrOf(child(nic!, 'source'), 'bridge')).toBe(net.describe().bridge);
      expect(attrOf(child(nic!, 'target'), 'dev')).toMatch(/^vnet\d+$/);
    } finally {
      await dom.destroy();
    }
    expect(g.hasPattern('vda', 0x5b, { offset: 8 << 20, file: top })).toBe(true);
  });
});
