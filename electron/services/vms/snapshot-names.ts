// The names people gave the snapshots of a VM Snapvisor made from another host's snapshots (a
// copy, an import), kept in the VM's own definition (<metadata>, a namespace of Snapvisor's).
// Those snapshots' rows live in one database, and on the day the source host is gone the
// workstation holding that database may be gone with it. A new Snapvisor then finds the copies
// with libvirt's names only (`sv-<id>`: libvirt keeps a snapshot's XML, whose only free text is
// its description), and reconcile takes the names from here instead. A name that does not pass
// the display-name rule is left out: the snapshot keeps libvirt's name.
import { VIR_DOMAIN_AFFECT, attrOf, el, elements, parseTree, renderXml, type Domain } from '../../../native';
import { RULES, problemOf } from '../../../shared/rules';

export const SNAPSHOT_NAMES_NS = 'https://snapvisor.app/xmlns/snapshot-names/1';
const PREFIX = 'svnames';

/** Writes `names` (libvirt's name → the display name) as the VM's record, replacing the one it had. */
export function keepSnapshotNames(dom: Domain, names: ReadonlyMap<string, string>): void {
  const xml = renderXml(el('names', {}, ...[...names].map(([libvirt, name]) => el('snapshot', { libvirt, name }))));
  dom.setMetadataElement(xml, PREFIX, SNAPSHOT_NAMES_NS, VIR_DOMAIN_AFFECT.CONFIG);
}

/** The names in a record as libvirt gives it back; what does not read as a name is left out. */
export function parseSnapshotNames(xml: string | null): Map<string, string> {
  const names = new Map<string, string>();
  if (xml === null) return names;
  for (const e of elements(parseTree(xml))) {
    const libvirt = attrOf(e, 'libvirt');
    const name = attrOf(e, 'name');
    if (e.name.split(':').at(-1) === 'snapshot' && libvirt && name !== undefined && problemOf(RULES.displayName, name) === null) names.set(libvirt, name.trim());
  }
  return names;
}

/**
 * The record as it is now, to put back after a revert: a revert defines the snapshot's saved
 * definition (libvirt's revert, and Snapvisor's own external one), whose <metadata> is as it was
 * when the snapshot was taken, and the names are the VM's, not that snapshot's.
 */
export function holdSnapshotNames(dom: Domain): { putBack(): void } {
  const read = (): string | null => (dom.isPersistent() ? dom.metadataElement(SNAPSHOT_NAMES_NS, VIR_DOMAIN_AFFECT.CONFIG) : null);
  const held = read();
  return {
    putBack() {
      if (held !== null && read() !== held) dom.setMetadataElement(held, PREFIX, SNAPSHOT_NAMES_NS, VIR_DOMAIN_AFFECT.CONFIG);
    },
  };
}

/** The VM's record (empty when it has none): its persistent definition's. */
export async function keptSnapshotNames(dom: Domain): Promise<Map<string, string>> {
  if (!dom.isPersistent()) return new Map();
  return parseSnapshotNames(await dom.metadataElementAsync(SNAPSHOT_NAMES_NS, VIR_DOMAIN_AFFECT.CONFIG));
}
