// Small, targeted edits of libvirt-generated domain XML (libvirt's own formatting: single-quoted
// attributes, one element per line). Every value inserted is escaped.
import { escapeXml } from '../../native';

/** The <domain> element inside a snapshot's XML. */
export function domainOfSnapshotXml(snapshotXml: string): string {
  const start = snapshotXml.indexOf('<domain ');
  const end = snapshotXml.lastIndexOf('</domain>');
  if (start === -1 || end === -1) throw new Error('snapshot XML without a domain definition');
  return snapshotXml.slice(start, end + '</domain>'.length);
}

function diskBlocks(xml: string): { start: number; end: number; text: string }[] {
  const out: { start: number; end: number; text: string }[] = [];
  const re = /<disk\b[\s\S]*?<\/disk>/g;
  for (let m = re.exec(xml); m; m = re.exec(xml)) out.push({ start: m.index, end: m.index + m[0].length, text: m[0] });
  return out;
}

function targetOf(diskXml: string): string | null {
  return /<target\s+dev='([^']+)'/.exec(diskXml)?.[1] ?? null;
}

/** Points each listed disk target at a new qcow2 file, dropping its stale backing chain. */
export function withDiskSources(xml: string, sources: ReadonlyMap<string, string>): string {
  let out = '';
  let pos = 0;
  for (const b of diskBlocks(xml)) {
    const target = targetOf(b.text);
    const file = target ? sources.get(target) : undefined;
    if (!file) continue;
    let d = b.text
      // A chain nests backingStore elements: drop from the first opening to the last closing one.
      .replace(/<backingStore\b[\s\S]*<\/backingStore>|<backingStore\/>/g, '')
      .replace(/^<disk\b[^>]*>/, (open) => open.replace(/type='[^']*'/, "type='file'"));
    d = /<source\b[^>]*\/>/.test(d) || /<source\b[^>]*>[\s\S]*?<\/source>/.test(d)
      ? d.replace(/<source\b[^>]*\/>|<source\b[^>]*>[\s\S]*?<\/source>/, `<source file='${escapeXml(file)}'/>`)
      : d.replace(/<target\b/, `<source file='${escapeXml(file)}'/>\n      <target`);
    d = /<driver\b[^>]*type='/.test(d) ? d.replace(/(<driver\b[^>]*type=')[^']*'/, "$1qcow2'") : d.replace(/<driver\b/, "<driver type='qcow2'");
    out += xml.slice(pos, b.start) + d;
    pos = b.end;
  }
  return out + xml.slice(pos);
}

export interface NewVmEdits {
  name: string;
  vcpus?: number;
  memoryKiB?: number;
  /** undefined: keep interfaces (with new MACs); null: none; string: one virtio NIC on that network. */
  network?: string | null;
  /** Where file-backed serial/console output goes for the new VM. */
  consoleFile: string;
}

/** A copy of a domain definition as a new VM: new name, no UUID/MACs/NVRAM path, resized. */
export function asNewDomain(xml: string, e: NewVmEdits): string {
  let out = xml
    .replace(/<name>[^<]*<\/name>/, `<name>${escapeXml(e.name)}</name>`)
    .replace(/\s*<uuid>[^<]*<\/uuid>/, '')
    .replace(/\s*<mac address='[^']*'\/>/g, '')
    .replace(/\s*<nvram\b[^>]*\/>|\s*<nvram\b[^>]*>[\s\S]*?<\/nvram>/g, '')
    .replace(/\s*<seclabel\b[\s\S]*?<\/seclabel>|\s*<seclabel\b[^>]*\/>/g, '')
    .replace(/(<(?:serial|console) type='file'>[\s\S]*?<source path=')[^']*(')/g, `$1${escapeXml(e.consoleFile)}$2`)
    .replace(/^<domain([^>]*?) id='\d+'/, '<domain$1');
  if (e.vcpus !== undefined) out = out.replace(/<vcpu\b([^>]*)>\d+<\/vcpu>/, `<vcpu$1>${e.vcpus}</vcpu>`);
  if (e.memoryKiB !== undefined) {
    out = out
      .replace(/<memory\b[^>]*>\d+<\/memory>/, `<memory unit='KiB'>${e.memoryKiB}</memory>`)
      .replace(/<currentMemory\b[^>]*>\d+<\/currentMemory>/, `<currentMemory unit='KiB'>${e.memoryKiB}</currentMemory>`);
  }
  if (e.network !== undefined) {
    out = out.replace(/\s*<interface\b[\s\S]*?<\/interface>/g, '');
    if (e.network !== null) {
      out = out.replace(/<\/devices>/, `  <interface type='network'>\n      <source network='${escapeXml(e.network)}'/>\n      <model type='virtio'/>\n    </interface>\n  </devices>`);
    }
  }
  return out;
}

/** Drops writable disks not in `keep` (a new VM must never share the source's disk files). */
export function withoutDisks(xml: string, keep: string[]): string {
  return xml.replace(/\s*<disk\b[\s\S]*?<\/disk>/g, (block) => {
    const target = targetOf(block);
    const device = /device='([^']+)'/.exec(block)?.[1] ?? 'disk';
    const readonly = /<readonly\/>/.test(block) || device === 'cdrom' || device === 'floppy';
    return readonly || (target !== null && keep.includes(target)) ? block : '';
  });
}
