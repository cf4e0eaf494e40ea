// Snapshots of a real kit guest through the qemu+ssh:// URI, from the client namespace: what is
// restored is judged by data (disk markers read on the host, the guest's RAM counter), and the
// client's data directory never holds an image or a memory file (they belong on the host).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { Connection } from '../../native';
import { cleanupGuests, cleanupStaleGuests, createGuest, judgeMemoryRevert, type Guest } from '../guest/kit';
import { clientNamespace, filesHere, remoteUri } from './remote-host';
import { hasPatternOnHost, remoteServices, writePatternOnHost, type RemoteServices } from './remote-kit';

const MARK = { offset: 8 << 20 };

describe('snapshots through a remote (SSH) host', () => {
  let conn: Connection;
  let r: RemoteServices;
  let g: Guest;
  beforeAll(async () => {
    clientNamespace();
    conn = await Connection.open(remoteUri());
    await cleanupStaleGuests(conn);
    r = await remoteServices();
    g = await createGuest(conn, { label: 'remote' });
  });
  afterAll(async () => {
    await cleanupGuests();
    await r?.dispose();
    conn?.close();
  });

  it('a cold snapshot restores the disk as it was', async () => {
    const vda = g.disk('vda').file;
    writePatternOnHost(vda, 0x11, MARK);
    const cold = await r.services.snapshots.create({ hostId: r.hostId, vmUuid: g.uuid, kind: 'cold', name: 'remote cold' });
    expect(cold).toMatchObject({ state: 'ready', kind: 'cold' });
    const top = (): string => g.domain.describe({ inactive: true }).disks.find((d) => d.target === 'vda')!.source!;
    writePatternOnHost(top(), 0x22, MARK);
    expect(await r.services.snapshots.revert(cold.id)).toMatchObject({ vmState: 'shutoff' });
    expect(hasPatternOnHost(top(), 0x11, MARK)).toBe(true);
  });

  it('a memory snapshot restores the running guest’s RAM', async () => {
    await g.start();
    await g.waitForTick(5);
    const low = g.console().lastTick!;
    const mem = await r.services.snapshots.create({ hostId: r.hostId, vmUuid: g.uuid, kind: 'memory', name: 'remote memory' });
    const high = g.console().lastTick!;
    expect(mem).toMatchObject({ state: 'ready', kind: 'memory', vmState: 'running' });
    await g.waitForTick(high + 15);
    const before = g.console();
    expect(await r.services.snapshots.revert(mem.id)).toMatchObject({ vmState: 'running' });
    await g.waitForMoreTicks(before.ticks.length, 12);
    const verdict = judgeMemoryRevert(before, g.console(), { low, high }, { minTicks: 10 });
    expect(verdict.reverted, verdict.reason).toBe(true);
    await g.destroy();
  });

  it('the client’s data directory holds no image and no memory file', () => {
    expect(filesHere(join(r.dir, 'data'))).toEqual([]);
  });
});
