// vms.networks and restore-as-new's network check on the test driver (whose storage pool holds no
// real files: the whole restore onto a network is test/integration/engine/networks.test.ts).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HOST, defineVm, harness, type Harness } from './helpers';

describe('networks on the test driver', () => {
  let h: Harness;
  beforeEach(async () => { h = await harness(); });
  afterEach(async () => { await h.dispose(); });

  it('lists the host networks with their state', async () => {
    expect(await h.services.vms.networks(HOST)).toContainEqual({ name: 'default', active: true, persistent: true });
  });

  it('refuses a network the host does not have before making anything', async () => {
    const { uuid } = await defineVm(h.conn);
    const snap = await h.services.snapshots.create({ hostId: HOST, vmUuid: uuid, kind: 'cold', name: 'net source' });
    const name = `clone-${Date.now().toString(36)}`;
    await expect(h.services.snapshots.restoreAsNew(snap.id, { name, network: 'no-such-net' }))
      .rejects.toMatchObject({ code: 'network_not_found', params: { network: 'no-such-net' } });
    expect((await h.services.vms.list(HOST)).map((v) => v.name)).not.toContain(name);
  });
});
