// An internal snapshot another libvirt client made on the remote host: Snapvisor finds and adopts
// it and restores it in place (libvirt does that on the host), while restoring it as a new VM,
// extracting a disk of it or restoring one disk of it say host_feature_unavailable: reading an
// internal snapshot out of a qcow2 file needs qemu-img where the file is, and libvirt offers no
// way to do it remotely. Nothing is made on the host by the refused operations. No boot needed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Connection, VIR_ERR } from '../../native';
import { formatError } from '../../shared/error-messages';
import { SnapvisorError } from '../../shared/errors';
import { cleanupGuests, cleanupStaleGuests, createGuest, type Guest } from '../guest/kit';
import { clientNamespace, filesOnHost, remoteUri } from './remote-host';
import { hasPatternOnHost, remoteServices, writePatternOnHost, type RemoteServices } from './remote-kit';

const MARK = { offset: 4 << 20 };

describe('another tool’s internal snapshot on a remote host', () => {
  let conn: Connection;
  let r: RemoteServices;
  let g: Guest;
  beforeAll(async () => {
    clientNamespace();
    conn = await Connection.open(remoteUri());
    await cleanupStaleGuests(conn);
    r = await remoteServices();
    g = await createGuest(conn, { label: 'remote-internal', dataDisks: 1 });
  });
  afterAll(async () => {
    await cleanupGuests();
    await r?.dispose();
    conn?.close();
  });

  const refused = async (p: Promise<unknown>, feature: string): Promise<SnapvisorError> => {
    const e = await p.then(() => null, (x: unknown) => x);
    expect(e).toBeInstanceOf(SnapvisorError);
    expect(e).toMatchObject({ code: 'host_feature_unavailable', params: { feature, reason: 'remote_host' } });
    return e as SnapvisorError;
  };

  it('is adopted and restored in place; restore as new, extract and volume restore say why they cannot be done here', async () => {
    for (const d of ['vda', 'vdb']) writePatternOnHost(g.disk(d).file, 0x11, MARK);
    // The other tool: a plain libvirt client on the host's daemon, as virsh or virt-manager would be.
    (await g.domain.createSnapshot('<domainsnapshot><name>by-another-tool</name></domainsnapshot>')).close();
    for (const d of ['vda', 'vdb']) writePatternOnHost(g.disk(d).file, 0x22, MARK);

    expect(r.services.hosts.list().find((h) => h.id === r.hostId)?.capabilities).toMatchObject({ internalSnapshotFiles: false });
    await r.services.snapshots.reconcile(r.hostId);
    const [found] = r.services.snapshots.list({ hostId: r.hostId, vmUuid: g.uuid, state: 'unmanaged' });
    expect(found).toMatchObject({ libvirtName: 'by-another-tool', location: 'internal', kind: 'cold' });
    const adopted = await r.services.snapshots.adopt(found!.id);
    expect(adopted).toMatchObject({ state: 'ready', origin: 'adopted' });
    const [dependent] = r.services.snapshots.get(adopted.id).dependents;
    expect(dependent?.disks.map((d) => d.target)).toEqual(['vdb']);

    const poolBefore = filesOnHost(await r.poolDir());
    const err = await refused(r.services.snapshots.restoreAsNew(adopted.id, { name: `${g.name}-copy`, network: null }), 'internal_snapshot_copy');
    expect(formatError(err.code, err.params, 'en')).toMatch(/qemu-img/);
    expect(formatError(err.code, err.params, 'ko')).toMatch(/내부 스냅샷/);
    expect(() => conn.lookupDomainByName(`${g.name}-copy`)).toThrowError(expect.objectContaining({ code: VIR_ERR.NO_DOMAIN }));
    await refused(r.services.snapshots.extractVolume(adopted.id, { disk: 'vdb' }), 'internal_snapshot_copy');
    await refused(r.services.snapshots.restoreVolume(dependent!.id), 'internal_snapshot_apply');
    await refused(r.services.snapshots.restoreVolume(dependent!.id, { asNewName: 'vdb-restored' }), 'internal_snapshot_copy');
    expect(filesOnHost(await r.poolDir())).toEqual(poolBefore);
    expect(filesOnHost(g.dir).filter((f) => f.includes('vdb-restored'))).toEqual([]);
    for (const d of ['vda', 'vdb']) expect(hasPatternOnHost(g.disk(d).file, 0x22, MARK), d).toBe(true);

    // In place is libvirt's own revert, done on the host.
    expect(await r.services.snapshots.revert(adopted.id)).toMatchObject({ vmState: 'shutoff' });
    for (const d of ['vda', 'vdb']) expect(hasPatternOnHost(g.disk(d).file, 0x11, MARK), d).toBe(true);
    expect(r.services.snapshots.get(adopted.id).snapshot).toMatchObject({ state: 'ready', current: true });
  });
});
