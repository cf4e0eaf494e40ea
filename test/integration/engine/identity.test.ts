// A VM restored as new has an identity of its own, on qemu:///system: a kit guest made a "UEFI" VM
// (a pflash loader of zeros — OVMF is not installed here, and the proof needs only libvirt's side:
// it fills the NVRAM before QEMU runs a single instruction), with an NVRAM of a known pattern and a
// VM generation ID. Its cold snapshot restored as new: new UUID, MACs and genid, and at the
// clone's first start libvirt copies the source's NVRAM into a file of the clone's own. Then the
// clone, protected, is removed with everything of it (remove-vm): only with its name typed, never
// the source (Snapvisor did not make it), and nothing of it is left in the pool or for the leak sweep.
// A clone with extra settings gets its cloud-init seed, uploaded into the pool through libvirt.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { VIR_DOMAIN_UNDEFINE, VIR_DOMAIN_XML, attrOf, child, childrenNamed, el, parseDomainXml, parseTree, renderTree, isElement, textOf, withChildren, type XmlChild } from '../../../native';
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
  let clone: { uuid: string; name: string; nvram: string } | undefined;
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
    const vm = await s.snapshots.restoreAsNew(snap.id, { name: `${g.name}-c1`, protect: true });
    made.push(vm.uuid);
    using dom = conn.lookupDomainByUuid(vm.uuid);
    const defined = parseTree(dom.xml(VIR_DOMAIN_XML.INACTIVE));
    expect(vm.uuid).not.toBe(g.uuid);
    expect(textOf(child(defined, 'genid'))).toMatch(/^[0-9a-f-]{36}$/);
    expect(textOf(child(defined, 'genid'))).not.toBe(sourceGenid);
    expect(parseDomainXml(renderTree(defined)).interfaces[0]!.mac).not.toBe(sourceMac);
    const cloneNvram = child(child(defined, 'os')!, 'nvram')!;
    expect(attrOf(cloneNvram, 'template')).toBe(nvram);
    const ownFile = textOf(cloneNvram)!;
    expect(ownFile).not.toBe(nvram);

    await dom.start();
    try {
      expect(readFileSync(ownFile).equals(pattern)).toBe(true);
    } finally {
      await dom.destroy();
    }
    // The source's NVRAM is untouched.
    expect(readFileSync(nvram).equals(pattern)).toBe(true);
    clone = { uuid: vm.uuid, name: vm.name, nvram: ownFile };
  });

  it('removes the protected clone only with its name typed, with its files, snapshots and NVRAM; never the source', async () => {
    const { s, g } = suite;
    if (!clone) throw new Error('the first test made no clone');
    const files = await s.files.host(HOST);
    // The clone has a snapshot of its own: a layer in the pool named by its UUID, and a row.
    const own = await s.snapshots.create({ hostId: HOST, vmUuid: clone.uuid, kind: 'cold', name: 'clone snap' });
    const listed = await s.vms.list(HOST);
    expect(listed.find((v) => v.uuid === clone!.uuid)).toMatchObject({ protected: true, snapvisorMade: true });
    expect(listed.find((v) => v.uuid === g.uuid)).toMatchObject({ protected: false, snapvisorMade: false });

    const sourceFiles = (await files.images(g.uuid)).map((i) => i.path).sort();
    expect(sourceFiles.length).toBeGreaterThan(0);
    expect((await s.vms.removalPlan(HOST, g.uuid)).blockedBy).toMatchObject({ code: 'vm_not_removable' });
    await expect(s.vms.remove(HOST, g.uuid)).rejects.toMatchObject({ code: 'vm_not_removable' });

    const plan = await s.vms.removalPlan(HOST, clone.uuid);
    expect(plan).toMatchObject({ blockedBy: null, needsTypedName: true, nvram: clone.nvram, snapshots: [{ id: own.id, name: 'clone snap' }] });
    const planned = plan.files.map((f) => f.path).sort();
    // Its disk (a thin layer over the source's frozen image), the snapshot's layer, the console log.
    expect(planned.length).toBeGreaterThanOrEqual(2);
    expect(planned.every((p) => p.startsWith(`${files.poolDir}/${clone!.uuid}.`))).toBe(true);
    await expect(s.vms.remove(HOST, clone.uuid)).rejects.toMatchObject({ code: 'vm_protected_needs_name' });
    await expect(s.vms.remove(HOST, clone.uuid, { confirmName: `${clone.name}x` })).rejects.toMatchObject({ code: 'vm_protected_needs_name' });
    expect((await files.images(clone.uuid)).length).toBe(planned.length);

    const result = await s.vms.remove(HOST, clone.uuid, { confirmName: ` ${clone.name} ` });
    expect(result.removedFiles.sort()).toEqual(planned);
    expect(result.removedSnapshots).toEqual([own.id]);
    expect(() => suite.conn.lookupDomainByUuid(clone!.uuid)).toThrow();
    expect(existsSync(clone.nvram)).toBe(false);
    expect(s.snapshots.list({ hostId: HOST, vmUuid: clone.uuid, includeDependents: true })).toEqual([]);
    // The pool's listing has nothing of it, the source keeps all of its own, and reconcile's
    // leak sweep finds nothing left to remove.
    expect((await files.images()).filter((i) => i.path.includes(clone!.uuid))).toEqual([]);
    expect((await files.images(g.uuid)).map((i) => i.path).sort()).toEqual(sourceFiles);
    await s.snapshots.reconcile(HOST);
    expect(s.snapshots.events().filter((e) => e.action === 'leak')).toEqual([]);
    expect((await files.images(g.uuid)).map((i) => i.path).sort()).toEqual(sourceFiles);
  });

  it('gives a clone with extra settings a cidata seed in the pool, read-only on virtio, never snapshotted, not passed on, removed with it', async () => {
    const { conn, s, g } = suite;
    const files = await s.files.host(HOST);
    const keyFile = join(g.dir, 'id_test');
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'tester@lab', '-f', keyFile]);
    const key = readFileSync(`${keyFile}.pub`, 'utf8');
    const script = '#!/bin/sh\necho "SEED MARK $(hostname)" > /dev/ttyS0\n';
    const snap = await s.snapshots.create({ hostId: HOST, vmUuid: g.uuid, kind: 'cold', name: 'seed source' });
    const vm = await s.snapshots.restoreAsNew(snap.id, { name: `${g.name}-seeded`, hostname: 'Web_01.Lab', sshKeys: [key], initScript: script });
    made.push(vm.uuid);
    const seedPath = `${files.poolDir}/${vm.uuid}.new-seed.iso`;
    using dom = conn.lookupDomainByUuid(vm.uuid);
    const seedDisk = childrenNamed(child(parseTree(dom.xml(VIR_DOMAIN_XML.INACTIVE)), 'devices')!, 'disk')
      .find((d) => attrOf(child(d, 'source'), 'file') === seedPath);
    expect(seedDisk).toBeDefined();
    expect(seedDisk!.attrs).toMatchObject({ type: 'file', device: 'disk' });
    // libvirt keeps snapshot='no' without writing it back for a read-only disk: it is the default there.
    expect(seedDisk!.attrs.snapshot ?? 'no').toBe('no');
    expect(child(seedDisk!, 'readonly')).toBeDefined();
    expect(child(seedDisk!, 'target')!.attrs).toMatchObject({ bus: 'virtio', dev: 'vdb' });
    expect((await files.images(vm.uuid)).map((i) => i.path)).toContain(seedPath);
    // The seed is one of the clone's disks: reconcile's leak sweep keeps it.
    await s.snapshots.reconcile(HOST);
    expect((await files.images(vm.uuid)).map((i) => i.path)).toContain(seedPath);

    // What the guest will read, as blkid and isoinfo read it on the host.
    expect(execFileSync('blkid', ['-p', '-o', 'export', seedPath], { encoding: 'utf8' })).toMatch(/^LABEL=cidata$/m);
    const meta = execFileSync('isoinfo', ['-J', '-i', seedPath, '-x', '/meta-data'], { encoding: 'utf8' });
    expect(meta).toContain(`instance-id: "snapvisor-${vm.uuid}"`);
    expect(meta).toContain('local-hostname: "web-01.lab"');
    expect(meta).toContain(JSON.stringify(key.trim()));
    const user = execFileSync('isoinfo', ['-J', '-i', seedPath, '-x', '/user-data'], { encoding: 'utf8' });
    expect(user).toMatch(/^Content-Type: multipart\/mixed/);
    expect(user).toContain(Buffer.from(script).toString('base64').slice(0, 40));

    // QEMU takes the seed disk as defined; a snapshot of the clone leaves it out.
    await dom.start();
    await dom.destroy();
    const own = await s.snapshots.create({ hostId: HOST, vmUuid: vm.uuid, kind: 'cold', name: 'seeded snap' });
    expect(own.disks.map((d) => d.target)).toEqual(['vda']);
    // A VM restored from the clone does not get the clone's seed.
    const next = await s.snapshots.restoreAsNew(own.id, { name: `${g.name}-seeded-2` });
    made.push(next.uuid);
    using nextDom = conn.lookupDomainByUuid(next.uuid);
    expect(nextDom.xml(VIR_DOMAIN_XML.INACTIVE)).not.toContain('seed.iso');
    await expect(s.vms.remove(HOST, vm.uuid)).rejects.toMatchObject({ code: 'vm_in_use' });
    await s.vms.remove(HOST, next.uuid);
    const removed = await s.vms.remove(HOST, vm.uuid);
    expect(removed.removedFiles).toContain(seedPath);
    expect((await files.images()).filter((i) => i.path.includes(vm.uuid))).toEqual([]);
  });
});
