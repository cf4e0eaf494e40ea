// The names people gave a VM's snapshots, kept in the VM's own definition (<metadata>, a
// namespace of Snapvisor's). The rows live in one database, and the workstation holding it can
// be lost: on the day the source host is gone it may be gone with it (a copy's rows too), or it
// dies alone while the hosts it managed over SSH live on. A new Snapvisor then finds the
// snapshots with libvirt's names only (`sv-<id>`: libvirt keeps a snapshot's XML, whose only free
// text is its description), and reconcile takes the names from here instead.
//
// Each create, rename and delete changes its own entry and keeps the others (another Snapvisor's
// on the same host among them); copies and imports write theirs as they make the snapshots. A
// restore defines the snapshot's saved definition, whose <metadata> is of that snapshot's time,
// so the record is held across it and put back. A name that does not pass the display-name rule
// is left out: the snapshot keeps libvirt's name. Keeping the record never fails the operation
// it follows: a failure is noted in the audit log, and the operation stands.
import { VIR_DOMAIN_AFFECT, attrOf, el, elements, parseTree, renderXml, type Domain } from '../../../native';
import type { EventAction } from '../../../shared/vocabulary';
import { RULES, problemOf } from '../../../shared/rules';
import { record, type EngineContext } from '../core/context';
import { toSnapvisorError } from '../hosts/libvirt-errors';

export const SNAPSHOT_NAMES_NS = 'https://snapvisor.app/xmlns/snapshot-names/1';
const PREFIX = 'svnames';

/** Writes `names` (libvirt's name → the display name) as the VM's record, replacing the one it had (none when empty). */
export function keepSnapshotNames(dom: Domain, names: ReadonlyMap<string, string>): void {
  const xml = names.size === 0 ? null : renderXml(el('names', {}, ...[...names].map(([libvirt, name]) => el('snapshot', { libvirt, name }))));
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
 * The record as it is now, to put back after a restore: a restore defines the snapshot's saved
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

/** Sets the names of `set` and drops the entries of `drop` in the VM's record; the other entries stay. */
export async function changeSnapshotNames(dom: Domain, change: { set?: ReadonlyMap<string, string>; drop?: Iterable<string> }): Promise<void> {
  if (!dom.isPersistent()) return;
  const names = await keptSnapshotNames(dom);
  let changed = false;
  for (const [libvirt, name] of change.set ?? []) {
    if (names.get(libvirt) === name) continue;
    names.set(libvirt, name);
    changed = true;
  }
  for (const libvirt of change.drop ?? []) changed = names.delete(libvirt) || changed;
  if (changed) keepSnapshotNames(dom, names);
}

/** Runs `keep` (a change of the record after `action`); a failure goes to the audit log, never further. */
export async function keepNamesOrNote(
  ctx: EngineContext, at: { hostId: string; snapshotId: string | null; vmUuid: string; action: EventAction }, keep: () => void | Promise<void>,
): Promise<void> {
  try {
    await keep();
  } catch (e) {
    const err = toSnapvisorError(e);
    record(ctx, { ...at, outcome: 'info', detail: { snapshotNamesKept: false, code: err.code, params: err.params } });
  }
}
