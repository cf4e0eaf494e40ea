// The snapshot XML Snapvisor hands libvirt: built with native's escaping builder, carrying ids
// and paths we made, never a typed name.
import { el, escapeXml, renderXml, type XmlNode } from '../../native';
import type { DiskPlan } from './strategy';

export interface SnapshotXmlInput {
  libvirtName: string;
  description: string;
  memory: { snapshot: 'internal' | 'external' | 'no'; file?: string };
  disks: (DiskPlan & { overlay?: string })[];
}

export function createSnapshotXml(input: SnapshotXmlInput): string {
  const disks: XmlNode[] = input.disks.map((d) => {
    if (d.snapshot === 'external') {
      return el('disk', { name: d.target, snapshot: 'external', type: 'file' },
        el('driver', { type: 'qcow2' }),
        el('source', { file: d.overlay }));
    }
    return el('disk', { name: d.target, snapshot: d.snapshot });
  });
  const memory = input.memory.snapshot === 'external'
    ? el('memory', { snapshot: 'external', file: input.memory.file })
    : input.memory.snapshot === 'no' ? el('memory', { snapshot: 'no' }) : null;
  return renderXml(
    el('domainsnapshot', {},
      el('name', {}, input.libvirtName),
      input.description ? el('description', {}, input.description) : null,
      memory,
      disks.length ? el('disks', {}, ...disks) : null),
  );
}

/**
 * libvirt's snapshot XML with its own <description> replaced. Only the part before <state> is
 * touched: the <domain> inside holds the VM's description, which must stay as it is.
 */
export function withDescription(snapshotXml: string, description: string): string {
  const cut = snapshotXml.search(/<state>|<creationTime>|<domain[\s>]/);
  const head = cut === -1 ? snapshotXml : snapshotXml.slice(0, cut);
  const tail = cut === -1 ? '' : snapshotXml.slice(cut);
  const stripped = head.replace(/\s*<description>[\s\S]*?<\/description>|\s*<description\/>/, '');
  const insert = description ? `\n  <description>${escapeXml(description)}</description>` : '';
  const withDesc = stripped.replace(/(<\/name>)/, `$1${insert}`);
  return withDesc + tail;
}
