// The edits restore-as-new, volume restore and external revert make to libvirt's XML, on the XML
// this machine's libvirt writes (test/unit/fixtures/libvirt-xml): the results are judged by
// parsing them, and the test driver defines what they give.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Connection, VIR_DOMAIN_XML, parseDomainXml, parseSnapshotXml, parseTree, renderTree, attrOf, child, el, elements, textOf, type XmlNode } from '../../../native';
import { asNewDomain, domainOfSnapshotXml, withDiskSources, withSeedDisk, withoutDisks } from '../../../electron/services/vms/domain-xml-edit';
import { withDescription } from '../../../electron/services/snapshots/snapshot-xml';

const fixture = (name: string): string => readFileSync(join(import.meta.dirname, '../fixtures/libvirt-xml', name), 'utf8');
const UUID = '5e1d6a52-3b7c-4c4e-9d0a-2f8e0c1b7a11';

describe('withDiskSources', () => {
  it('points a disk with a two-level backing chain at a new file and drops the chain; other disks stay', () => {
    const live = fixture('kit-live-chain.xml');
    const before = parseDomainXml(live);
    expect(before.disks[0]!.backingChain).toHaveLength(2);
    const out = withDiskSources(live, new Map([['vda', "/n/it's <new>.qcow2"]]));
    const d = parseDomainXml(out);
    expect(d.disks[0]).toMatchObject({ target: 'vda', type: 'file', format: 'qcow2', source: "/n/it's <new>.qcow2", backingChain: [] });
    expect(d.disks[1]).toEqual(before.disks[1]);
    expect(out).not.toContain("index='4'");
  });

  it('gives a disk without driver or source both, before its target', () => {
    const xml = "<domain type='test'><name>t</name><devices><disk type='volume' device='disk'><target dev='vda'/></disk></devices></domain>";
    const disk = child(child(parseTree(withDiskSources(xml, new Map([['vda', '/n/a.qcow2']]))), 'devices')!, 'disk')!;
    expect(disk.attrs.type).toBe('file');
    expect(disk.children.map((c) => (typeof c === 'object' && c !== null ? c.name : c))).toEqual(['driver', 'source', 'target']);
  });
});

describe('asNewDomain', () => {
  const base = { name: "new <vm> & 'co'", uuid: UUID, consoleFile: '/new/console.log' };

  it('makes a live domain a new VM: name, UUID, no id, MACs or labels; console redirected; resized', () => {
    const domain = fixture('kit-live-chain.xml');
    expect(domain).toContain('seclabel');
    expect(parseTree(domain).attrs.id).toBeDefined();
    const out = asNewDomain(domain, { ...base, vcpus: 3, memoryKiB: 262144 });
    const d = parseDomainXml(out);
    expect(d).toMatchObject({ name: base.name, uuid: UUID, vcpus: 3, memoryKiB: 262144 });
    const tree = parseTree(out);
    expect(tree.attrs.id).toBeUndefined();
    expect(out).not.toMatch(/seclabel|<mac |nvram|genid/);
    expect(textOf(child(tree, 'currentMemory'))).toBe('262144');
    const devices = child(tree, 'devices')!;
    for (const kind of ['serial', 'console']) expect(child(child(devices, kind)!, 'source')!.attrs.path).toBe('/new/console.log');
    expect(d.channels).toEqual(parseDomainXml(domain).channels);
  });

  it('keeps interfaces with new MACs, removes them all, or puts one virtio NIC on the chosen network', () => {
    const domain = domainOfSnapshotXml(fixture('testdriver-snapshot.xml'));
    expect(parseDomainXml(domain).interfaces).toEqual([expect.objectContaining({ mac: 'aa:bb:cc:dd:ee:ff', source: 'default' })]);
    expect(parseDomainXml(asNewDomain(domain, base)).interfaces).toEqual([expect.objectContaining({ mac: undefined, source: 'default' })]);
    expect(parseDomainXml(asNewDomain(domain, { ...base, network: null })).interfaces).toEqual([]);
    expect(parseDomainXml(asNewDomain(domain, { ...base, network: 'isolated "x"' })).interfaces).toEqual([
      { type: 'network', mac: undefined, source: 'isolated "x"', model: 'virtio' },
    ]);
  });

  const UEFI = (nvram: string): string => `<domain type='kvm'><name>src</name><uuid>0a4c9a44-6f0e-4c55-9d3c-6c7a1e0b2f01</uuid>
    <genid>8b4f0c3e-51d2-4a77-9a41-3f0c2e6d7b10</genid><memory unit='KiB'>65536</memory>
    <os firmware='efi'><type arch='x86_64' machine='pc-q35-7.2'>hvm</type>
      <loader readonly='yes' type='pflash'>/usr/share/OVMF/OVMF_CODE_4M.fd</loader>${nvram}<boot dev='hd'/></os><devices/></domain>`;

  it('gives a new VM generation ID where the source has one (empty: libvirt makes it) and none where it has none', () => {
    const out = parseTree(asNewDomain(UEFI(''), base));
    expect(child(out, 'genid')).toEqual({ name: 'genid', attrs: {}, children: [] });
    expect(child(parseTree(asNewDomain(fixture('kit-live-chain.xml'), base)), 'genid')).toBeUndefined();
  });

  it('copies the source’s NVRAM: its file becomes the template of a file libvirt names for the new VM', () => {
    const os = (xml: string): XmlNode => child(parseTree(asNewDomain(xml, base)), 'os')!;
    const own = { name: 'nvram', attrs: { template: "/var/lib/libvirt/qemu/nvram/src's_VARS.fd" }, children: [] };
    // libvirt 9.0's live form (template and path) and the 8.5+ typed form (<source file>).
    expect(child(os(UEFI(`<nvram template='/usr/share/OVMF/OVMF_VARS_4M.fd'>/var/lib/libvirt/qemu/nvram/src&apos;s_VARS.fd</nvram>`)), 'nvram')).toEqual(own);
    expect(child(os(UEFI(`<nvram type='file'><source file="/var/lib/libvirt/qemu/nvram/src's_VARS.fd"/></nvram>`)), 'nvram')).toEqual(own);
    // No file yet (a definition never started): the firmware's template stays, nothing else.
    expect(child(os(UEFI(`<nvram template='/usr/share/OVMF/OVMF_VARS_4M.fd'/>`)), 'nvram')).toEqual({ name: 'nvram', attrs: { template: '/usr/share/OVMF/OVMF_VARS_4M.fd' }, children: [] });
    expect(child(os(UEFI('<nvram/>')), 'nvram')).toBeUndefined();
    expect(elements(os(UEFI('<nvram>/n/v.fd</nvram>'))).map((e) => e.name)).toEqual(['type', 'loader', 'nvram', 'boot']);
  });

  it('adds a UUID where the source had none, and drops it when none is given', () => {
    const xml = "<domain type='test'><name>a</name><devices/></domain>";
    expect(parseDomainXml(asNewDomain(xml, base)).uuid).toBe(UUID);
    expect(parseDomainXml(asNewDomain(domainOfSnapshotXml(fixture('kit-snapshot-internal.xml')), { name: 'n', consoleFile: '/c' })).uuid).toBe('');
  });
});

describe('withoutDisks', () => {
  it('keeps the listed writable disks and read-only media, drops the other writable disks', () => {
    const xml = `<domain type='test'><name>a</name><devices>
      <disk type='file' device='disk'><source file='/a'/><target dev='vda'/></disk>
      <disk type='file' device='disk'><source file='/b'/><target dev='vdb'/></disk>
      <disk type='file' device='disk'><source file='/c'/><target dev='vdc'/><readonly/></disk>
      <disk type='file' device='cdrom'><target dev='hdc'/></disk>
    </devices></domain>`;
    expect(parseDomainXml(withoutDisks(xml, ['vda'])).disks.map((d) => d.target)).toEqual(['vda', 'vdc', 'hdc']);
    // The source's own read-only files (its cloud-init seed) go; writable disks are judged by `keep` alone.
    expect(parseDomainXml(withoutDisks(xml, ['vda', 'vdb'], (f) => f === '/c' || f === '/a')).disks.map((d) => d.target)).toEqual(['vda', 'vdb', 'hdc']);
  });
});

describe('withSeedDisk', () => {
  it('adds a read-only virtio disk never snapshotted, on the first free vd name, after the other disks', () => {
    const xml = `<domain type='test'><name>a</name><devices>
      <disk type='file' device='disk'><source file='/a'/><target dev='vda' bus='virtio'/></disk>
      <disk type='file' device='disk'><source file='/c'/><target dev='vdb' bus='virtio'/></disk>
      <disk type='file' device='cdrom'><target dev='hdc' bus='ide'/></disk>
      <interface type='network'><source network='default'/></interface>
    </devices></domain>`;
    const devices = child(parseTree(withSeedDisk(xml, "/pool/x's.iso")), 'devices')!;
    expect(elements(devices).map((e) => `${e.name}:${attrOf(child(e, 'target'), 'dev') ?? ''}`)).toEqual(['disk:vda', 'disk:vdb', 'disk:hdc', 'disk:vdc', 'interface:']);
    const seed = elements(devices)[3]!;
    expect(seed).toEqual(el('disk', { type: 'file', device: 'disk', snapshot: 'no' },
      el('driver', { name: 'qemu', type: 'raw' }), el('source', { file: "/pool/x's.iso" }), el('target', { dev: 'vdc', bus: 'virtio' }), el('readonly', {})));
    const parsed = parseDomainXml(withSeedDisk(xml, '/pool/s.iso')).disks.find((d) => d.target === 'vdc')!;
    expect(parsed).toMatchObject({ readonly: true, source: '/pool/s.iso', device: 'disk' });
  });
});

describe('withDescription', () => {
  it('replaces, adds or removes only the snapshot’s own description', () => {
    const xml = fixture('kit-snapshot-internal.xml');
    expect(parseSnapshotXml(xml).description).toBe('before <upgrade> & “quotes”');
    const next = withDescription(xml, 'new </description> \t text');
    const parsed = parseSnapshotXml(next);
    expect(textOf(child(parseTree(next), 'description'))).toBe('new </description> \t text');
    expect(parsed.domain).toEqual(parseSnapshotXml(xml).domain);
    expect(parseSnapshotXml(withDescription(xml, '')).description).toBeUndefined();
    const added = withDescription(withDescription(xml, ''), 'back');
    expect(parseTree(added).children.slice(0, 2).map((c) => (typeof c === 'object' && c !== null ? c.name : c))).toEqual(['name', 'description']);
  });
});

describe('on the test driver', () => {
  let conn: Connection;
  beforeAll(async () => { conn = await Connection.open('test:///default'); });
  afterAll(() => conn.close());

  it('defines a new VM from a snapshot’s domain with its disk on a new file and its NIC on the network', () => {
    const name = `ut-asnew-${Date.now().toString(36)}`;
    const domain = withDiskSources(domainOfSnapshotXml(fixture('testdriver-snapshot.xml')), new Map([['vda', '/new/vda.qcow2']]));
    using dom = conn.defineDomain(asNewDomain(domain, { name, uuid: UUID, network: 'default', consoleFile: '/new/console.log' }));
    const d = parseDomainXml(dom.xml(VIR_DOMAIN_XML.INACTIVE));
    expect(d).toMatchObject({ name, uuid: UUID });
    expect(d.disks).toEqual([expect.objectContaining({ target: 'vda', source: '/new/vda.qcow2', format: 'qcow2' })]);
    expect(d.interfaces).toEqual([expect.objectContaining({ type: 'network', source: 'default', model: 'virtio' })]);
    expect(renderTree(parseTree(dom.xml()))).toContain(name);
    dom.undefine();
  });
});
