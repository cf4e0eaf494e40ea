// vms.networks and restore-as-new's network choice on the test driver. The test driver keeps
// snapshots as metadata only, so the VM here has a real qcow2 file and the test writes into it
// the internal snapshot a real driver would have written: restore-as-new then copies real data.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { el, parseDomainXml, renderXml, VIR_DOMAIN_XML } from '../../../native';
import { HOST, harness, type Harness } from './helpers';

describe('networks on the test driver', () => {
  let h: Harness;
  let dir: string;
  beforeEach(async () => {
    h = await harness();
    dir = mkdtempSync(join(tmpdir(), 'sv-net-'));
  });
  afterEach(async () => {
    await h.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A shut-off test-driver VM on a real 16 MiB qcow2 file, with one cold snapshot in it. */
  async function vmWithSnapshot(): Promise<{ vmUuid: string; snapshotId: string }> {
    const disk = join(dir, 'vda.qcow2');
    execFileSync('qemu-img', ['create', '-q', '-f', 'qcow2', disk, '16M']);
    const name = `unit-net-${Date.now().toString(36)}`;
    const dom = h.conn.defineDomain(renderXml(el('domain', { type: 'test' },
      el('name', {}, name), el('memory', { unit: 'MiB' }, 64), el('vcpu', {}, 1),
      el('os', {}, el('type', { arch: 'x86_64' }, 'hvm')),
      el('devices', {}, el('disk', { type: 'file', device: 'disk' },
        el('driver', { name: 'qemu', type: 'qcow2' }), el('source', { file: disk }), el('target', { dev: 'vda', bus: 'virtio' }))))));
    const vmUuid = dom.uuid();
    dom.close();
    const s = await h.services.snapshots.create({ hostId: HOST, vmUuid, kind: 'cold', name: 'net source' });
    execFileSync('qemu-img', ['snapshot', '-c', s.libvirtName!, disk]);
    return { vmUuid, snapshotId: s.id };
  }

  it('lists the host networks with their state', async () => {
    const nets = await h.services.vms.networks(HOST);
    expect(nets).toContainEqual({ name: 'default', active: true, persistent: true });
  });

  it('restores a snapshot as a new VM whose one interface is on the chosen network', async () => {
    const { snapshotId } = await vmWithSnapshot();
    const vm = await h.services.snapshots.restoreAsNew(snapshotId, { name: `clone-${Date.now().toString(36)}`, network: 'default' });
    using dom = h.conn.lookupDomainByUuid(vm.uuid);
    const d = parseDomainXml(dom.xml(VIR_DOMAIN_XML.INACTIVE));
    expect(d.interfaces).toEqual([expect.objectContaining({ type: 'network', source: 'default', model: 'virtio' })]);
    expect(d.disks).toHaveLength(1);
    dom.undefine();
  });

  it('refuses a network the host does not have before making anything', async () => {
    const { snapshotId } = await vmWithSnapshot();
    const name = `clone-${Date.now().toString(36)}`;
    await expect(h.services.snapshots.restoreAsNew(snapshotId, { name, network: 'no-such-net' }))
      .rejects.toMatchObject({ code: 'network_not_found', params: { network: 'no-such-net' } });
    expect((await h.services.vms.list(HOST)).map((v) => v.name)).not.toContain(name);
  });
});
