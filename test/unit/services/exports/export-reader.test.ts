// The export reader on real tar archives (tar-stream, as the writer makes them): a good export
// passes and hands each file's bytes over as they are; each way a file can be bad is refused with
// its own error naming the entry: a flipped byte in any file, a cut inside an entry or before a
// listed file, a manifest that lies about a size, an unlisted entry, a path that escapes (`..`,
// absolute, a link), an unknown format version, a tar without a manifest first, a file that is no
// tar at all. A consumer reading a bad file sees its stream fail before it ends. A consumer that
// gives each chunk back (its buffer is read into again) still gets every byte right, and an export
// repacked with GNU tar (pax and GNU headers) reads as the original.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkExport, readExport } from '../../../../electron/services/exports/export-reader';
import { SnapvisorError, type ErrorCode } from '../../../../shared/errors';
import { BASE, LAYER, MEMORY, bytes, exportOf, manifestOf, offsetOf, save, tarOf } from './archive-kit';

const FILES = [BASE, LAYER, MEMORY];

function refusedWith(code: ErrorCode, params: Record<string, unknown> = {}) {
  return (e: unknown): boolean => {
    if (!(e instanceof SnapvisorError)) throw e;
    if (e.code !== code) throw new Error(`expected ${code}, got ${e.code} ${JSON.stringify(e.params)}`);
    for (const [k, v] of Object.entries(params)) if (e.params[k] !== v) throw new Error(`${k}: ${String(e.params[k])}, expected ${String(v)}`);
    return true;
  };
}

describe('export reader', () => {
  let dir: string;
  let n = 0;
  const file = (b: Buffer): string => save(join(dir, `archive-${++n}.tar`), b);
  beforeAll(() => { dir = mkdtempSync(join(tmpdir(), 'export-reader-')); });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('passes a good export and hands over each file’s bytes as they are, in order', async () => {
    const good = file(await exportOf(manifestOf(), FILES));
    expect((await checkExport(good)).files.map((f) => f.path)).toEqual(FILES.map((f) => f.path));
    const got: [string, Buffer][] = [];
    let manifestFirst = false;
    const m = await readExport(good, {
      onManifest: (mf) => { manifestFirst = got.length === 0 && mf.snapshots.length === 2; },
      onFile: async (f, data) => {
        const parts: Buffer[] = [];
        for await (const c of data as AsyncIterable<Buffer>) parts.push(c);
        got.push([f.path, Buffer.concat(parts)]);
      },
    });
    expect(manifestFirst).toBe(true);
    expect(m.snapshots[1]!.memory).toBe(MEMORY.path);
    expect(got.map(([p]) => p)).toEqual(FILES.map((f) => f.path));
    for (const [i, f] of FILES.entries()) expect(got[i]![1].equals(f.data)).toBe(true);
  });

  it('reads into the chunks a consumer gives back, every byte still right', async () => {
    const big = { ...BASE, data: bytes(5 * 1024 * 1024 + 123, 11) };
    const files = [big, LAYER, MEMORY];
    const good = file(await exportOf(manifestOf(files), files));
    const got = new Map<string, Buffer>();
    const memories = new Set<ArrayBufferLike>();
    let chunks = 0;
    await readExport(good, {
      onFile: async (f, data, release) => {
        const parts: Buffer[] = [];
        for await (const c of data as AsyncIterable<Buffer>) {
          parts.push(Buffer.from(c));
          memories.add(c.buffer);
          chunks++;
          release(c);
        }
        got.set(f.path, Buffer.concat(parts));
      },
    });
    for (const f of files) expect(got.get(f.path)!.equals(f.data), f.path).toBe(true);
    expect(chunks).toBeGreaterThan(6);
    expect(memories.size).toBeLessThan(chunks);
    const archive = readFileSync(good);
    const at = offsetOf(archive, big.data) + 3 * 1024 * 1024;
    archive[at] = archive[at]! ^ 0x04;
    await expect(readExport(file(archive), { onFile: async (_f, data, release) => { for await (const c of data as AsyncIterable<Buffer>) release(c); } }))
      .rejects.toSatisfy(refusedWith('export_checksum_mismatch', { path: big.path }));
  });

  it.each(['pax', 'gnu'])('reads an export repacked by GNU tar (--format=%s) as the original', async (format) => {
    const original = file(await exportOf(manifestOf(), FILES));
    const tree = join(dir, `tree-${format}`);
    mkdirSync(tree);
    execFileSync('tar', ['-xf', original, '-C', tree]);
    const repacked = join(dir, `repacked-${format}.tar`);
    execFileSync('tar', [`--format=${format}`, '-cf', repacked, '-C', tree, 'manifest.json', ...FILES.map((f) => f.path)]);
    const got: string[] = [];
    const m = await readExport(repacked, {
      onFile: async (f, data) => {
        const parts: Buffer[] = [];
        for await (const c of data as AsyncIterable<Buffer>) parts.push(c);
        expect(Buffer.concat(parts).equals(FILES.find((k) => k.path === f.path)!.data)).toBe(true);
        got.push(f.path);
      },
    });
    expect(m).toEqual(manifestOf());
    expect(got).toEqual(FILES.map((f) => f.path));
  });

  it('checks the files a consumer leaves unread', async () => {
    const archive = await exportOf(manifestOf(), FILES);
    const at = offsetOf(archive, MEMORY.data) + 1000;
    archive[at] = archive[at]! ^ 0x01;
    await expect(readExport(file(archive), { onFile: async () => undefined })).rejects.toSatisfy(refusedWith('export_checksum_mismatch', { path: MEMORY.path }));
  });

  it.each(FILES.map((f) => [f.path, f] as const))('refuses a flipped byte in %s, failing the consumer’s stream before its end', async (_p, victim) => {
    const archive = await exportOf(manifestOf(), FILES);
    const at = offsetOf(archive, victim.data) + victim.data.length - 1;
    archive[at] = archive[at]! ^ 0x80;
    const bad = file(archive);
    await expect(checkExport(bad)).rejects.toSatisfy(refusedWith('export_checksum_mismatch', { path: victim.path }));
    const ends: string[] = [];
    const run = readExport(bad, {
      onFile: async (f, data) => {
        for await (const _c of data as AsyncIterable<Buffer>) { /* read it all */ }
        ends.push(f.path);
      },
    });
    await expect(run).rejects.toSatisfy(refusedWith('export_checksum_mismatch', { path: victim.path }));
    expect(ends).not.toContain(victim.path);
  });

  it('refuses an archive cut inside an entry, and one cut before a listed file', async () => {
    const archive = await exportOf(manifestOf(), FILES);
    const inLayer = offsetOf(archive, LAYER.data) + 5000;
    await expect(checkExport(file(archive.subarray(0, inLayer)))).rejects.toSatisfy(refusedWith('export_truncated', { path: LAYER.path }));
    const beforeMemory = await exportOf(manifestOf(), [BASE, LAYER]);
    await expect(checkExport(file(beforeMemory))).rejects.toSatisfy(refusedWith('export_file_missing', { path: MEMORY.path }));
    const inManifest = file(archive.subarray(0, 700));
    await expect(checkExport(inManifest)).rejects.toSatisfy(refusedWith('export_truncated', { path: 'manifest.json' }));
  });

  it('refuses a manifest that lies about a size', async () => {
    const m = manifestOf();
    m.files[1]!.size += 1;
    await expect(checkExport(file(await exportOf(m, FILES)))).rejects.toSatisfy(refusedWith('export_size_mismatch', { path: LAYER.path, expected: LAYER.data.length + 1, actual: LAYER.data.length }));
  });

  it('refuses entries the manifest does not list, and a file twice', async () => {
    const extra = await exportOf(manifestOf(), FILES, [{ name: 'images/extra.qcow2', data: bytes(10, 9) }]);
    await expect(checkExport(file(extra))).rejects.toSatisfy(refusedWith('export_entry_unlisted', { path: 'images/extra.qcow2' }));
    const twice = await exportOf(manifestOf(), FILES, [{ name: BASE.path, data: BASE.data }]);
    await expect(checkExport(file(twice))).rejects.toSatisfy(refusedWith('export_entry_unlisted', { path: BASE.path }));
    const dirEntry = await exportOf(manifestOf(), FILES, [{ name: 'images/', data: Buffer.alloc(0), type: 'directory' }]);
    await expect(checkExport(file(dirEntry))).rejects.toSatisfy(refusedWith('export_entry_unlisted'));
  });

  it('refuses paths that escape: in the archive (`..`, absolute, links) and in the manifest', async () => {
    for (const name of ['../evil', 'images/../../evil', '/etc/evil']) {
      const a = await exportOf(manifestOf(), FILES, [{ name, data: bytes(10, 5) }]);
      await expect(checkExport(file(a)), name).rejects.toSatisfy(refusedWith('export_path_escapes', { path: name }));
    }
    const link = await exportOf(manifestOf(), [BASE, LAYER], [{ name: MEMORY.path, data: Buffer.alloc(0), type: 'symlink', linkname: '/etc/shadow' }]);
    await expect(checkExport(file(link))).rejects.toSatisfy(refusedWith('export_path_escapes', { path: MEMORY.path }));
    const evil = { ...MEMORY, path: 'memory/../../evil' };
    const listed = await tarOf([
      { name: 'manifest.json', data: Buffer.from(JSON.stringify(manifestOf([BASE, LAYER, evil]))) },
      { name: evil.path, data: evil.data },
    ]);
    await expect(checkExport(file(listed))).rejects.toSatisfy(refusedWith('export_path_escapes', { path: evil.path }));
  });

  it('refuses an unknown format version, naming it, and a manifest that is no manifest', async () => {
    await expect(checkExport(file(await exportOf({ ...manifestOf(), formatVersion: 2 as 1 }, FILES)))).rejects.toSatisfy(refusedWith('export_version_unknown', { version: '2' }));
    const notJson = await tarOf([{ name: 'manifest.json', data: Buffer.from('{"formatVersion": 1,') }]);
    await expect(checkExport(file(notJson))).rejects.toSatisfy(refusedWith('export_manifest_invalid'));
    const m = manifestOf();
    m.files[1]!.backing = 'images/nowhere.raw';
    await expect(checkExport(file(await exportOf(m, FILES)))).rejects.toSatisfy(refusedWith('export_manifest_invalid'));
    const noSha = manifestOf();
    noSha.files[0]!.sha256 = 'abc';
    await expect(checkExport(file(await exportOf(noSha, FILES)))).rejects.toSatisfy(refusedWith('export_manifest_invalid'));
  });

  it('refuses a tar without manifest.json first, a file that is no tar, and an empty file', async () => {
    const plain = await tarOf([{ name: 'images/base.raw', data: BASE.data }, { name: 'manifest.json', data: Buffer.from(JSON.stringify(manifestOf())) }]);
    await expect(checkExport(file(plain))).rejects.toSatisfy(refusedWith('export_not_an_export'));
    await expect(checkExport(file(bytes(100_000, 4)))).rejects.toSatisfy(refusedWith('export_not_an_export'));
    await expect(checkExport(file(Buffer.from('just some text\n')))).rejects.toSatisfy(refusedWith('export_not_an_export'));
    await expect(checkExport(file(Buffer.alloc(0)))).rejects.toSatisfy(refusedWith('export_not_an_export'));
    await expect(checkExport(join(dir, 'absent.tar'))).rejects.toSatisfy(refusedWith('export_unreadable', { detail: 'ENOENT' }));
  });

  it('stops at a consumer’s failure with its error, handing over nothing after it', async () => {
    const handed: string[] = [];
    const run = readExport(file(await exportOf(manifestOf(), FILES)), {
      onFile: async (f, data) => {
        handed.push(f.path);
        if (f.path === LAYER.path) {
          data.once('data', () => undefined);
          throw new SnapvisorError('no_space', { path: '/pool' });
        }
      },
    });
    await expect(run).rejects.toSatisfy(refusedWith('no_space'));
    expect(handed).toEqual([BASE.path, LAYER.path]);
  });

  it('stops when cancelled', async () => {
    const ac = new AbortController();
    const run = readExport(file(await exportOf(manifestOf(), FILES)), { signal: ac.signal, onManifest: () => ac.abort() });
    await expect(run).rejects.toSatisfy(refusedWith('job_cancelled'));
  });
});
