// External disk-only snapshots of a running guest (the "hot" kind): overlays and metadata.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Connection, VIR_DOMAIN_SNAPSHOT_CREATE as CREATE, VIR_DOMAIN_SNAPSHOT_LIST as LIST, VIR_ERR, el, renderXml, versionAtLeast,
} from '../../../native';
import { cleanupGuests, cleanupStaleGuests, createGuest, detectFormat, openSystem, type Guest } from '../../guest/kit';

function diskOnlyXml(guest: Guest, name: string, targets: string[]): string {
  return renderXml(el('domainsnapshot', {},
    el('name', {}, name),
    el('disks', {}, ...targets.map((t) => el('disk', { name: t, snapshot: 'external' },
      el('driver', { type: 'qcow2' }),
      el('source', { file: join(guest.dir, `${t}.${name}.qcow2`) }))))));
}

describe('external disk-only snapshots on qemu:///system', () => {
  let conn: Connection;
  let guest: Guest;
  beforeAll(async () => {
    conn = await openSystem();
    await cleanupStaleGuests(conn);
    guest = await createGuest(conn, { label: 'ext', dataDisks: 1 });
    await guest.start();
    await guest.waitForTick(2);
  });
  afterAll(async () => {
    await cleanupGuests();
    conn?.close();
  });

  it('creates an atomic disk-only snapshot: overlays on every disk, the VM keeps running', async () => {
    const ticks = guest.console().ticks.length;
    using snap = await guest.domain.createSnapshot(diskOnlyXml(guest, 'hot1', ['vda', 'vdb']), CREATE.DISK_ONLY | CREATE.ATOMIC);
    expect(guest.state()).toBe('running');
    await guest.waitForMoreTicks(ticks, 5);
    const d = snap.describe();
    expect(d).toMatchObject({ name: 'hot1', state: 'disk-snapshot', memory: { snapshot: 'no' } });
    expect(d.disks.map((x) => [x.name, x.snapshot, x.file])).toEqual([
      ['vda', 'external', join(guest.dir, 'vda.hot1.qcow2')],
      ['vdb', 'external', join(guest.dir, 'vdb.hot1.qcow2')],
    ]);
    const live = guest.domain.describe();
    expect(live.disks[0]?.source).toBe(join(guest.dir, 'vda.hot1.qcow2'));
    expect(live.disks[0]?.backingChain[0]?.file).toBe(guest.disk('vda').file);
    expect(detectFormat(join(guest.dir, 'vdb.hot1.qcow2'))).toBe('qcow2');
    expect(guest.domain.snapshotCount(LIST.EXTERNAL)).toBe(1);
    expect(guest.domain.snapshotCount(LIST.DISK_ONLY)).toBe(1);
  });

  it('refuses QUIESCE without a guest agent and leaves nothing behind', async () => {
    await expect(guest.domain.createSnapshot(diskOnlyXml(guest, 'quiet', ['vda']), CREATE.DISK_ONLY | CREATE.ATOMIC | CREATE.QUIESCE))
      .rejects.toMatchObject({ name: 'LibvirtError' });
    expect(guest.domain.snapshotCount()).toBe(1);
  });

  it('creates overlays without metadata (NO_METADATA)', async () => {
    (await guest.domain.createSnapshot(diskOnlyXml(guest, 'nometa', ['vdb']), CREATE.DISK_ONLY | CREATE.NO_METADATA)).close();
    expect(existsSync(join(guest.dir, 'vdb.nometa.qcow2'))).toBe(true);
    expect(guest.domain.snapshotCount()).toBe(1);
  });

  it('reverts external snapshots only where libvirt can (9.9+)', async () => {
    using snap = guest.domain.lookupSnapshot('hot1');
    if (versionAtLeast(conn.libVersion(), 9, 9)) {
      await snap.revert();
    } else {
      await expect(snap.revert()).rejects.toMatchObject({ code: VIR_ERR.CONFIG_UNSUPPORTED, operation: 'virDomainRevertToSnapshot hot1' });
    }
  });

  it('deletes the external snapshot of a shut-off domain', async () => {
    await guest.destroy();
    (await guest.domain.createSnapshot(diskOnlyXml(guest, 'cold1', ['vda']), CREATE.DISK_ONLY)).close();
    using cold = guest.domain.lookupSnapshot('cold1');
    expect(cold.parentName()).toBe('hot1');
    await cold.delete();
    expect(guest.domain.listSnapshotTree().map((n) => n.name)).toEqual(['hot1']);
  });
});
