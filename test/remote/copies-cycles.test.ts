// Copies over time: ten cycles of "a hot snapshot of the running guest, the source keeps its
// newest 3 (its own deletes and live merges), refresh the copy on the second host with keep 6"
// (the target's deletes and merges). After each cycle: the target holds the newest 6, the source
// the newest 3; the refresh sent one layer, at most 1.05 x its allocation; a reconcile on either
// host finds no file of ours that nothing needs; and the client's data directory holds no image.
import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection } from '../../native';
import type { Snapshot } from '../../shared/model';
import { createGuest, type Guest } from '../guest/kit';
import type { RemoteServices } from './remote-kit';
import type { SecondHost } from './second-host';
import { closeTwoHosts, openTwoHosts } from './two-hosts';

const CYCLES = 10;
const SOURCE_KEEP = 3;
const TARGET_KEEP = 6;

function imagesIn(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => /\.(qcow2|raw|img|save)$/.test(f));
}

describe('copies over ten cycles of snapshots, source and target retention', () => {
  let host: SecondHost;
  let conn: Connection;
  let r: RemoteServices;
  let g: Guest;

  beforeAll(async () => {
    ({ host, conn, r } = await openTwoHosts());
    g = await createGuest(conn, { label: 'copycycles', markEvery: 1 });
    await g.start();
    await g.waitForTick(2);
  });

  afterAll(async () => {
    await g?.destroy().catch(() => undefined);
    await closeTwoHosts({ host, conn, r }, g?.uuid);
  });

  const sourceRows = (): Snapshot[] => r.services.snapshots.list({ hostId: r.hostId, vmUuid: g.uuid });

  it(`${CYCLES} cycles: the target keeps its newest ${TARGET_KEEP}, the source its ${SOURCE_KEEP}; each refresh sends the new layer only; nothing leaks`, async () => {
    const made: string[] = [];
    const from = await r.services.files.host(r.hostId);
    for (let i = 1; i <= CYCLES; i++) {
      await g.waitForMoreTicks(g.console().ticks.length, 2);
      const s = await r.services.snapshots.create({ hostId: r.hostId, vmUuid: g.uuid, kind: 'hot', name: `cycle ${i}` });
      made.push(s.id);
      const layer = await from.withVolume(s.disks[0]!.file!, async (_v, image) => image.allocation);
      for (const old of sourceRows().sort((a, b) => a.createdAt.localeCompare(b.createdAt)).slice(0, -SOURCE_KEEP)) {
        await r.services.snapshots.delete(old.id);
      }

      const res = await r.services.copies.refresh({ hostId: r.hostId, vmUuid: g.uuid, to: host.uri, keep: TARGET_KEEP });
      const newest = made.slice(-TARGET_KEEP);
      expect([...res.kept].sort(), `cycle ${i}: the target holds the newest ${TARGET_KEEP}`).toEqual([...newest].sort());
      expect(sourceRows().map((x) => x.id).sort(), `cycle ${i}: the source holds its newest ${SOURCE_KEEP}`).toEqual(made.slice(-SOURCE_KEEP).sort());
      expect(res.sent.map((f) => f.snapshotId), `cycle ${i}: one file, for the new snapshot`).toEqual([s.id]);
      if (i > 1) expect(res.bytesSent, `cycle ${i}: bytes sent vs the layer's allocation ${layer}`).toBeLessThanOrEqual(layer * 1.05);
      if (i > TARGET_KEEP) expect(res.removed, `cycle ${i}: the target's retention removed the oldest`).toEqual([made[i - TARGET_KEEP - 1]]);

      const targetHostId = r.services.hosts.list().find((h) => h.uri === host.uri)!.id;
      const copyRows = r.services.snapshots.list({ hostId: targetHostId, vmUuid: res.copyVm.uuid });
      expect(copyRows.map((c) => c.name).sort()).toEqual(newest.map((id) => `cycle ${made.indexOf(id) + 1}`).sort());
      for (const hostId of [r.hostId, targetHostId]) {
        const report = await r.services.snapshots.reconcile(hostId);
        expect(report.removedFiles ?? 0, `cycle ${i}: files of ours nothing needs on ${hostId}`).toBe(0);
        expect(report.missing).toBe(0);
      }
      expect(imagesIn(r.dir), 'the client’s data directory holds no image').toEqual([]);
    }
    const check = await r.services.copies.verify({ hostId: r.hostId, vmUuid: g.uuid, to: host.uri });
    expect(check.differ, JSON.stringify(check.files.filter((f) => f.state !== 'ok'))).toBe(0);
  });
});
