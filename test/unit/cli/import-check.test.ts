// `snapvisor import FILE --check`, run as a real process on real tar archives: a sound export
// is reported (its VM, snapshots and files; --json with every file's size and SHA-256) and exits
// 0; a damaged one exits 1 with the problem named in the user's language; nothing is written
// (no database is opened). Without --check, a damaged file is refused the same way before
// anything reaches the host (the test driver, whose storage could not take the files anyway).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseJson, runCliProcess } from './run-cli';
import { BASE, LAYER, MEMORY, exportOf, manifestOf, offsetOf, save } from '../services/exports/archive-kit';

describe('snapvisor import FILE --check', () => {
  let dir: string;
  let good: string;
  let flipped: string;
  const db = (): string => join(dir, 'snapvisor.db');
  const cli = (...args: string[]) => runCliProcess(['--db', db(), ...args]);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sv-import-check-'));
    const archive = await exportOf(manifestOf(), [BASE, LAYER, MEMORY]);
    good = save(join(dir, 'good.tar'), archive);
    const at = offsetOf(archive, LAYER.data) + 10;
    archive[at] = archive[at]! ^ 0x04;
    flipped = save(join(dir, 'flipped.tar'), archive);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reports a sound export and exits 0, writing nothing', () => {
    const r = cli('import', good, '--check');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('The export file is sound: VM “vm-1”, 2 snapshot(s), 3 file(s)');
    const json = parseJson<{ vm: { name: string }; files: { path: string; size: number; sha256: string }[]; bytes: number }>(cli('--json', 'import', good, '--check'));
    expect(json.vm.name).toBe('vm-1');
    expect(json.files.map((f) => [f.path, f.size])).toEqual([BASE, LAYER, MEMORY].map((f) => [f.path, f.data.length]));
    expect(json.bytes).toBe(BASE.data.length + LAYER.data.length + MEMORY.data.length);
    expect(existsSync(db())).toBe(false);
  });

  it('refuses a damaged export with the problem named, in English and Korean', () => {
    const en = cli('import', flipped, '--check');
    expect(en.code).toBe(1);
    expect(en.stderr).toContain(`does not match its SHA-256 checksum: ${LAYER.path}`);
    const ko = cli('--lang', 'ko', 'import', flipped, '--check');
    expect(ko.stderr).toContain(`SHA-256 체크섬과 맞지 않습니다: ${LAYER.path}`);
    const json = parseJson<{ error: { code: string; params: { path: string } } }>(cli('--json', 'import', flipped, '--check'));
    expect(json.error).toMatchObject({ code: 'export_checksum_mismatch', params: { path: LAYER.path } });
    const notTar = cli('import', db(), '--check');
    expect(notTar.code).toBe(1);
    expect(notTar.stderr).toContain('cannot be read');
  });

  it('without --check imports onto the connected host: a file that is no export is refused by name there', () => {
    const r = cli('--connect', 'test:///default', '--json', 'import', join(dir, 'good.tar.missing'));
    expect(r.code).toBe(1);
    expect(parseJson<{ error: { code: string } }>(r).error.code).toBe('export_unreadable');
    const names = parseJson<{ name: string }[]>(cli('--connect', 'test:///default', '--json', 'vms')).map((v) => v.name);
    expect(names).toEqual(['test']);
  });
});
