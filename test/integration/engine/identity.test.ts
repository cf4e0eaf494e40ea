// A VM restored as new has an identity of its own, on qemu:///system: a kit guest made a "UEFI" VM
// (a pflash loader of zeros — OVMF is not installed here, and the proof needs only libvirt's side:
// it fills the NVRAM before QEMU runs a single instruction), with an NVRAM of a known pattern and a
// VM generation ID. Its cold snapshot restored as new: new UUID, MACs and genid, and at the
// clone's first start libvirt copies the source's NVRAM into a file of the clone's own.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { VIR_DOMAIN_UNDEFINE, VIR_DOMAIN_XML, attrOf, child, el, parseDomainXml, parseTree, renderTree, isElement, textOf, withChildren, type XmlChild } from '../../../native';
import { HOST, systemSuite } from './engine-kit';

const NVRAM_BYTES = 540_672;

/** The guest's definition with a pflash loader, an NVRAM file, ACPI (UEFI needs it), a genid and a NIC. */
function asUefi(xml: string, code: string, nvram: string): string {
  const domain = parseTree(xml);
  const kids = domain.children.flatMap((c): XmlChild[] => {
    if (!isElement(c)) return [c];
    if (c.name === 'os') {
      return [withChildren(c, [...c.children, el('loader', { readonly: 'yes', type: 'pflash' }, code), el('nvram', {}, nvram)]), el('features', {}, el('acpi', {})), el('genid', {})];
    }
    if (c.name === 'devices') return [withChildren(c, [...c.children, el('interface', { type: 'user' }, el('model', { type: 'virtio' }))])];
    return [c];
  });
  return renderTree(withChildren(domain, kids));
}

describe('restore as new: a new identity', () => {
  const suite = systemSuite({ label: 'ident' });
  const made: string[] = [];
  afterAll(async () => {
    for (const uuid of made) {
      try {
        using d = suite.conn.lookupDomainByUuid(uuid);
        if (d.isActive()) await d.destroy();
        d.undefine(VIR_DOMAIN_UNDEFINE.SNAPSHOTS_METADATA | VIR_DOMAIN_UNDEFINE.NVRAM);
      } catch { /* removed by the test */ }
    }
  });

  it('gives the clone a new UUID, MACs and genid, and a copy of the source’s NVRAM at its first start', async () => {
    const { conn, s, g } = suite;
    const code = join(g.dir, 'CODE.fd');
    const nvram = join(g.dir, 'VARS.fd');
    writeFileSync(code, Buffer.alloc(2 << 20));
    const pattern = Buffer.from(Array.from({ length: NVRAM_BYTES }, (_, i) => (i * 7 + 3) & 0xff));
    writeFileSync(nvram, pattern);
    g.domain = conn.defineDomain(asUefi(g.domain.xml(VIR_DOMAIN_XML.INACTIVE), code, nvram));
    const source = parseTree(g.domain.xml(VIR_DOMAIN_XML.INACTIVE));
    const sourceGenid = textOf(child(source, 'genid'));
    expect(sourceGenid).toMatch(/^[0-9a-f-]{36}$/);
    const sourceMac = parseDomainXml(renderTree(source)).interfaces[0]!.mac;

    const snap = await s.snapshots.create({ hostId: HOST, vmUuid: g.uuid, kind: 'cold', name: 'identity source' });
    const vm = await s.snapshots.restoreAsNew(snap.id, { name: `${g.name}-c1` });
    made.push(vm.uuid);
    using dom = conn.lookupDomainByUuid(vm.uuid);
    const clone = parseTree(dom.xml(VIR_DOMAIN_XML.INACTIVE));
    expect(vm.uuid).not.toBe(g.uuid);
    expect(textOf(child(clone, 'genid'))).toMatch(/^[0-9a-f-]{36}$/);
    expect(textOf(child(clone, 'genid'))).not.toBe(sourceGenid);
    expect(parseDomainXml(renderTree(clone)).interfaces[0]!.mac).not.toBe(sourceMac);
    const cloneNvram = child(child(clone, 'os')!, 'nvram')!;
    expect(attrOf(cloneNvram, 'template')).toBe(nvram);
    const ownFile = textOf(cloneNvram)!;
    expect(ownFile).not.toBe(nvram);

    await dom.start();
    try {
      expect(readFileSync(ownFile).equals(pattern)).toBe(true);
    } finally {
      await dom.destroy();
    }
    // The source's NVRAM is untouched, and libvirt's undefine takes the clone's copy with it.
    expect(readFileSync(nvram).equals(pattern)).toBe(true);
  });
});
