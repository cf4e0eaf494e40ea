// Targeted edits of libvirt-generated domain XML (a snapshot's domain made into a new VM, disks
// pointed at new files), through native's ordered XML tree: parsed, changed as values, written
// back by the escaping builder. Nothing depends on libvirt's quoting or layout.
import {
  attrOf, child, childrenNamed, el, isElement, mapElements, parseTree, renderTree, textOf, withAttrs, withChildren, withText, withoutDeep, type XmlChild, type XmlNode,
} from '../../../native';
import { SNAPSHOT_NAMES_NS } from './snapshot-names';
import { isVmMetaElement, namespaceOf, vmMetaElement, type VmMeta } from './vm-metadata';

/** The <domain> element inside a snapshot's XML. */
export function domainOfSnapshotXml(snapshotXml: string): string {
  const domain = child(parseTree(snapshotXml), 'domain');
  if (!domain) throw new Error('snapshot XML without a domain definition');
  return renderTree(domain);
}

function targetOf(disk: XmlNode): string | undefined {
  return attrOf(child(disk, 'target'), 'dev');
}

/** The domain's <devices>, changed by `f` (a domain without devices is left as it is). */
function editDevices(domain: XmlNode, f: (devices: XmlNode) => XmlNode): XmlNode {
  return mapElements(domain, (c) => (c.name === 'devices' ? f(c) : c));
}

/** One disk on a new file: a file disk, no stale backing chain, its driver of that format (qcow2 by default). */
function onNewFile(disk: XmlNode, file: string, format = 'qcow2'): XmlNode {
  const source = el('source', { file });
  const hadSource = child(disk, 'source') !== undefined;
  const hadDriver = child(disk, 'driver') !== undefined;
  const kids: XmlChild[] = [];
  if (!hadDriver) kids.push(el('driver', { name: 'qemu', type: format }));
  for (const c of disk.children) {
    if (!isElement(c)) continue;
    if (c.name === 'backingStore') continue;
    if (c.name === 'source') kids.push(source);
    else if (c.name === 'driver') kids.push(withAttrs(c, { type: format }));
    else if (c.name === 'target' && !hadSource) kids.push(source, c);
    else kids.push(c);
  }
  return withChildren(withAttrs(disk, { type: 'file' }), kids);
}

/** Points each listed disk target at a new file (qcow2 unless `formats` says), dropping its stale backing chain. */
export function withDiskSources(xml: string, sources: ReadonlyMap<string, string>, formats?: ReadonlyMap<string, string>): string {
  const domain = parseTree(xml);
  return renderTree(editDevices(domain, (devices) => mapElements(devices, (c) => {
    const target = c.name === 'disk' ? targetOf(c) ?? '' : '';
    const file = c.name === 'disk' ? sources.get(target) : undefined;
    return file === undefined ? c : onNewFile(c, file, formats?.get(target));
  })));
}

export interface NewVmEdits {
  name: string;
  /** The new VM's UUID; without one libvirt makes one up. */
  uuid?: string;
  vcpus?: number;
  memoryKiB?: number;
  /** undefined: keep interfaces (with new MACs); null: none; string: one virtio NIC on that network. */
  network?: string | null;
  /**
   * Keep the interfaces' MACs: a copy of the VM on another host (which stands in for it when the
   * source is gone) and whose memory snapshots restore only with the devices they were saved with.
   */
  keepMacs?: boolean;
  /** Where file-backed serial/console output goes for the new VM. */
  consoleFile: string;
  /** Snapvisor's record for the new VM (replaces the source's, if any). */
  meta?: VmMeta;
  /**
   * The file the new VM's NVRAM is filled from, where it is not the source's own NVRAM file: a
   * VM made on another host, to which its source's NVRAM was carried.
   */
  nvramTemplate?: string;
}

/** A serial or console device writing to a file, redirected to the new VM's own file. */
function withConsoleFile(device: XmlNode, file: string): XmlNode {
  if (attrOf(device, 'type') !== 'file') return device;
  return mapElements(device, (c) => (c.name === 'source' ? withAttrs(c, { path: file }) : c));
}

function newDevices(devices: XmlNode, e: NewVmEdits): XmlNode {
  const edited = mapElements(devices, (c) => {
    if (c.name === 'interface') {
      if (e.network !== undefined) return null;
      // libvirt gives the new VM MACs of its own.
      return e.keepMacs ? c : mapElements(c, (x) => (x.name === 'mac' ? null : x));
    }
    if (c.name === 'serial' || c.name === 'console') return withConsoleFile(c, e.consoleFile);
    return c;
  });
  if (typeof e.network !== 'string') return edited;
  const nic = el('interface', { type: 'network' }, el('source', { network: e.network }), el('model', { type: 'virtio' }));
  return withChildren(edited, [...edited.children, nic]);
}

/**
 * The new VM's NVRAM: libvirt names a file of its own for it (no path given) and fills it from the
 * template at its first start (qemuPrepareNVRAM copies when the file does not exist yet), so the
 * template is the source's own NVRAM — its boot entries and variables — not the firmware's blank.
 * A source without an NVRAM file keeps only its template, if any. A VM made on another host is
 * given the file its source's NVRAM was carried to.
 */
function newNvram(nvram: XmlNode, carried: string | undefined): XmlNode | null {
  const path = textOf(nvram)?.trim() || attrOf(child(nvram, 'source'), 'file');
  const template = carried ?? (path || attrOf(nvram, 'template'));
  return template ? el('nvram', { template }) : null;
}

/**
 * A copy of a domain definition as a new VM: new name, UUID, MACs and VM generation ID (an empty
 * <genid/> makes libvirt generate one), its own NVRAM copied from the source's, no labels, resized.
 */
export function asNewDomain(xml: string, e: NewVmEdits): string {
  const source = parseTree(xml);
  // A live definition carries the running domain's id and its security labels: neither is the new VM's.
  const domain = withoutDeep(withAttrs(source, { id: undefined }), 'seclabel');
  const hadUuid = child(domain, 'uuid') !== undefined;
  const ours = e.meta === undefined ? null : vmMetaElement(e.meta);
  const kids: XmlChild[] = [];
  for (const c of domain.children) {
    if (!isElement(c)) continue;
    switch (c.name) {
      case 'name':
        kids.push(withText(c, e.name));
        if (e.uuid !== undefined && !hadUuid) kids.push(el('uuid', {}, e.uuid));
        break;
      case 'uuid':
        if (e.uuid !== undefined) kids.push(withText(c, e.uuid));
        break;
      case 'metadata': {
        // The source's names for its own snapshots (snapshot-names.ts) are no names of the new VM's.
        const theirs = mapElements(c, (x) => (isVmMetaElement(x) || namespaceOf(x) === SNAPSHOT_NAMES_NS ? null : x));
        kids.push(ours ? withChildren(theirs, [...theirs.children, ours]) : theirs);
        break;
      }
      case 'vcpu':
        kids.push(e.vcpus === undefined ? c : withText(withAttrs(c, { current: undefined }), e.vcpus));
        break;
      case 'memory':
      case 'currentMemory':
        kids.push(e.memoryKiB === undefined ? c : withText(withAttrs(c, { unit: 'KiB' }), e.memoryKiB));
        break;
      case 'os':
        kids.push(mapElements(c, (x) => (x.name === 'nvram' ? newNvram(x, e.nvramTemplate) : x)));
        break;
      case 'genid':
        kids.push(el('genid', {}));
        break;
      case 'devices':
        kids.push(newDevices(c, e));
        break;
      default:
        kids.push(c);
    }
  }
  if (ours && !child(domain, 'metadata')) kids.splice(kids.findIndex((k) => isElement(k) && k.name === 'name') + 1, 0, el('metadata', {}, ours));
  return renderTree(withChildren(domain, kids));
}

/** A disk the new VM may share with its source: read-only media (CD-ROMs, floppies, read-only disks). */
function isReadOnlyMedia(disk: XmlNode): boolean {
  const device = attrOf(disk, 'device') ?? 'disk';
  return device === 'cdrom' || device === 'floppy' || child(disk, 'readonly') !== undefined;
}

/**
 * Drops writable disks not in `keep` (a new VM must never share the source's disk files), and
 * read-only media whose file `own` says is the source's alone (its cloud-init seed).
 */
export function withoutDisks(xml: string, keep: string[], own: (file: string) => boolean = () => false): string {
  const domain = parseTree(xml);
  return renderTree(editDevices(domain, (devices) => mapElements(devices, (c) => {
    if (c.name !== 'disk') return c;
    const file = attrOf(child(c, 'source'), 'file');
    if (isReadOnlyMedia(c)) return file !== undefined && own(file) ? null : c;
    const target = targetOf(c);
    return target !== undefined && keep.includes(target) ? c : null;
  })));
}

/**
 * Attaches a cloud-init seed image after the VM's disks (the boot disk stays first): a read-only
 * virtio disk — any machine type has a PCI slot for it, no controller to add, unlike a CD-ROM on
 * IDE (i440fx only) or SATA (q35 only) — that no snapshot ever takes.
 */
export function withSeedDisk(xml: string, file: string): string {
  const domain = parseTree(xml);
  return renderTree(editDevices(domain, (devices) => {
    const used = new Set(childrenNamed(devices, 'disk').map(targetOf));
    const free = [...'abcdefghijklmnopqrstuvwxyz'].map((l) => `vd${l}`).find((t) => !used.has(t));
    if (!free) throw new Error('no free virtio disk name for the seed');
    const seed = el('disk', { type: 'file', device: 'disk', snapshot: 'no' },
      el('driver', { name: 'qemu', type: 'raw' }), el('source', { file }), el('target', { dev: free, bus: 'virtio' }), el('readonly', {}));
    const kids = [...devices.children];
    const lastDisk = kids.findLastIndex((k) => isElement(k) && k.name === 'disk');
    kids.splice(lastDisk + 1, 0, seed);
    return withChildren(devices, kids);
  }));
}
