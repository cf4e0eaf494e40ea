// Export and import on real guests (issue 17): a kit guest with cold, hot and memory snapshots on
// the first host (this machine's libvirtd through its loopback sshd) is exported to a file on the
// client, imported on the second libvirt host, and every imported snapshot restores there with
// its own data (qemu-io patterns, read on that host) or RAM counter, also as a new VM; imported
// again on the first host with --name beside the original; and the imported VM exported from the
// second host and imported on the first. Bad files are refused by name with nothing left on the
// host: no volume, no domain, no row.
import { openSync, readSync, closeSync, copyFileSync, statSync, truncateSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Connection } from '../../native';
import type { ImportVmResult } from '../../electron/services/api';
import type { Snapshot } from '../../shared/model';
import { Guest, createGuest, judgeMemoryRevert } from '../guest/kit';
import { BASE, exportOf, manifestOf } from '../unit/services/exports/archive-kit';
import { clientDir, remoteUri } from './remote-host';
import { hasPatternOnHost, writePatternOnHost, type RemoteServices } from './remote-kit';
import type { SecondHost } from './second-host';
import { closeTwoHosts, consoleOnSecondHost, holdsOnSecondHost, openTwoHosts, vdaOf } from './two-hosts';

const MARK = { offset: 8 << 20 };

describe('export a real guest’s snapshot tree to a file, import it on another host and beside the original', () => {
  let host: SecondHost;
  let conn: Connection;
  let r: RemoteServices;
  let g: Guest;
  let dir: string;
  let file: string;
  let h2: string;
  let there: ImportVmResult;
  const taken = { low: 0, high: 0 };
  const made: { hostId: string; uuid: string }[] = [];

  beforeAll(async () => {
    ({ host, conn, r } = await openTwoHosts());
    h2 = (await r.services.hosts.add(host.uri)).id;
    g = await createGuest(conn, { label: 'export' });
    dir = clientDir('export-import');
  });

  afterAll(async () => {
    for (const m of made.reverse()) await r?.services.vms.remove(m.hostId, m.uuid).catch(() => undefined);
    await closeTwoHosts({ host, conn, r });
  });

  const top = (): string => g.domain.describe({ inactive: true }).disks.find((d) => d.target === 'vda')!.source!;
  const rowsOf = (hostId: string, uuid: string): Snapshot[] => r.services.snapshots.list({ hostId, vmUuid: uuid });
  const named = (rows: Snapshot[], name: string): Snapshot => rows.find((s) => s.name === name)!;
  const holdsThere = (f: string, pattern: number): boolean => holdsOnSecondHost(host, f, pattern, MARK.offset);
  const diskOf = vdaOf;

  it('exports the VM with cold, hot and memory snapshots to one file on the client', async () => {
    writePatternOnHost(top(), 0x11, MARK);
    await r.services.snapshots.create({ hostId: r.hostId, vmUuid: g.uuid, kind: 'cold', name: 'export cold 1' });
    writePatternOnHost(top(), 0x22, MARK);
    await g.start();
    taken.low = await g.waitForTick(3);
    await r.services.snapshots.create({ hostId: r.hostId, vmUuid: g.uuid, kind: 'memory', name: 'export memory' });
    taken.high = g.console().lastTick ?? taken.low;
    await r.services.snapshots.create({ hostId: r.hostId, vmUuid: g.uuid, kind: 'hot', name: 'export hot' });
    await g.destroy();
    writePatternOnHost(top(), 0x33, MARK);
    const cold2 = await r.services.snapshots.create({ hostId: r.hostId, vmUuid: g.uuid, kind: 'cold', name: 'export cold 2' });
    r.services.snapshots.addNote(cold2.id, 'the release state');
    file = join(dir, 'vm.tar');
    const { manifest } = await r.services.exports.exportVm({ hostId: r.hostId, vmUuid: g.uuid, output: file });
    expect(manifest.snapshots.map((s) => s.name)).toEqual(['export cold 1', 'export memory', 'export hot', 'export cold 2']);
    expect(manifest.snapshots.find((s) => s.name === 'export memory')!.memory).not.toBeNull();
  });

  it('imports on the second host: a shut-off VM whose every snapshot restores with its own disk, RAM, and as a new VM', async () => {
    there = await r.services.exports.importVm({ hostId: h2, file });
    made.push({ hostId: h2, uuid: there.vm.uuid });
    expect(there.vm).toEqual({ name: g.name, uuid: g.uuid }); // both free on the second host
    const rows = rowsOf(h2, there.vm.uuid);
    expect(rows.map((s) => s.name).sort()).toEqual(['export cold 1', 'export cold 2', 'export hot', 'export memory']);
    expect(r.services.snapshots.get(named(rows, 'export cold 2').id).notes.map((n) => n.text)).toEqual(['the release state']);

    await r.services.snapshots.revert(named(rows, 'export cold 1').id);
    expect(holdsThere(await diskOf(host.uri, there.vm.uuid), 0x11)).toBe(true);
    await r.services.snapshots.revert(named(rows, 'export cold 2').id);
    expect(holdsThere(await diskOf(host.uri, there.vm.uuid), 0x33)).toBe(true);

    const c2 = await Connection.open(host.uri);
    try {
      const pool = (await r.services.files.host(h2)).poolDir;
      const consoleLog = consoleOnSecondHost(host, pool, there.vm.uuid);
      const imported = new Guest(c2, there.vm.name, '', consoleLog, [], c2.lookupDomainByUuid(there.vm.uuid));
      const before = imported.console();
      expect((await r.services.snapshots.revert(named(rows, 'export memory').id)).vmState).toBe('running');
      await imported.waitForMoreTicks(before.ticks.length, 8);
      const verdict = judgeMemoryRevert(before, imported.console(), taken, { minTicks: 6 });
      expect(verdict.reverted, verdict.reason).toBe(true);
      await imported.destroy();
      imported.domain.close();
    } finally {
      c2.close();
    }
    const asNew = await r.services.snapshots.restoreAsNew(named(rows, 'export cold 1').id, { name: `${there.vm.name}-new`, network: null });
    expect(holdsThere(await diskOf(host.uri, asNew.uuid), 0x11)).toBe(true);
    await r.services.vms.remove(h2, asNew.uuid);
  });

  it('imports with --name on the first host, beside the original: a new UUID, the snapshots restore', async () => {
    const beside = await r.services.exports.importVm({ hostId: r.hostId, file, name: `${g.name}-imported` });
    made.push({ hostId: r.hostId, uuid: beside.vm.uuid });
    expect(beside.vm.name).toBe(`${g.name}-imported`);
    expect(beside.vm.uuid).not.toBe(g.uuid);
    const rows = rowsOf(r.hostId, beside.vm.uuid);
    await r.services.snapshots.revert(named(rows, 'export cold 1').id);
    expect(hasPatternOnHost(await diskOf(remoteUri(), beside.vm.uuid), 0x11, MARK)).toBe(true);
    // The original is untouched.
    expect(rowsOf(r.hostId, g.uuid)).toHaveLength(4);
  });

  it('the VM imported on the second host, exported from there and imported on the first: a free name, a new UUID', async () => {
    const back = join(dir, 'back.tar');
    await r.services.exports.exportVm({ hostId: h2, vmUuid: there.vm.uuid, output: back });
    const home = await r.services.exports.importVm({ hostId: r.hostId, file: back });
    made.push({ hostId: r.hostId, uuid: home.vm.uuid });
    expect(home.vm.name).not.toBe(g.name);
    expect(home.vm.uuid).not.toBe(g.uuid);
    const rows = rowsOf(r.hostId, home.vm.uuid);
    await r.services.snapshots.revert(named(rows, 'export cold 2').id);
    expect(hasPatternOnHost(await diskOf(remoteUri(), home.vm.uuid), 0x33, MARK)).toBe(true);
    expect(hasPatternOnHost(await diskOf(remoteUri(), home.vm.uuid), 0x11, MARK)).toBe(false);
  });

  describe('bad files lose nothing', () => {
    /**
     * What an import could leave on the second host: the volumes of this database's pool there
     * (no other test's), the domains an import of these files would make (named for the request,
     * the kit manifest's VM, or this guest), and this database's rows there.
     */
    async function state(): Promise<{ volumes: string[]; domains: string[]; rows: number }> {
      const pool = (await r.services.files.host(h2)).poolDir;
      const volumes = host.run('sh', '-c', 'ls "$1" 2>/dev/null; true', 'sh', pool).split('\n').filter(Boolean).sort();
      const c2 = await Connection.open(host.uri);
      try {
        const ours = (name: string): boolean => name === 'must-not-appear' || name.startsWith('vm-1') || name.startsWith(g.name);
        const domains = c2.listAllDomains().flatMap((d) => { using x = d; return ours(x.name()) ? [x.uuid()] : []; }).sort();
        return { volumes, domains, rows: r.services.snapshots.list({ hostId: h2, includeDependents: true }).length };
      } finally {
        c2.close();
      }
    }
    /** A copy of the good export with `change` applied. */
    function variant(name: string, change: (path: string) => void): string {
      const out = join(dir, name);
      copyFileSync(file, out);
      change(out);
      return out;
    }
    function patch(path: string, at: number, bytes: Buffer): void {
      const fd = openSync(path, 'r+');
      try { writeSync(fd, bytes, 0, bytes.length, at); } finally { closeSync(fd); }
    }
    /** `length` bytes of the file at `at` (the export holds whole disk images: never read all of it). */
    function bytesAt(path: string, at: number, length: number): Buffer {
      const b = Buffer.alloc(length);
      const fd = openSync(path, 'r');
      try { return b.subarray(0, readSync(fd, b, 0, length, at)); } finally { closeSync(fd); }
    }
    /** The manifest's bytes (the first entry's data, at 512) edited in place, the same length. */
    function editManifest(path: string, from: RegExp, to: (m: string) => string): void {
      const head = bytesAt(path, 512, 64 * 1024).toString('latin1');
      const m = from.exec(head);
      if (!m) throw new Error(`${from} not in the manifest`);
      const next = to(m[0]);
      expect(next.length).toBe(m[0].length);
      patch(path, 512 + m.index, Buffer.from(next, 'latin1'));
    }

    it.each([
      ['truncated', 'export_truncated', (p: string) => truncateSync(p, Math.floor(statSync(p).size * 0.6))],
      ['a flipped byte in an image', 'export_checksum_mismatch', (p: string) => { const at = Math.floor(statSync(p).size * 0.3); patch(p, at, Buffer.from([bytesAt(p, at, 1)[0]! ^ 0xff])); }],
      ['a manifest that lies about a size', 'export_size_mismatch', (p: string) => editManifest(p, /"size": \d+/, (s) => s.replace(/\d$/, (d) => String((Number(d) + 1) % 10)))],
      ['an unknown format version', 'export_version_unknown', (p: string) => editManifest(p, /"formatVersion": 1/, () => '"formatVersion": 9')],
      ['a file that is not an export', 'export_not_an_export', (p: string) => writeFileSync(p, 'just some text, not a tar archive\n'.repeat(100))],
    ])('%s: refused (%s), nothing left on the host', async (what, code, change) => {
      const before = await state();
      const bad = variant(`${code}.tar`, change);
      await expect(r.services.exports.importVm({ hostId: h2, file: bad, name: 'must-not-appear' }), what).rejects.toMatchObject({ code });
      expect(await state()).toEqual(before);
    });

    it('a path that tries to escape, and a name that collides: refused, nothing left', async () => {
      const before = await state();
      const escape = join(dir, 'escape.tar');
      writeFileSync(escape, await exportOf(manifestOf([BASE]), [BASE], [{ name: '../evil', data: Buffer.from('x') }]));
      await expect(r.services.exports.importVm({ hostId: h2, file: escape })).rejects.toMatchObject({ code: 'export_path_escapes' });
      await expect(r.services.exports.importVm({ hostId: h2, file, name: there.vm.name })).rejects.toMatchObject({ code: 'target_exists' });
      expect(await state()).toEqual(before);
    });
  });
});
