// What a schedule with "keep 3" does to a running VM on a remote host: hot snapshots through the
// qemu+ssh:// URI, the oldest deleted after each, its layer merged while the guest writes disk
// markers. Every merge runs on the host through libvirt (block jobs while running, the helper
// domain while shut off): the client never sees a file. The chain and the pool stay bounded, each
// kept snapshot restores its own moment (markers read on the host), and deleting all with the VM
// off leaves the VM's original disk alone and nothing of the VM's in the pool.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Connection } from '../../native';
import { cleanupGuests, cleanupStaleGuests, createGuest, type Guest } from '../guest/kit';
import { runRetention } from '../guest/retention';
import { clientNamespace, filesHere, filesOnHost, remoteUri } from './remote-host';
import { chainOnHost, diskMarkOnHost, remoteServices, type RemoteServices } from './remote-kit';

const CYCLES = 8;
const KEEP = 3;
const MARK_EVERY = 2;

describe('retention with live merges on a remote (SSH) host', () => {
  let conn: Connection;
  let r: RemoteServices;
  let g: Guest;
  let poolDir: string;
  beforeAll(async () => {
    clientNamespace();
    conn = await Connection.open(remoteUri());
    await cleanupStaleGuests(conn);
    r = await remoteServices();
    poolDir = await r.poolDir();
    g = await createGuest(conn, { label: 'remote-ret', markEvery: MARK_EVERY });
  });
  afterAll(async () => {
    await cleanupGuests();
    await r?.dispose();
    conn?.close();
  });

  const vmFilesOnHost = (): string[] => filesOnHost(poolDir).filter((f) => f.includes(g.uuid));
  const usage = async (): Promise<{ files: number | undefined; pendingMerges: number | undefined }> => {
    const vm = (await r.services.vms.list(r.hostId)).find((v) => v.uuid === g.uuid)!;
    return { files: vm.snapvisorFiles, pendingMerges: vm.pendingMerges };
  };

  it(`${CYCLES} hot snapshots keeping ${KEEP}: bounded chain and pool, each kept one restores its markers, all deleted leave the original disk`, async () => {
    await g.start();
    await g.waitForTick(MARK_EVERY + 1);
    const { kept, maxChain, maxFiles, made } = await runRetention(g, {
      cycles: CYCLES, keep: KEEP, markEvery: MARK_EVERY,
      create: (name) => r.services.snapshots.create({ hostId: r.hostId, vmUuid: g.uuid, kind: 'hot', name }),
      remove: (id) => r.services.snapshots.delete(id),
      measure: async () => ({ chain: chainOnHost(g, 'vda').length, files: vmFilesOnHost().length }),
    });
    for (const f of made.flatMap((m) => m.disks.map((d) => d.overlay!))) expect(existsSync(f), `${f} is visible to the client`).toBe(false);
    expect(maxChain).toBeLessThanOrEqual(KEEP + 2);
    expect(maxFiles).toBeLessThanOrEqual(KEEP + 2);
    expect(chainOnHost(g, 'vda')).toHaveLength(KEEP + 1);
    // The product's own count agrees with the host's pool.
    expect(await usage()).toEqual({ files: vmFilesOnHost().length, pendingMerges: 0 });

    await g.destroy();
    for (const k of [kept[2]!, kept[0]!, kept[1]!]) {
      await r.services.snapshots.revert(k.id);
      const mark = diskMarkOnHost(chainOnHost(g, 'vda')[0]!);
      expect(mark, `${k.name}: marker ${mark} outside [${k.lo}, ${k.hi}]`).not.toBeNull();
      expect(mark!, `${k.name}: marker ${mark} outside [${k.lo}, ${k.hi}]`).toBeGreaterThanOrEqual(k.lo);
      expect(mark!, `${k.name}: marker ${mark} outside [${k.lo}, ${k.hi}]`).toBeLessThanOrEqual(k.hi);
    }
    const current = diskMarkOnHost(chainOnHost(g, 'vda')[0]!);

    for (const k of kept) await r.services.snapshots.delete(k.id);
    expect(chainOnHost(g, 'vda')).toEqual([g.disk('vda').file]);
    expect(diskMarkOnHost(g.disk('vda').file)).toBe(current);
    expect(vmFilesOnHost()).toEqual([]);
    expect(await usage()).toEqual({ files: 0, pendingMerges: 0 });
    expect((await r.services.snapshots.reconcile(r.hostId)).resolved).toBe(0);
    expect(filesHere(join(r.dir, 'data'))).toEqual([]);
  });
});
