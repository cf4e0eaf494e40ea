// Snapvisor's record in a VM's own definition (<metadata>, Snapvisor's namespace): whether the VM is
// protected from removal, and for a VM Snapvisor made, how and under which UUID. Kept with the
// domain, not in SQLite, so every Snapvisor install and the CLI on any machine honour it; the UUID
// makes a hand-made copy of the definition (which gets another one) not Snapvisor's.
import { VIR_DOMAIN_AFFECT, attrOf, child, el, elements, parseTree, type Domain, type XmlNode } from '../../../native';
import type { HostImage } from '../files';
import { parseVolumeName } from '../files/volume-names';

export const VM_METADATA_NS = 'https://snapvisor.app/xmlns/vm/1';
const PREFIX = 'snapvisor';

/** How Snapvisor made a VM. */
export const VM_ORIGINS = ['restore-as-new', 'copy', 'import'] as const;
export type VmOrigin = (typeof VM_ORIGINS)[number];

export interface VmMeta {
  protected: boolean;
  /** Set for a VM Snapvisor made: how, and the UUID it gave the VM. */
  made: { as: VmOrigin; uuid: string } | null;
}

const NONE: VmMeta = { protected: false, made: null };

function fromElement(e: XmlNode): VmMeta {
  const as = attrOf(e, 'made');
  const uuid = attrOf(e, 'uuid');
  return { protected: attrOf(e, 'protected') === 'yes', made: VM_ORIGINS.some((o) => o === as) && uuid ? { as: as as VmOrigin, uuid: uuid.toLowerCase() } : null };
}

/** The element as it goes into a domain definition's <metadata> (prefixed, its namespace declared). */
export function vmMetaElement(m: VmMeta): XmlNode {
  return el(`${PREFIX}:vm`, { [`xmlns:${PREFIX}`]: VM_METADATA_NS, protected: m.protected ? 'yes' : undefined, made: m.made?.as, uuid: m.made?.uuid });
}

/** The namespace an element of a definition's <metadata> declares for itself (whatever its prefix). */
export function namespaceOf(e: XmlNode): string | undefined {
  const colon = e.name.indexOf(':');
  const ns = colon < 0 ? e.attrs.xmlns : e.attrs[`xmlns:${e.name.slice(0, colon)}`];
  return ns === undefined ? undefined : String(ns);
}

/** Whether an element of a definition's <metadata> is in Snapvisor's namespace (whatever its prefix). */
export function isVmMetaElement(e: XmlNode): boolean {
  return namespaceOf(e) === VM_METADATA_NS;
}

/** Snapvisor's record in a whole domain definition (no libvirt call: read from XML already fetched). */
export function vmMetaOfDomainXml(xml: string): VmMeta {
  if (!xml.includes(VM_METADATA_NS)) return NONE;
  const metadata = child(parseTree(xml), 'metadata');
  const mine = metadata ? elements(metadata).find(isVmMetaElement) : undefined;
  return mine ? fromElement(mine) : NONE;
}

/** The persistent definition's record. */
export function readVmMeta(dom: Domain): VmMeta {
  const xml = dom.metadataElement(VM_METADATA_NS, dom.isPersistent() ? VIR_DOMAIN_AFFECT.CONFIG : VIR_DOMAIN_AFFECT.LIVE);
  if (xml === null) return NONE;
  return fromElement(parseTree(xml));
}

/**
 * Whether Snapvisor made the VM, and so may remove it: its record names it made by Snapvisor under
 * its own UUID, or (a VM restored as new before the record existed) Snapvisor's pool holds a disk
 * made for it as a new VM — those are named by the UUID restore-as-new chose for it.
 */
export function madeBySnapvisor(meta: VmMeta, vmUuid: string, images: readonly HostImage[]): boolean {
  const uuid = vmUuid.toLowerCase();
  if (meta.made?.uuid === uuid) return true;
  return images.some((i) => i.vmUuid === uuid && i.name !== null && parseVolumeName(i.name)?.role === 'new');
}
