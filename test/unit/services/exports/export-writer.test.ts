// The export writer where it fails, on libvirt's test driver (no volume streams): it says so in
// Snapvisor's words and leaves no file, neither under the output's name nor a partial one; an
// output that exists is never overwritten; a cancel before the start touches nothing; a plan whose
// parts disagree is refused before anything is written. The writer's real run (a qcow2 chain
// exported from the real daemon, extracted with tar and read with qemu-img) is
// test/integration/exports/export-file.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Connection, volumeXml, type StoragePool, type StorageVolume } from '../../../../native';
import { writeExport, type ExportPlan, type ExportVolumes } from '../../../../electron/services/exports/export-writer';
import { SnapvisorError } from '../../../../shared/errors';
import { manifestOf } from './archive-kit';

function plan(source: string): ExportPlan {
  const { formatVersion: _v, files: _f, ...manifest } = manifestOf([]);
  return { manifest, files: [{ path: 'images/base.raw', kind: 'image', format: 'raw', backing: null, sourcePath: source }] };
}

const code = (c: string) => (e: unknown): boolean => e instanceof SnapvisorError && e.code === c;

describe('export writer on a driver without volume streams', () => {
  let conn: Connection;
  let pool: StoragePool;
  let vol: StorageVolume;
  let dir: string;
  let volumes: ExportVolumes;

  beforeAll(async () => {
    conn = await Connection.open('test:///default');
    pool = conn.lookupStoragePoolByName('default-pool');
    vol = await pool.createVolumeXml(volumeXml({ name: 'export-source.img', capacityBytes: 1 << 20, format: 'raw' }));
    dir = mkdtempSync(join(tmpdir(), 'export-writer-'));
    volumes = {
      connection: conn,
      async withVolume(path, f) {
        using v = conn.lookupStorageVolumeByPath(path);
        return await f(v);
      },
    };
  });
  afterAll(async () => {
    await vol?.delete();
    vol?.close();
    pool?.close();
    conn?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses with volume_streams_unavailable and leaves no file at all', async () => {
    const out = join(dir, 'vm.snapvisor.tar');
    await expect(writeExport(out, plan(vol.path()), volumes)).rejects.toSatisfy(code('volume_streams_unavailable'));
    expect(readdirSync(dir)).toEqual([]);
  });

  it('never overwrites an existing file', async () => {
    const out = join(dir, 'taken.tar');
    writeFileSync(out, 'keep me');
    await expect(writeExport(out, plan(vol.path()), volumes)).rejects.toSatisfy(code('target_exists'));
    expect(readFileSync(out, 'utf8')).toBe('keep me');
    expect(readdirSync(dir)).toEqual(['taken.tar']);
    rmSync(out);
  });

  it('touches nothing when cancelled before it starts, and refuses a plan whose parts disagree', async () => {
    const ac = new AbortController();
    ac.abort();
    await expect(writeExport(join(dir, 'x.tar'), plan(vol.path()), volumes, { signal: ac.signal })).rejects.toSatisfy(code('job_cancelled'));
    const bad = plan(vol.path());
    bad.files[0]!.backing = 'images/elsewhere.raw';
    await expect(writeExport(join(dir, 'x.tar'), bad, volumes)).rejects.toSatisfy(code('export_manifest_invalid'));
    const escaping = plan(vol.path());
    escaping.files[0]!.path = 'images/../../x';
    await expect(writeExport(join(dir, 'x.tar'), escaping, volumes)).rejects.toSatisfy(code('export_path_escapes'));
    expect(readdirSync(dir)).toEqual([]);
  });
});
