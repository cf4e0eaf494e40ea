// A refresh's file traffic on a real guest: cold and hot snapshots Snapvisor made of a kit guest
// on one host (the loopback qemu+ssh:// host, this machine's libvirtd), read back as the planner's
// input, planned and relayed into Snapvisor's pool on the second host. Proven by data there: each
// copied snapshot's file, read through the chain the relay rewrote on the second host, holds the
// disk of its moment (a pattern written before it) and nothing later; every file's SHA-256 is the
// one the relay computed; a second round after one more snapshot sends only its new layer, on
// top of the copy already there, and about its allocation in bytes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { Connection } from '../../native';
import { readCopySource, sendFiles, type SentFile } from '../../electron/services/copies/copy-files';
import { planCopy, type TargetCopy } from '../../electron/services/copies/copy-plan';
import type { HostFiles } from '../../electron/services/files';
import type { Snapshot } from '../../shared/model';
import { cleanupGuests, cleanupStaleGuests, createGuest, type Guest } from '../guest/kit';
import { clientNamespace, remoteUri } from './remote-host';
import { remoteServices, writePatternOnHost, type RemoteServices } from './remote-kit';
import { secondHost, type SecondHost } from './second-host';

const MARK = { offset: 8 << 20 };

describe('a refresh’s files, from a real guest’s snapshots to the second host', () => {
  let host: SecondHost;
  let conn: Connection;
  let src: RemoteServices;
  let dst: RemoteServices;
  let from: HostFiles;
  let to: HostFiles;
  let g: Guest;
  const copyVm = randomUUID();
  const patterns = new Map<string, number>();
  const copies: TargetCopy[] = [];

  beforeAll(async () => {
    clientNamespace();
    host = await secondHost();
    conn = await Connection.open(remoteUri());
    await cleanupStaleGuests(conn);
    src = await remoteServices();
    dst = await remoteServices(host.uri);
    from = await src.services.files.host(src.hostId);
    to = await dst.services.files.host(dst.hostId);
    g = await createGuest(conn, { label: 'copyfiles' });
  });

  afterAll(async () => {
    await cleanupGuests();
    await src?.dispose();
    await dst?.dispose();
    conn?.close();
    await host?.release();
  });

  const top = (): string => g.domain.describe({ inactive: true }).disks.find((d) => d.target === 'vda')!.source!;
  const onTarget = (file: string): string => (file.includes('/') ? file : `${to.poolDir}/${file}`);
  /** True when the image on the second host, read through its chain there, holds `pattern` at MARK. */
  const holds = (file: string, pattern: number): boolean => {
    const out = host.run('sh', '-c', 'qemu-io -r -U -c "$1" "$2" 2>&1; true', 'sh', `read -P ${pattern} ${MARK.offset} 1M`, onTarget(file));
    if (/Pattern verification failed/.test(out)) return false;
    if (/read \d+\/\d+ bytes/.test(out)) return true;
    throw new Error(`qemu-io on the second host could not read ${file}: ${out}`);
  };
  const rows = (): Snapshot[] => src.services.snapshots.list({ hostId: src.hostId, vmUuid: g.uuid });
  const sha256There = (file: string): string => host.run('sha256sum', onTarget(file)).split(' ')[0]!;

  async function refresh(): Promise<{ sent: SentFile[]; plan: ReturnType<typeof planCopy> }> {
    const source = await readCopySource(from, rows());
    const plan = planCopy({ copyVmUuid: copyVm, ...source, copies, keep: null });
    const sent = await sendFiles(from, to, plan.send);
    for (const d of plan.define) {
      const row = rows().find((r) => r.id === d.snapshotId)!;
      copies.push({ snapshotId: d.snapshotId, createdAt: row.createdAt, protected: false, disks: d.disks.map((x) => ({ target: x.target, file: onTarget(x.file) })) });
    }
    return { sent, plan };
  }

  it('the first refresh sends the base and every frozen layer; each copy reads its own moment there', async () => {
    writePatternOnHost(top(), 0x11, MARK);
    const cold1 = await src.services.snapshots.create({ hostId: src.hostId, vmUuid: g.uuid, kind: 'cold', name: 'copy cold 1' });
    patterns.set(cold1.id, 0x11);
    writePatternOnHost(top(), 0x22, MARK);
    await g.start();
    await g.waitForTick(3);
    const hot = await src.services.snapshots.create({ hostId: src.hostId, vmUuid: g.uuid, kind: 'hot', name: 'copy hot' });
    patterns.set(hot.id, 0x22);
    await g.destroy();
    writePatternOnHost(top(), 0x33, MARK);
    const cold2 = await src.services.snapshots.create({ hostId: src.hostId, vmUuid: g.uuid, kind: 'cold', name: 'copy cold 2' });
    patterns.set(cold2.id, 0x33);

    const { sent, plan } = await refresh();
    expect(plan.skipped).toEqual([]);
    expect(plan.define.map((d) => d.snapshotId)).toEqual([cold1.id, hot.id, cold2.id]);
    expect(plan.define.map((d) => d.parentId)).toEqual([null, cold1.id, hot.id]);
    // The guest's original disk (the base), then one layer per later snapshot.
    expect(plan.send.map((f) => [f.source, f.backing])).toEqual([
      [g.disk('vda').file, null],
      [rows().find((r) => r.id === hot.id)!.disks[0]!.file, plan.send[0]!.name],
      [rows().find((r) => r.id === cold2.id)!.disks[0]!.file, plan.send[1]!.name],
    ]);
    for (const f of sent) expect(sha256There(f.path)).toBe(f.sha256);
    for (const c of copies) {
      const mine = patterns.get(c.snapshotId)!;
      expect(holds(c.disks[0]!.file, mine), `copy of ${c.snapshotId} holds 0x${mine.toString(16)}`).toBe(true);
      for (const other of [0x11, 0x22, 0x33, 0x44].filter((p) => p !== mine)) expect(holds(c.disks[0]!.file, other)).toBe(false);
    }
  });

  it('the next refresh sends only the layer frozen since, on top of the copy already there', async () => {
    writePatternOnHost(top(), 0x44, MARK);
    const cold3 = await src.services.snapshots.create({ hostId: src.hostId, vmUuid: g.uuid, kind: 'cold', name: 'copy cold 3' });
    const previous = copies.at(-1)!;
    const { sent, plan } = await refresh();
    expect(plan.send).toHaveLength(1);
    expect(plan.send[0]).toMatchObject({ source: rows().find((r) => r.id === cold3.id)!.disks[0]!.file, backing: previous.disks[0]!.file });
    // What crossed the link: the layer's data (plus its header), not the chain below it.
    expect(sent[0]!.bytesSent).toBeLessThanOrEqual(plan.send[0]!.bytes * 1.05 + 64 * 1024);
    expect(holds(copies.at(-1)!.disks[0]!.file, 0x44)).toBe(true);
    expect(holds(previous.disks[0]!.file, 0x33)).toBe(true);
    // Nothing new: nothing to send.
    expect((await refresh()).plan.send).toEqual([]);
  });
});
