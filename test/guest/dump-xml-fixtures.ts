// Regenerates test/unit/fixtures/libvirt-xml/: the XML this machine's libvirt writes for a kit
// guest (inactive, live, after internal and external snapshots, a backing chain) and for the
// test driver, which the XML tree's round-trip tests read. Run: npx tsx test/guest/dump-xml-fixtures.ts
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Connection, VIR_DOMAIN_SNAPSHOT_CREATE as CREATE, VIR_DOMAIN_XML, el, renderXml } from '../../native';
import { createGuest, cleanupGuests, openSystem } from './kit';

const OUT = join(import.meta.dirname, '../unit/fixtures/libvirt-xml');
const save = (name: string, xml: string): void => writeFileSync(join(OUT, name), xml.endsWith('\n') ? xml : `${xml}\n`);

async function kitGuest(): Promise<void> {
  const conn = await openSystem();
  try {
    const guest = await createGuest(conn, { label: 'xmlfix', dataDisks: 1, agentChannel: true, graphics: { video: 'vga' } });
    const dom = guest.domain;
    save('kit-inactive.xml', dom.xml(VIR_DOMAIN_XML.INACTIVE));
    const internal = await dom.createSnapshot(renderXml(el('domainsnapshot', {}, el('name', {}, 'fx-cold'), el('description', {}, 'before <upgrade> & “quotes”'))));
    save('kit-snapshot-internal.xml', internal.xml());
    await internal.delete();
    internal.close();
    await guest.start();
    save('kit-live.xml', dom.xml());
    for (const n of [1, 2]) {
      const overlay = join(guest.dir, `vda.ext${n}.qcow2`);
      const snap = await dom.createSnapshot(renderXml(el('domainsnapshot', {}, el('name', {}, `fx-hot${n}`),
        el('disks', {}, el('disk', { name: 'vda', snapshot: 'external' }, el('source', { file: overlay })), el('disk', { name: 'vdb', snapshot: 'no' })))),
      CREATE.DISK_ONLY | CREATE.ATOMIC);
      if (n === 2) save('kit-snapshot-external.xml', snap.xml());
      snap.close();
    }
    save('kit-live-chain.xml', dom.xml());
    await guest.destroy();
  } finally {
    await cleanupGuests();
    conn.close();
  }
}

async function testDriver(): Promise<void> {
  const conn = await Connection.open('test:///default');
  try {
    using dom = conn.lookupDomainByName('test');
    save('testdriver-domain.xml', dom.xml());
    using snap = await dom.createSnapshot(renderXml(el('domainsnapshot', {}, el('name', {}, 'fx'), el('description', {}, 'a\tb\nc'))));
    save('testdriver-snapshot.xml', snap.xml());
  } finally {
    conn.close();
  }
}

await kitGuest();
await testDriver();
