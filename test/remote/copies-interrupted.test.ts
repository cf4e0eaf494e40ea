// A refresh cut short: Snapvisor SIGKILLed in the middle of the first refresh's upload (a second
// process on the same database), and the link to the second host cut in the middle of a later
// one. Each time: no half copy is listed (no row, no libvirt snapshot of the copy VM), the next
// refresh completes, and afterwards no partial file remains in the target's pool — every file of
// the copy there is one the copies store calls complete (or the copy VM's own disk), verify reads
// them all back as sent, and a reconcile of the target finds nothing to sweep.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Connection } from '../../native';
import type { Snapshot } from '../../shared/model';
import { createGuest, type Guest } from '../guest/kit';
import { dropSshClients } from './remote-host';
import { writePatternOnHost, type RemoteServices } from './remote-kit';
import type { SecondHost } from './second-host';
import { closeTwoHosts, openTwoHosts } from './two-hosts';
import type { CopyWorkerArgs } from './copy-worker';

const here = fileURLToPath(new URL('.', import.meta.url));
/** Enough data that an upload lasts a while over the loopback link: 384 MiB of one pattern. */
const BIG = { offset: 16 << 20, length: 384 << 20 };

function runWorker(args: CopyWorkerArgs): Promise<{ signal: NodeJS.Signals | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(here, 'copy-worker.ts'), JSON.stringify(args)], {
      cwd: join(here, '../..'), env: { ...process.env, UV_THREADPOOL_SIZE: '16' }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    child.on('error', reject);
    child.on('exit', (_code, signal) => resolve({ signal, stdout, stderr }));
  });
}

describe('a refresh cut short leaves no half copy, and the next one completes', () => {
  let host: SecondHost;
  let conn: Connection;
  let r: RemoteServices;
  let g: Guest;
  let targetHostId: string;

  beforeAll(async () => {
    ({ host, conn, r } = await openTwoHosts());
    g = await createGuest(conn, { label: 'copycut', diskMiB: 512 });
  });

  afterAll(() => closeTwoHosts({ host, conn, r }, g?.uuid));

  const top = (): string => g.domain.describe({ inactive: true }).disks.find((d) => d.target === 'vda')!.source!;
  const copy = () => r.services.copies.list({ hostId: r.hostId, vmUuid: g.uuid })[0]!;
  const copyRows = (): Snapshot[] => r.services.snapshots.list({ hostId: targetHostId, vmUuid: copy().copyVm.uuid });
  const libvirtSnapshotsThere = async (): Promise<string[]> => {
    const c2 = await Connection.open(host.uri);
    try {
      using dom = c2.lookupDomainByUuid(copy().copyVm.uuid);
      return dom.listSnapshotTree().map((n) => n.name);
    } catch {
      return [];
    } finally {
      c2.close();
    }
  };
  const filesThere = async (): Promise<string[]> => {
    const pool = (await r.services.files.host(targetHostId)).poolDir;
    return host.run('sh', '-c', 'ls "$1" 2>/dev/null; true', 'sh', pool).split('\n').filter((n) => n.startsWith(copy().copyVm.uuid)).map((n) => `${pool}/${n}`);
  };
  /** After a completed refresh: every file of the copy there is complete and as sent, and nothing is left to sweep. */
  async function nothingPartial(copies: number): Promise<void> {
    expect(copyRows()).toHaveLength(copies);
    expect((await libvirtSnapshotsThere()).sort()).toEqual(copyRows().map((s) => s.libvirtName).sort());
    const check = await r.services.copies.verify({ hostId: r.hostId, vmUuid: g.uuid, to: host.uri });
    expect(check.differ).toBe(0);
    const recorded = new Set(check.files.map((f) => f.file));
    const c2 = await Connection.open(host.uri);
    let own: string[];
    try {
      using dom = c2.lookupDomainByUuid(copy().copyVm.uuid);
      own = dom.describe({ inactive: true }).disks.flatMap((d) => (d.source ? [d.source] : []));
    } finally {
      c2.close();
    }
    const stray = (await filesThere()).filter((f) => !recorded.has(f) && !own.includes(f) && !f.endsWith('.log'));
    expect(stray, 'files of the copy on the target that no record calls complete').toEqual([]);
    const report = await r.services.snapshots.reconcile(targetHostId);
    expect(report.removedFiles ?? 0).toBe(0);
  }

  it('SIGKILLed mid-upload of the first refresh: nothing listed; the next refresh completes with no partial file left', async () => {
    writePatternOnHost(top(), 0x5a, BIG);
    const first = await r.services.snapshots.create({ hostId: r.hostId, vmUuid: g.uuid, kind: 'cold', name: 'cut 1' });
    const exit = await runWorker({
      dbPath: join(r.dir, 'snapvisor.db'), dataDir: join(r.dir, 'data'), uri: r.uri, hostId: r.hostId, vmUuid: g.uuid, to: host.uri, killAfterBytes: 32 << 20,
    });
    expect(exit.signal, `${exit.stdout}${exit.stderr}`).toBe('SIGKILL');
    targetHostId = r.services.hosts.list().find((h) => h.uri === host.uri)!.id;
    expect(copyRows()).toEqual([]);
    expect(await libvirtSnapshotsThere()).toEqual([]);
    expect((await filesThere()).length, 'the killed upload left its partial file').toBeGreaterThan(0);

    // The killed process read the guest's own disk through a transient pool over its directory.
    const tmp = `${(await r.services.files.host(r.hostId)).pool.name()}-tmp-`;
    const transientPools = (): string[] => conn.listAllStoragePools().map((p) => { using x = p; return x.name(); }).filter((n) => n.startsWith(tmp));
    expect(transientPools(), 'the killed process left its transient pool').toHaveLength(1);
    const res = await r.services.copies.refresh({ hostId: r.hostId, vmUuid: g.uuid, to: host.uri });
    expect(res.kept).toEqual([first.id]);
    await nothingPartial(1);
    expect(transientPools(), 'the next refresh stopped it (the process that made it is gone)').toEqual([]);
  });

  it('the link cut mid-upload of a later refresh: it fails, nothing half made is listed; the next one completes', async () => {
    writePatternOnHost(top(), 0x6b, BIG);
    const second = await r.services.snapshots.create({ hostId: r.hostId, vmUuid: g.uuid, kind: 'cold', name: 'cut 2' });
    let cut = 0;
    const off = r.services.on('job.changed', (j) => {
      if (cut === 0 && j.operation === 'copy-refresh' && (j.processedBytes ?? 0) >= 32 << 20) cut = dropSshClients(host.port);
    });
    const failed = await r.services.copies.refresh({ hostId: r.hostId, vmUuid: g.uuid, to: host.uri }).then(() => null, (e: unknown) => e);
    off();
    expect(cut, 'the link was cut mid-upload').toBeGreaterThan(0);
    expect(failed).toMatchObject({ code: expect.stringMatching(/^(host_connection_lost|libvirt_error|transfer_mismatch)$/) });
    expect(copy().lastError).not.toBeNull();
    expect(copyRows().map((s) => s.name)).toEqual(['cut 1']);
    expect(await libvirtSnapshotsThere()).toHaveLength(1);

    const res = await r.services.copies.refresh({ hostId: r.hostId, vmUuid: g.uuid, to: host.uri });
    expect(res.sent.map((f) => f.snapshotId)).toEqual([second.id]);
    expect(copy().lastError).toBeNull();
    await nothingPartial(2);
  });

  it('cancelled mid-upload: job_cancelled, and the target is as it was before the refresh', async () => {
    writePatternOnHost(top(), 0x7c, BIG);
    await r.services.snapshots.create({ hostId: r.hostId, vmUuid: g.uuid, kind: 'cold', name: 'cut 3' });
    const before = (await filesThere()).sort();
    const rowsBefore = copyRows().map((s) => s.id).sort();
    let asked = false;
    const off = r.services.on('job.changed', (j) => {
      if (!asked && j.operation === 'copy-refresh' && j.state === 'running' && (j.processedBytes ?? 0) >= 32 << 20) {
        asked = true;
        void r.services.jobs.cancel(j.id);
      }
    });
    const cancelled = await r.services.copies.refresh({ hostId: r.hostId, vmUuid: g.uuid, to: host.uri }).then(() => null, (e: unknown) => e);
    off();
    expect(asked).toBe(true);
    expect(cancelled).toMatchObject({ code: 'job_cancelled' });
    expect((await filesThere()).sort()).toEqual(before);
    expect(copyRows().map((s) => s.id).sort()).toEqual(rowsBefore);
    await nothingPartial(2);
  });
});
