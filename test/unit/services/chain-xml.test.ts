// The XML edits a merge makes, on XML this libvirt (9.0) produced for a kit guest: a snapshot's
// metadata (both of its domain copies) and a live definition with its backing chain.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { editXml, parseDomainXml, parseSnapshotXml } from '../../../native';
import { parseXml } from '../../../native/xml/parse';
import { helperDomainXml, mentionsImage, withImageMoved } from '../../../electron/services/chain-xml';

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

  it('writes every edited value escaped', () => {
    const out = editXml('<a b="x&amp;y &quot;z&quot;"><c/></a>', (root) => root.child('c')!.setAttr('d', 'a"b&<\'c'));
    const a = parseXml(out).a as Record<string, unknown>;
    expect(a['@b']).toBe('x&y "z"');
    expect((a.c as Record<string, unknown>)['@d']).toBe('a"b&<\'c');
    expect(() => editXml('not xml', () => undefined)).toThrow();
  });
});
