// The definitions of a VM made on one host from another host's (a copy VM, an imported VM): the
// domain under its own name and UUID (MACs kept, so memory snapshots restore and the copy stands in for the source;
// disks on the target's files; disks that were not copied left out), and each snapshot's XML for
// libvirt's REDEFINE (its domain so made, its memory file and parent on the target). Through
// native's XML tree, never by text.
import { attrOf, child, el, mapElements, parseTree, renderTree, withAttrs, withChildren, withText, type XmlNode } from '../../../native';
import { asNewDomain, withDiskSources, withoutDisks } from '../vms/domain-xml-edit';
import type { VmOrigin } from '../vms/vm-metadata';

export interface CopyDomainEdits {
  name: string;
  uuid: string;
  /** How Snapvisor made it (its record in the definition). */
  made: VmOrigin;
  /** Per copied disk target, its file on the target and that file's format. */
  disks: ReadonlyMap<string, { file: string; format: string }>;
  consoleFile: string;
  /** Read-only media that are the source's own (its cloud-init seed): not the copy's. */
  ownFile: (file: string) => boolean;
  /** Where the source's NVRAM was carried on this host (asNewDomain). */
  nvramTemplate?: string;
}

/** A source domain definition (its own, or one inside a snapshot) as the copy VM's. */
export function copyDomainXml(domainXml: string, e: CopyDomainEdits): string {
  const sources = new Map([...e.disks].map(([t, d]) => [t, d.file]));
  const formats = new Map([...e.disks].map(([t, d]) => [t, d.format]));
  const onFiles = withDiskSources(withoutDisks(domainXml, [...e.disks.keys()], e.ownFile), sources, formats);
  return asNewDomain(onFiles, {
    name: e.name, uuid: e.uuid, consoleFile: e.consoleFile, keepMacs: true, meta: { protected: false, made: { as: e.made, uuid: e.uuid } }, nvramTemplate: e.nvramTemplate,
  });
}

export interface CopySnapshotEdits {
  /** The copy VM's domain at the snapshot (copyDomainXml of the snapshot's domain). */
  domainXml: string;
  /** The parent's libvirt name on the target (null: a root there). */
  parent: string | null;
  /** The memory file on the target, for snapshots that have one. */
  memory: string | null;
  /**
   * Per disk, the overlay the snapshot names as written after it: on the target a file that does
   * not exist (libvirt >= 9.9 reverts by making it anew; Snapvisor's own revert makes its own).
   */
  overlays: ReadonlyMap<string, string>;
}

/** The source snapshot's XML as the copy VM's, for VIR_DOMAIN_SNAPSHOT_CREATE_REDEFINE. */
export function copySnapshotXml(snapshotXml: string, e: CopySnapshotEdits): string {
  const snap = parseTree(snapshotXml);
  const domain = parseTree(e.domainXml);
  const copied = (disk: XmlNode): boolean => e.overlays.has(attrOf(disk, 'name') ?? '');
  let edited = mapElements(snap, (c): XmlNode | null => {
    switch (c.name) {
      case 'parent':
        return e.parent === null ? null : mapElements(c, (x) => (x.name === 'name' ? withText(x, e.parent!) : x));
      case 'memory':
        return e.memory === null ? c : withAttrs(c, { snapshot: 'external', file: e.memory });
      case 'disks':
        return mapElements(c, (d) => {
          if (attrOf(d, 'snapshot') !== 'external') return attrOf(d, 'snapshot') === 'no' ? d : null;
          if (!copied(d)) return null;
          return mapElements(d, (x) => (x.name === 'source' ? withAttrs(x, { file: e.overlays.get(attrOf(d, 'name')!)! }) : x));
        });
      case 'domain':
        return domain;
      case 'inactiveDomain':
        return null;
      default:
        return c;
    }
  });
  if (e.parent !== null && !child(edited, 'parent')) edited = withChildren(edited, [...edited.children, el('parent', {}, el('name', {}, e.parent))]);
  return renderTree(edited);
}
