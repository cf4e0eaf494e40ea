// The copies' transfer layer between two real libvirt daemons: volumes relayed from this machine's
// qemu:///system to the second host (over its SSH link) through libvirt's storage streams. Proven
// by data: the SHA-256 the relay computed equals `sha256sum` of the file on both hosts; a sparse
// image stays sparse on the target (its allocation, not its length); a few hundred MiB pass with
// the client's RSS bounded; a cancel in the middle leaves no volume on the target.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Connection, ownAll, type StoragePool } from '../../native';
import { backingRewrite } from '../../electron/services/copies/qcow2-backing';
import { relayVolume, type RelayProgress } from '../../electron/services/copies/relay';
import { destroyPool, ensurePool } from '../../electron/services/files/pool';
import { SnapvisorError } from '../../shared/errors';
import { STATE_DIR, openSystem, qemuImg } from '../guest/kit';
import { clientNamespace } from './remote-host';
import { secondHost, type SecondHost } from './second-host';

const MiB = 1024 * 1024;

describe('relaying a volume between two libvirt hosts', () => {
  let host: SecondHost;
  let local: Connection;
  let far: Connection;
  let srcPool: StoragePool;
  let dstPool: StoragePool;
  const installId = `svtestrelay${randomBytes(4).toString('hex')}`;
  const srcDir = join(STATE_DIR, 'guests', `svtest-relay-${randomBytes(4).toString('hex')}`);

  function sh(script: string): void {
    execFileSync('bash', ['-c', script], { stdio: 'pipe' });
  }

  async function sourceVolume(name: string) {
    await srcPool.refresh();
    return srcPool.lookupVolume(name);
  }

  async function targetNames(): Promise<string[]> {
    await dstPool.refresh();
    using vols = ownAll(dstPool.listAllVolumes());
    return vols.map((v) => v.name());
  }

  const sha256Here = (file: string): string => execFileSync('sha256sum', [file], { encoding: 'utf8' }).split(' ')[0]!;
  const sha256There = (file: string): string => host.run('sha256sum', file).split(' ')[0]!;

  beforeAll(async () => {
    clientNamespace();
    host = await secondHost();
    local = await openSystem();
    far = await Connection.open(host.uri);
    mkdirSync(srcDir, { recursive: true, mode: 0o700 });
    srcPool = await local.createDirStoragePool(`svtest-relay-${randomBytes(4).toString('hex')}`, srcDir);
    dstPool = (await ensurePool(far, installId)).pool;
    // 300 MiB of incompressible data, for the RSS and cancel cases.
    sh(`head -c ${300 * MiB} /dev/urandom > ${srcDir}/big.raw`);
  });

  afterAll(async () => {
    dstPool?.close();
    if (far) await destroyPool(far, installId).catch(() => undefined);
    if (srcPool) await srcPool.destroy().catch(() => undefined);
    srcPool?.close();
    rmSync(srcDir, { recursive: true, force: true });
    far?.close();
    local?.close();
    await host?.release();
  });

  it('keeps a sparse image sparse and its bytes equal on both hosts', async () => {
    // 256 MiB long, 3 MiB of data in three places, holes elsewhere.
    sh(`truncate -s ${256 * MiB} ${srcDir}/sparse.raw && for at in 0 100 200; do head -c ${MiB} /dev/urandom | dd of=${srcDir}/sparse.raw bs=1M seek=$at conv=notrunc status=none; done`);
    using vol = await sourceVolume('sparse.raw');
    const r = await relayVolume(local, vol, { conn: far, pool: dstPool, name: 'sparse.raw' });
    expect(r.length).toBe(256 * MiB);
    expect(r.sha256).toBe(sha256Here(`${srcDir}/sparse.raw`));
    expect(sha256There(r.path)).toBe(r.sha256);
    // Only the data crossed the link, and the target holds only the data.
    expect(r.bytesSent).toBeLessThan(8 * MiB);
    using arrived = far.lookupStorageVolumeByPath(r.path);
    expect(arrived.info().allocation).toBeLessThan(16 * MiB);
    expect(Number(host.run('stat', '-c', '%s', r.path).trim())).toBe(256 * MiB);
  });

  it('relays a qcow2 layer as the same file, header and backing name included', async () => {
    qemuImg('create', '-q', '-f', 'raw', `${srcDir}/base.raw`, '64M');
    qemuImg('create', '-q', '-f', 'qcow2', '-b', `${srcDir}/base.raw`, '-F', 'raw', `${srcDir}/layer.qcow2`);
    sh(`qemu-io -f qcow2 -c 'write -P 0x5a 1M 3M' ${srcDir}/layer.qcow2`);
    using vol = await sourceVolume('layer.qcow2');
    const r = await relayVolume(local, vol, { conn: far, pool: dstPool, name: 'layer.qcow2' });
    expect(r.sha256).toBe(sha256Here(`${srcDir}/layer.qcow2`));
    expect(sha256There(r.path)).toBe(r.sha256);
    expect(host.run('qemu-img', 'info', '-U', '--output=json', r.path)).toContain(`"backing-filename": "${srcDir}/base.raw"`);
  });

  it('gives a qcow2 layer its backing on the target as it passes: the chain reads there and libvirt follows it', async () => {
    qemuImg('create', '-q', '-f', 'raw', `${srcDir}/chain-base.raw`, '64M');
    sh(`qemu-io -f raw -c 'write -P 0x11 0 1M' ${srcDir}/chain-base.raw`);
    qemuImg('create', '-q', '-f', 'qcow2', '-b', `${srcDir}/chain-base.raw`, '-F', 'raw', `${srcDir}/chain-layer.qcow2`);
    sh(`qemu-io -f qcow2 -c 'write -P 0x22 4M 1M' ${srcDir}/chain-layer.qcow2`);
    using base = await sourceVolume('chain-base.raw');
    using layer = await sourceVolume('chain-layer.qcow2');
    const b = await relayVolume(local, base, { conn: far, pool: dstPool, name: 'copied-base.raw' });
    const l = await relayVolume(local, layer, { conn: far, pool: dstPool, name: 'copied-layer.qcow2' }, { rewriteHead: backingRewrite('copied-base.raw') });
    // The hash is of the bytes the target holds: the rewritten header, not the source's.
    expect(sha256There(l.path)).toBe(l.sha256);
    expect(l.sha256).not.toBe(sha256Here(`${srcDir}/chain-layer.qcow2`));
    expect(l.bytesSent).toBeLessThan(MiB + 512 * 1024);
    const reads = (pattern: number, offset: string): string => host.run('sh', '-c', 'qemu-io -r -c "$1" "$2" 2>&1; true', 'sh', `read -P ${pattern} ${offset} 1M`, l.path);
    expect(reads(0x11, '0')).toMatch(/read 1048576\/1048576 bytes/);
    expect(reads(0x22, '4M')).toMatch(/read 1048576\/1048576 bytes/);
    expect(reads(0x33, '4M')).toMatch(/Pattern verification failed/);
    expect(host.run('qemu-img', 'check', l.path)).toMatch(/No errors were found/);
    await dstPool.refresh();
    using arrived = far.lookupStorageVolumeByPath(l.path);
    expect(arrived.describe()).toMatchObject({ format: 'qcow2', backingStore: { path: b.path } });
  });

  it('relays a few hundred MiB with the client’s RSS bounded, reporting progress', async () => {
    using vol = await sourceVolume('big.raw');
    global.gc?.();
    const before = process.memoryUsage().rss;
    let peak = before;
    const seen: RelayProgress[] = [];
    const r = await relayVolume(local, vol, { conn: far, pool: dstPool, name: 'big.raw' }, {
      onProgress: (p) => {
        peak = Math.max(peak, process.memoryUsage().rss);
        if (seen.length === 0 || p.position - seen.at(-1)!.position >= 16 * MiB) seen.push(p);
      },
    });
    expect(r.bytesSent).toBe(300 * MiB);
    expect(r.sha256).toBe(sha256Here(`${srcDir}/big.raw`));
    expect(sha256There(r.path)).toBe(r.sha256);
    expect(seen.length).toBeGreaterThan(10);
    expect(seen.every((p, i) => i === 0 || p.position > seen[i - 1]!.position)).toBe(true);
    expect((peak - before) / MiB).toBeLessThan(64);
    await far.lookupStorageVolumeByPath(r.path).delete();
  });

  it('leaves no volume on the target when cancelled in the middle', async () => {
    using vol = await sourceVolume('big.raw');
    const ac = new AbortController();
    let at = 0;
    const run = relayVolume(local, vol, { conn: far, pool: dstPool, name: 'cancelled.raw' }, {
      signal: ac.signal,
      onProgress: (p) => {
        at = p.position;
        if (p.position >= 32 * MiB) ac.abort();
      },
    });
    await expect(run).rejects.toSatisfy((e) => e instanceof SnapvisorError && e.code === 'job_cancelled');
    expect(at).toBeGreaterThanOrEqual(32 * MiB);
    expect(at).toBeLessThan(300 * MiB);
    expect(await targetNames()).not.toContain('cancelled.raw');
    expect(host.run('ls', (await ensurePool(far, installId)).dir)).not.toContain('cancelled.raw');
  });
});
