// The snapshot XML Snapvisor hands libvirt: built with native's escaping builder, carrying ids
// and paths we made, never a typed name; libvirt's own snapshot XML changed through the tree.
import { el, isElement, parseTree, renderTree, renderXml, withChildren, type XmlChild, type XmlNode } from '../../../native';
import type { DiskPlan } from '../policy/strategy';

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
 * libvirt's snapshot XML with its own <description> replaced (for REDEFINE). Only the snapshot's
 * own element changes: the <domain> inside holds the VM's description, which stays as it is.
 */
export function withDescription(snapshotXml: string, description: string): string {
  const snapshot = parseTree(snapshotXml);
  const kids: XmlChild[] = [];
  for (const c of snapshot.children) {
    if (isElement(c) && c.name === 'description') continue;
    kids.push(c);
    if (isElement(c) && c.name === 'name' && description) kids.push(el('description', {}, description));
  }
  return renderTree(withChildren(snapshot, kids));
}
