// An export file written from real volumes in Snapvisor's pool on qemu:///system (a raw base with
// a hole, two qcow2 layers with data of their own, a memory file), read by the tools an
// administrator has: `tar -tvf` lists manifest.json first, `tar -xf` gives files whose chain
// `qemu-img info --backing-chain` follows and through which `qemu-io` reads each layer's data,
// and whose `sha256sum` is the manifest's. checkExport passes it; each way of damaging it is
// refused, naming the file; a cancelled export, or one that fills the disk, leaves no file behind.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Connection } from '../../../native';
import { HostFiles } from '../../../electron/services/files';
import { destroyPool, ensurePool } from '../../../electron/services/files/pool';
import { writeExport, type ExportPlan } from '../../../electron/services/exports/export-writer';
import { checkExport } from '../../../electron/services/exports/export-reader';
import type { ExportManifest } from '../../../electron/services/exports/format';
import { SnapvisorError, type ErrorCode } from '../../../shared/errors';
import { STATE_DIR, openSystem, qemuImg } from '../../guest/kit';

const VM = '5a0c7d1e-3b2f-4e8a-9c6d-2f1e0b9a8c71';
const MiB = 1024 * 1024;
const version = (JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version;

function qemuIo(file: string, cmd: string): boolean {
  try {
    execFileSync('qemu-io', ['-r', '-c', cmd, file], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
}

/** Where each entry's data starts in a tar of short names (ustar headers only), by name. */
function dataOffsets(tar: Buffer): Map<string, { offset: number; size: number }> {
  const out = new Map<string, { offset: number; size: number }>();
  for (let at = 0; at + 512 <= tar.length && tar[at] !== 0;) {
    const name = tar.toString('utf8', at, at + 100).replace(/\0.*$/s, '');
    const size = parseInt(tar.toString('ascii', at + 124, at + 136).replace(/\0.*$/s, '').trim(), 8);
    out.set(name, { offset: at + 512, size });
    at += 512 + Math.ceil(size / 512) * 512;
  }
  return out;
}

const refusedWith = (code: ErrorCode, path?: string) => (e: unknown): boolean => {
  if (!(e instanceof SnapvisorError)) throw e;
  if (e.code !== code || (path !== undefined && e.params.path !== path)) throw new Error(`expected ${code} ${path ?? ''}, got ${e.code} ${JSON.stringify(e.params)}`);
  return true;
};

describe('an export file of real volumes, read with tar and qemu-img', () => {
  let conn: Connection;
  let files: HostFiles;
  let work: string;
  let out: string;
  let manifest: ExportManifest;
  let plan: ExportPlan;
  const installId = randomBytes(6).toString('hex');

  beforeAll(async () => {
    conn = await openSystem();
    const { pool, dir } = await ensurePool(conn, installId);
    files = new HostFiles(conn, pool, dir, null);
    work = mkdtempSync(join(STATE_DIR, 'export-file-'));
    // base (raw, 16 MiB, 1 MiB of 0x11 then a hole) <- l1 (0x22 at 4 MiB) <- l2 (0x33 at 8 MiB); a memory file.
    const base = await files.blank({ vmUuid: VM, role: 'snap', id: 'base', target: 'vda' }, 'raw', 16 * MiB);
    execFileSync('qemu-io', ['-f', 'raw', '-c', 'write -P 0x11 0 1M', base], { stdio: 'pipe' });
    const l1 = await files.overlay({ vmUuid: VM, role: 'snap', id: 'l1', target: 'vda', backing: { path: base, format: 'raw' } });
    execFileSync('qemu-io', ['-f', 'qcow2', '-c', 'write -P 0x22 4M 1M', l1], { stdio: 'pipe' });
    const l2 = await files.overlay({ vmUuid: VM, role: 'snap', id: 'l2', target: 'vda', backing: { path: l1, format: 'qcow2' } });
    execFileSync('qemu-io', ['-f', 'qcow2', '-c', 'write -P 0x33 8M 1M', l2], { stdio: 'pipe' });
    const mem = await files.memoryFile(VM, 'm2');
    writeFileSync(mem, Buffer.concat([randomBytes(300_000), Buffer.alloc(2 * MiB), randomBytes(1000)]));
    const snapshot = (id: string, parentId: string | null, file: string, memory: string | null): ExportManifest['snapshots'][number] => ({
      id, parentId, name: `s-${id}`, description: '설명', kind: memory ? 'memory' : 'cold', createdAt: '2026-12-04T10:00:00.000Z', notes: [],
      location: 'external', xml: `<domainsnapshot><name>${id}</name></domainsnapshot>`, disks: [{ target: 'vda', file }], memory,
    });
    plan = {
      manifest: {
        snapvisorVersion: version, createdAt: new Date().toISOString(), source: { uri: 'qemu:///system', hostname: 'localhost' },
        vm: { name: 'export-test', uuid: VM, xml: '<domain type="qemu"><name>export-test</name></domain>' },
        snapshots: [snapshot('s1', null, 'images/base.raw', null), snapshot('s2', 's1', 'images/l2.qcow2', 'memory/s2.save')],
      },
      files: [
        { path: 'images/base.raw', kind: 'image', format: 'raw', backing: null, sourcePath: base },
        { path: 'images/l1.qcow2', kind: 'image', format: 'qcow2', backing: 'images/base.raw', sourcePath: l1 },
        { path: 'images/l2.qcow2', kind: 'image', format: 'qcow2', backing: 'images/l1.qcow2', sourcePath: l2 },
        { path: 'memory/s2.save', kind: 'memory', format: 'raw', backing: null, sourcePath: mem },
      ],
    };
    out = join(work, 'export-test.tar');
    const seen: number[] = [];
    manifest = await writeExport(out, plan, files, { onProgress: (p) => seen.push(p.done) });
    expect(seen.at(-1)).toBe(manifest.files.reduce((n, f) => n + f.size, 0));
  });
  afterAll(async () => {
    if (conn) await destroyPool(conn, installId);
    if (work) rmSync(work, { recursive: true, force: true });
    conn?.close();
  });

  it('is a tar that lists manifest.json first, then the files, as the manifest says', () => {
    expect(readdirSync(work)).toEqual(['export-test.tar']);
    const listing = execFileSync('tar', ['-tvf', out], { encoding: 'utf8' }).trim().split('\n');
    expect(listing.map((l) => l.split(/\s+/).at(-1))).toEqual(['manifest.json', 'images/base.raw', 'images/l1.qcow2', 'images/l2.qcow2', 'memory/s2.save']);
    const sizes = listing.slice(1).map((l) => Number(l.split(/\s+/)[2]));
    expect(sizes).toEqual(manifest.files.map((f) => f.size));
    expect(manifest.files[0]!.size).toBe(16 * MiB);
    const inArchive = JSON.parse(execFileSync('tar', ['-xOf', out, 'manifest.json'], { encoding: 'utf8' })) as ExportManifest;
    expect(inArchive).toEqual(manifest);
    expect(inArchive).toMatchObject({ formatVersion: 1, snapvisorVersion: version, vm: { uuid: VM } });
    expect(inArchive.files.every((f) => /^[0-9a-f]{64}$/.test(f.sha256) && f.sha256 !== '0'.repeat(64))).toBe(true);
  });

  it('extracts with tar into files qemu-img reads as a chain, each layer’s data where it was written', () => {
    const x = join(work, 'x');
    mkdirSync(x);
    execFileSync('tar', ['-xf', out, '-C', x]);
    const top = join(x, 'images', 'l2.qcow2');
    const chain = JSON.parse(qemuImg('info', '--backing-chain', '--output=json', top)) as { filename: string; 'backing-filename'?: string; format: string }[];
    expect(chain.map((c) => [c.filename, c['backing-filename'] ?? null, c.format])).toEqual([
      [top, 'l1.qcow2', 'qcow2'], [join(x, 'images', 'l1.qcow2'), 'base.raw', 'qcow2'], [join(x, 'images', 'base.raw'), null, 'raw'],
    ]);
    expect(qemuIo(top, 'read -P 0x11 0 1M')).toBe(true);
    expect(qemuIo(top, 'read -P 0x22 4M 1M')).toBe(true);
    expect(qemuIo(top, 'read -P 0x33 8M 1M')).toBe(true);
    expect(qemuIo(top, 'read -P 0 12M 1M')).toBe(true);
    expect(qemuIo(top, 'read -P 0x44 8M 1M')).toBe(false);
    expect(qemuIo(join(x, 'images', 'l1.qcow2'), 'read -P 0 8M 1M')).toBe(true);
    qemuImg('check', top);
    const sums = execFileSync('sha256sum', manifest.files.map((f) => f.path), { cwd: x, encoding: 'utf8' });
    expect(sums.trim().split('\n').map((l) => l.split(/\s+/)[0])).toEqual(manifest.files.map((f) => f.sha256));
    expect(readFileSync(join(x, 'memory', 's2.save')).equals(readFileSync(plan.files[3]!.sourcePath))).toBe(true);
    rmSync(x, { recursive: true });
  });

  it('passes checkExport, and each damage is refused naming the file', async () => {
    expect((await checkExport(out)).files).toEqual(manifest.files);
    const tar = readFileSync(out);
    const at = dataOffsets(tar);
    const damaged = (name: string, f: (b: Buffer) => Buffer): string => {
      const p = join(work, name);
      writeFileSync(p, f(Buffer.from(tar)));
      return p;
    };
    for (const f of manifest.files) {
      const { offset, size } = at.get(f.path)!;
      const bad = damaged(`flip-${f.path.replace('/', '-')}.tar`, (b) => { b[offset + Math.floor(size / 2)]! ^= 0x01; return b; });
      await expect(checkExport(bad), f.path).rejects.toSatisfy(refusedWith('export_checksum_mismatch', f.path));
    }
    const l1 = at.get('images/l1.qcow2')!;
    const cut = join(work, 'cut.tar');
    copyFileSync(out, cut);
    truncateSync(cut, l1.offset + 1000);
    await expect(checkExport(cut)).rejects.toSatisfy(refusedWith('export_truncated', 'images/l1.qcow2'));
    // The manifest says one byte more for l1 (a digit changed in place: the manifest keeps its length).
    const m = at.get('manifest.json')!;
    const lie = damaged('lie.tar', (b) => {
      const text = b.toString('utf8', m.offset, m.offset + m.size);
      const said = `"path": "images/l1.qcow2",\n      "size": ${l1.size},`;
      const changed = text.replace(said, `"path": "images/l1.qcow2",\n      "size": ${l1.size + 1},`);
      expect(changed.length).toBe(text.length);
      expect(changed).not.toBe(text);
      b.write(changed, m.offset, 'utf8');
      return b;
    });
    await expect(checkExport(lie)).rejects.toSatisfy(refusedWith('export_size_mismatch', 'images/l1.qcow2'));
  });

  it('leaves no file when the disk fills up midway', async () => {
    const small = join(work, 'small');
    mkdirSync(small);
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=4m,mode=0700', 'tmpfs', small]);
    try {
      await expect(writeExport(join(small, 'full.tar'), plan, files)).rejects.toSatisfy(refusedWith('no_space'));
      expect(readdirSync(small)).toEqual([]);
    } finally {
      execFileSync('umount', [small]);
      rmSync(small, { recursive: true });
    }
  });

  it('leaves no file when cancelled midway, nor under a name that exists', async () => {
    const ac = new AbortController();
    const cancelled = join(work, 'cancelled.tar');
    const before = readdirSync(work).sort();
    await expect(writeExport(cancelled, plan, files, { signal: ac.signal, onProgress: (p) => { if (p.done > 2 * MiB) ac.abort(); } }))
      .rejects.toSatisfy(refusedWith('job_cancelled'));
    expect(readdirSync(work).sort()).toEqual(before);
    await expect(writeExport(out, plan, files)).rejects.toSatisfy(refusedWith('target_exists'));
    expect((await checkExport(out)).files).toEqual(manifest.files);
  });
});
