// The backing name of a qcow2 layer rewritten in its first cluster, on images qemu-img made: the
// layer moved to another directory with its base reads through its chain there (the base's and
// its own data), qemu-img finds nothing wrong with it, a name longer than the old one fits where
// the cluster has room, and what cannot be done (no backing, no room) is refused, never guessed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { STATE_DIR, qemuImg } from '../../guest/kit';
import { backingNameOn, readQcow2Head, withBackingName } from '../../../electron/services/copies/qcow2-backing';
import { SnapvisorError } from '../../../shared/errors';

function qemuIoReads(file: string, pattern: number, offset: string, length: string): boolean {
  const out = execFileSync('sh', ['-c', 'qemu-io -r -c "$1" "$2" 2>&1; true', 'sh', `read -P ${pattern} ${offset} ${length}`, file], { encoding: 'utf8' });
  return !/Pattern verification failed|Could not open/.test(out) && /read \d+\/\d+ bytes/.test(out);
}

/** Rewrites the first cluster of `file` in place with withBackingName. */
function rewriteInPlace(file: string, name: string): void {
  const fd = openSync(file, 'r+');
  try {
    const start = Buffer.alloc(72);
    readSync(fd, start, 0, 72, 0);
    const cluster = Buffer.alloc(readQcow2Head(start)!.clusterSize);
    readSync(fd, cluster, 0, cluster.length, 0);
    writeSync(fd, withBackingName(cluster, name), 0, cluster.length, 0);
  } finally {
    closeSync(fd);
  }
}

describe('a qcow2 layer’s backing name rewritten in its header', () => {
  let from: string;
  let to: string;
  beforeAll(() => {
    from = mkdtempSync(join(STATE_DIR, 'qcow2-backing-from-'));
    to = mkdtempSync(join(STATE_DIR, 'qcow2-backing-to-'));
    qemuImg('create', '-q', '-f', 'raw', join(from, 'base.raw'), '16M');
    execFileSync('qemu-io', ['-f', 'raw', '-c', 'write -P 0x11 0 1M', join(from, 'base.raw')], { stdio: 'pipe' });
    qemuImg('create', '-q', '-f', 'qcow2', '-b', join(from, 'base.raw'), '-F', 'raw', join(from, 'layer.qcow2'));
    execFileSync('qemu-io', ['-f', 'qcow2', '-c', 'write -P 0x22 4M 1M', join(from, 'layer.qcow2')], { stdio: 'pipe' });
  });
  afterAll(() => {
    rmSync(from, { recursive: true, force: true });
    rmSync(to, { recursive: true, force: true });
  });

  it('reads through its chain in another directory under a relative name', () => {
    const head = readQcow2Head(execFileSync('head', ['-c', '72', join(from, 'layer.qcow2')]))!;
    expect(head.backing?.size).toBe(join(from, 'base.raw').length);
    const long = `${'b'.repeat(180)}.raw`;
    execFileSync('cp', ['--sparse=always', join(from, 'base.raw'), join(to, long)]);
    execFileSync('cp', ['--sparse=always', join(from, 'layer.qcow2'), join(to, 'layer.qcow2')]);
    rmSync(from, { recursive: true, force: true }); // the old path is gone, as on another host
    rewriteInPlace(join(to, 'layer.qcow2'), long);
    const info = JSON.parse(qemuImg('info', '--output=json', join(to, 'layer.qcow2'))) as Record<string, string>;
    expect(info['backing-filename']).toBe(long);
    expect(info['full-backing-filename']).toBe(join(to, long));
    expect(info['backing-filename-format']).toBe('raw');
    expect(qemuIoReads(join(to, 'layer.qcow2'), 0x11, '0', '1M')).toBe(true);
    expect(qemuIoReads(join(to, 'layer.qcow2'), 0x22, '4M', '1M')).toBe(true);
    expect(qemuIoReads(join(to, 'layer.qcow2'), 0x33, '4M', '1M')).toBe(false);
    qemuImg('check', join(to, 'layer.qcow2'));
  });

  it('refuses an image without a backing name, a name too long, and a name that would overwrite other bytes', () => {
    qemuImg('create', '-q', '-f', 'qcow2', join(to, 'plain.qcow2'), '16M');
    const plain = execFileSync('head', ['-c', '65536', join(to, 'plain.qcow2')]);
    expect(() => withBackingName(plain, 'x.raw')).toThrow(SnapvisorError);
    const layer = execFileSync('head', ['-c', '65536', join(to, 'layer.qcow2')]);
    const { offset, size } = readQcow2Head(layer)!.backing!;
    expect(() => withBackingName(layer, 'c'.repeat(1024))).toThrow(SnapvisorError); // qemu's own limit: 1023
    // Something after the old name (not zeros): a longer name would overwrite it.
    const busy = Buffer.from(layer);
    busy[offset + size + 2] = 0xff;
    expect(() => withBackingName(busy, 'c'.repeat(size + 10))).toThrow(SnapvisorError);
    expect(withBackingName(busy, 'c'.repeat(size)).subarray(offset, offset + size).toString()).toBe('c'.repeat(size));
  });

  it('names a file of the same pool by its name, any other by its path', () => {
    expect(backingNameOn('/var/lib/libvirt/snapvisor/x/', '/var/lib/libvirt/snapvisor/x/a.qcow2')).toBe('a.qcow2');
    expect(backingNameOn('/var/lib/libvirt/snapvisor/x', '/var/lib/libvirt/snapvisor/x/sub/a.qcow2')).toBe('/var/lib/libvirt/snapvisor/x/sub/a.qcow2');
    expect(backingNameOn('/var/lib/libvirt/snapvisor/x', '/disks/vm.img')).toBe('/disks/vm.img');
  });
});
