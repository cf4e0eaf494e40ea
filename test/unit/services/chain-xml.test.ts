// The XML edits a merge makes, on XML this libvirt (9.0) produced for a kit guest: a snapshot's
// metadata (both of its domain copies) and a live definition with its backing chain.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDomainXml, parseSnapshotXml } from '../../../native';
import { helperDomainXml, mentionsImage, withImageMoved } from '../../../electron/services/merges/chain-xml';

const fixture = (name: string): string => readFileSync(join(import.meta.dirname, 'fixtures', name), 'utf8');
const snapshotXml = fixture('snap-external.xml');
const liveXml = fixture('dom-live.xml');

describe('merge XML edits', () => {
  it('moves a snapshot\'s frozen image in both of its domain copies, with the new format, and keeps the rest', () => {
    const out = withImageMoved(snapshotXml, '/pool/vm/o3.qcow2', '/disks/orig.img', 'raw');
    const parsed = parseSnapshotXml(out);
    expect(parsed).toMatchObject({ name: 'sv-abc123def456', description: 'a & b <c> "q"', state: 'disk-snapshot' });
    expect(parsed.domain!.disks[0]).toMatchObject({ source: '/disks/orig.img', format: 'raw', target: 'vda' });
    expect(parsed.disks).toEqual([{ name: 'vda', snapshot: 'external', format: 'qcow2', file: '/pool/vm/fix1.qcow2' }]);
    expect(out.match(/\/disks\/orig\.img/g)).toHaveLength(2);
    expect(out).not.toContain('/pool/vm/o3.qcow2');
    expect(mentionsImage(out, '/pool/vm/o3.qcow2')).toBe(false);
    expect(mentionsImage(out, '/pool/vm/fix1.qcow2')).toBe(true);
  });

  it('moves an overlay named in the snapshot\'s own disks', () => {
    const parsed = parseSnapshotXml(withImageMoved(snapshotXml, '/pool/vm/fix1.qcow2', '/pool/vm/o3.qcow2', 'qcow2'));
    expect(parsed.disks[0]!.file).toBe('/pool/vm/o3.qcow2');
  });

  it('drops a definition\'s stale backing chain where it names the merged layer, and leaves other disks and the top alone', () => {
    expect(parseDomainXml(liveXml).disks[0]!.backingChain.map((b) => b.file)).toEqual(['/pool/vm/o3.qcow2', '/pool/vm/o1.qcow2', '/pool/vm/base.qcow2']);
    const out = withImageMoved(liveXml, '/pool/vm/o1.qcow2', '/pool/vm/base.qcow2', 'qcow2');
    const disk = parseDomainXml(out).disks[0]!;
    expect(disk).toMatchObject({ source: '/pool/vm/fix1.qcow2', format: 'qcow2', backingChain: [] });
    expect(parseDomainXml(out).name).toBe('guest');
    expect(withImageMoved(liveXml, '/not/there.qcow2', '/x.qcow2', 'qcow2')).toContain('<backingStore');
  });

  it('builds a paused-helper definition like the VM: its emulator, arch, machine and type, one disk on the leaf', () => {
    const vm = parseDomainXml(liveXml);
    const helper = parseDomainXml(helperDomainXml(vm, 'snapvisor-merge-abc', '/pool/vm/leaf "x".qcow2'));
    expect(helper).toMatchObject({ name: 'snapvisor-merge-abc', type: 'qemu', memoryKiB: 16 * 1024, emulator: '/usr/bin/qemu-system-x86_64', arch: 'x86_64', machine: vm.machine });
    expect(helper.disks).toMatchObject([{ target: 'vda', source: '/pool/vm/leaf "x".qcow2', format: 'qcow2', backingChain: [] }]);
    expect(helper.interfaces).toEqual([]);
  });

  it('writes every value it changes escaped, and keeps the others', () => {
    const odd = '/pool/a&b "c" <d>.qcow2';
    const xml = `<domain><name>x &amp; y</name><devices><disk type='file'><driver type='qcow2'/><source file='${odd.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;')}'/><target dev='vda'/></disk></devices></domain>`;
    const out = withImageMoved(xml, odd, '/disks/it\'s "raw".img', 'raw');
    const parsed = parseDomainXml(out);
    expect(parsed.name).toBe('x & y');
    expect(parsed.disks[0]).toMatchObject({ source: '/disks/it\'s "raw".img', format: 'raw' });
    expect(mentionsImage(out, odd)).toBe(false);
    expect(() => withImageMoved('not xml', 'a', 'b', null)).toThrow();
  });
});
