// Reconciliation: Snapvisor's rows against what libvirt and the files say. Snapshots made
// outside Snapvisor become `unmanaged` (adopt), rows whose snapshot vanished become `missing`
// (forget), and rows a crash left in a transient state are resolved.
//
// At 10,000 snapshots on 100 VMs: libvirt is read first, every VM at once with a few calls in
// flight on the connection (names and the current snapshot for every VM; XML only for the
// snapshots the store has no row for, and for rows a crash left creating); then the rows are
// compared in bulk and every change is written in one transaction; files a resolution frees
// are removed after it (through libvirt, like every file). Per VM that is two steps, `scanVm`
// (reads) and `reconcileVm` (compares and writes), for other per-VM checks to join.
import {
  VIR_ERR, callSlots, domainSlots, mapInFlight, ownAll, type CallSlots, type Connection, type Domain, type SnapshotDescription,
} from '../../../native';
import { newId } from '../../store/ids';
import type { SnapshotStub } from '../../store/snapshots-repo';
import type { ReconcileReport } from '../api';
import { announce, record, type EngineContext } from '../core/context';
import { SnapvisorError } from '../../../shared/errors';
import { isNotFound, toSnapvisorError } from '../hosts/libvirt-errors';
import type { Snapshot, SnapshotDisk, SnapshotKind } from '../../../shared/model';
import { TRANSIENT_STATES } from '../../../shared/model';
import { reconcileChains } from '../merges/merge-triggers';
import { putBackLoweredDowntimes } from '../snapshots/downtime-ledger';
import { dependentName } from '../policy/naming';
import { dataDiskTargets, syncCurrent } from '../vms/vm-info';
import { keptSnapshotNames } from '../vms/snapshot-names';

export function kindOf(d: SnapshotDescription): SnapshotKind {
  if (d.state === 'disk-snapshot') return 'hot';
  if (d.state === 'shutoff') return 'cold';
  return d.memory.snapshot === 'no' ? 'hot' : 'memory';
}

export function locationOf(d: SnapshotDescription): 'internal' | 'external' {
  return d.memory.snapshot === 'external' || d.disks.some((x) => x.snapshot === 'external') ? 'external' : 'internal';
}

/** Disks as recorded for a snapshot found in libvirt: the frozen image is the backing of the overlay. */
function disksOf(d: SnapshotDescription): SnapshotDisk[] {
  const domainDisks = d.domain?.disks ?? [];
  return d.disks.filter((x) => x.snapshot === 'internal' || x.snapshot === 'external').map((x) => {
    const dd = domainDisks.find((y) => y.target === x.name);
    return {
      target: x.name,
      location: x.snapshot === 'external' ? 'external' : 'internal',
      format: dd?.format ?? null,
      file: dd?.source ?? null,
      overlay: x.snapshot === 'external' ? x.file ?? null : null,
      sizeBytes: null,
    };
  });
}

/** What a snapshot needs to restore: its frozen images and memory file (not the overlay taken on top, a revert may discard it). */
function neededFiles(s: Snapshot): string[] {
  return [...s.disks.map((d) => d.file), s.memoryFile].filter((p): p is string => p !== null && p.startsWith('/'));
}

/** Files known to be gone; a file libvirt cannot see (outside every pool) counts as present. */
type Presence = ReadonlyMap<string, boolean | null>;

function filesPresent(s: Snapshot, presence: Presence): boolean {
  return neededFiles(s).every((p) => presence.get(p) !== false);
}

/** What a create makes before libvirt takes the snapshot: its overlays and memory image. */
function madeFiles(s: Snapshot): string[] {
  if (s.location !== 'external') return [];
  return [...s.disks.map((d) => d.overlay), s.memoryFile].filter((p): p is string => p !== null);
}

/** Rows whose fate depends on their files: extracted volumes, and external snapshots left deleting. */
const fateInFiles = (r: SnapshotStub): boolean => (r.libvirtName === null && !r.dependentOf) || (r.state === 'deleting' && r.location === 'external');

/** A create that failed here: its link may have died while the host went on, or left its files there. */
const failedCreate = (r: SnapshotStub): boolean => r.state === 'error' && r.libvirtName !== null && !r.dependentOf;

/** Asks the host (through libvirt) about the files of the rows whose fate depends on them. */
async function presenceOf(ctx: EngineContext, hostId: string, rows: readonly SnapshotStub[]): Promise<Presence> {
  const paths = new Set([
    ...rows.filter(fateInFiles).flatMap((r) => neededFiles(ctx.snapshots.require(r.id))),
    ...rows.filter((r) => failedCreate(r) && r.location === 'external').flatMap((r) => {
      const s = ctx.snapshots.require(r.id);
      return [...neededFiles(s), ...madeFiles(s)];
    }),
  ]);
  if (paths.size === 0) return new Map();
  return (await ctx.files.host(hostId)).presence(paths);
}

/** What the resolutions free, removed once they are written. */
interface Freed {
  /** Files of creates that never became snapshots, memory images of finished deletes. */
  files: string[];
  /** Restored VMs that are gone: their overlays no longer hold a snapshot. */
  vms: string[];
}

/** What one host's reconcile carries from step to step. */
interface Pass {
  report: ReconcileReport;
  presence: Presence;
  freed: Freed;
}

const JOB_WAIT_MS = 180_000;

/**
 * Waits while libvirt still runs a job on the VM: a process killed mid-snapshot leaves libvirtd
 * finishing it, and resolving the row before then would remove files libvirt is writing.
 * (libvirt 9.0 answers the query itself only when a snapshot's job mask allows it.) Only "none"
 * is the end: "completed" is the memory part of a snapshot whose disks are still to be switched
 * (the guest paused), and the snapshot can still fail there.
 */
async function libvirtJobEnded(dom: Domain): Promise<boolean> {
  const deadline = Date.now() + JOB_WAIT_MS;
  while (Date.now() < deadline) {
    const stats = await dom.jobStats().catch(() => null);
    if (!stats || stats.type === 'none') return true;
    await new Promise((r) => setTimeout(r, 200));
  }
  return false;
}

/** What libvirt says about one VM, read before anything is written. */
export interface VmScan {
  uuid: string;
  name: string;
  /** libvirt's snapshots of the VM, by name. */
  names: Set<string>;
  /** Parsed XML of the snapshots that need it: those the store has no row for, and rows left creating. */
  described: Map<string, SnapshotDescription>;
  /** libvirt's current snapshot; undefined when it could not be read (the stored flag stays). */
  current: string | null | undefined;
  /** Whether libvirt's job on the VM had ended (waited for only where rows need it). */
  jobEnded: boolean;
  /** Every layer of every disk the VM runs on or will start on, read where a failed create may free files: never freed. */
  inUse: Set<string>;
  /** The names Snapvisor kept in the VM's definition for its snapshots (vms/snapshot-names.ts), read when some have no row. */
  keptNames: ReadonlyMap<string, string>;
}

/** The files a VM's definitions (live and persistent) use, every backing layer included. */
async function filesInUse(dom: Domain): Promise<Set<string>> {
  const out = new Set<string>();
  const defs = [await dom.describeAsync(), ...(dom.isActive() ? [await dom.describeAsync({ inactive: true })] : [])];
  for (const d of defs) {
    for (const disk of d.disks) for (const f of [disk.source, ...disk.backingChain.map((b) => b.file)]) if (f) out.add(f);
  }
  return out;
}

/** The rows that stand for libvirt snapshots, by libvirt name (dependents and extracted volumes have none). */
function byLibvirtName(rows: readonly SnapshotStub[]): Map<string, SnapshotStub> {
  const out = new Map<string, SnapshotStub>();
  for (const r of rows) if (r.libvirtName !== null && !r.dependentOf) out.set(r.libvirtName, r);
  return out;
}

/**
 * Reads one VM from libvirt: its snapshots' names, the XML of those `rows` do not explain, and
 * the current snapshot. Null when the VM was undefined while we looked: its rows stay as they
 * are until the next reconcile.
 */
export async function scanVm(dom: Domain, uuid: string, rows: readonly SnapshotStub[], slots: CallSlots): Promise<VmScan | null> {
  try {
    // libvirt lists a snapshot from the start of its creation: rows left creating, and creates
    // that failed here, are judged by what libvirt holds only once its job has ended.
    const jobEnded = rows.some((r) => TRANSIENT_STATES.includes(r.state) || failedCreate(r)) ? await libvirtJobEnded(dom) : true;
    const inUse = rows.some(failedCreate) ? await slots(() => filesInUse(dom)) : new Set<string>();
    const known = byLibvirtName(rows);
    const listed = await slots(() => dom.snapshotNamesAsync((name) => {
      const row = known.get(name);
      return !row || row.state === 'creating' || row.state === 'error';
    }));
    using kept = ownAll(listed.kept);
    const described = new Map<string, SnapshotDescription>();
    // Another tool may delete a snapshot between the listing and its XML: it is gone, like one never listed.
    const descriptions = await mapInFlight(kept, (snap) => snap.describeAsync().catch((e: unknown) => {
      if (isNotFound(e, VIR_ERR.NO_DOMAIN_SNAPSHOT)) return null;
      throw e;
    }), domainSlots(slots));
    const names = new Set(listed.names);
    kept.forEach((snap, i) => {
      const d = descriptions[i];
      if (d) described.set(snap.name(), d);
      else names.delete(snap.name());
    });
    const current = await slots(() => dom.currentSnapshotNameAsync()).catch((): undefined => undefined);
    const keptNames = listed.names.some((n) => !known.has(n)) ? await slots(() => keptSnapshotNames(dom)) : new Map<string, string>();
    return { uuid, name: dom.name(), names, described, current, jobEnded, inUse, keptNames };
  } catch (e) {
    if (isNotFound(e, VIR_ERR.NO_DOMAIN)) return null;
    throw e;
  }
}

/** Both parts, the host's jobs held for the first (see JobQueue.hold). */
export async function reconcileHost(ctx: EngineContext, hostId: string): Promise<ReconcileReport> {
  return finishReconcile(ctx, hostId, await ctx.jobs.hold(hostId, () => reconcileRows(ctx, hostId)));
}

/** What reconcile's first part leaves for the rest: its report so far, and the revision it began at. */
export interface SettledRows {
  report: ReconcileReport;
  revision: number;
}

/**
 * Reconcile's first part: the rows against libvirt and the files, written in one transaction,
 * and the files the resolutions freed removed. Nothing else may change the host's rows while it
 * runs: run it with the host's jobs held.
 */
export async function reconcileRows(ctx: EngineContext, hostId: string): Promise<SettledRows> {
  try {
    return await reconcileRowsNow(ctx, hostId);
  } catch (e) {
    // A link that dies while we look is said as such, not as Snapvisor's internal error.
    throw toSnapvisorError(e, { hostId });
  }
}

/** Reconcile's second part: finish what deleted snapshots left (merges), remove what nothing needs, tell listeners. */
export async function finishReconcile(ctx: EngineContext, hostId: string, { report, revision }: SettledRows): Promise<ReconcileReport> {
  try {
    Object.assign(report, await reconcileChains(ctx, hostId));
    report.resolved += await putBackLoweredDowntimes(ctx, hostId, await ctx.hosts.connection(hostId));
  } catch (e) {
    throw toSnapvisorError(e, { hostId });
  }
  // Whatever changed meanwhile, reconcile's writes or a job's, a reload shows it.
  if (ctx.snapshots.revision() !== revision) ctx.changes.reconciled(hostId, report);
  return report;
}

async function reconcileRowsNow(ctx: EngineContext, hostId: string): Promise<SettledRows> {
  ctx.hosts.host(hostId);
  let conn;
  try {
    conn = await ctx.hosts.connection(hostId);
  } catch (e) {
    throw toSnapvisorError(e, { hostId });
  }
  const revision = ctx.snapshots.revision();
  // Stubs: the few columns compared; the whole row is read only where a resolution needs it.
  const byVm = new Map<string, SnapshotStub[]>();
  for (const r of ctx.snapshots.stubs(hostId)) {
    const list = byVm.get(r.vmUuid);
    if (list) list.push(r);
    else byVm.set(r.vmUuid, [r]);
  }
  const pass: Pass = {
    report: { adoptable: 0, missing: 0, resolved: 0, unchanged: 0 },
    presence: await presenceOf(ctx, hostId, [...byVm.values()].flat()),
    freed: { files: [], vms: [] },
  };
  const { scans, seenVms } = await scanHost(conn, byVm);
  ctx.snapshots.transaction(() => {
    for (const scan of scans) if (scan) reconcileVm(ctx, hostId, scan, byVm.get(scan.uuid) ?? [], pass);
    for (const [uuid, vmRows] of byVm) {
      if (seenVms.has(uuid)) continue;
      for (const r of vmRows.filter((x) => !x.dependentOf)) resolveAbsent(ctx, r, pass, new Set());
    }
    for (const r of ctx.policies.restoredOn(hostId)) {
      if (seenVms.has(r.vmUuid)) continue;
      // The restored VM is gone: its overlays (ours, named by its UUID) no longer hold the snapshot.
      ctx.policies.removeRestored(hostId, r.vmUuid);
      pass.freed.vms.push(r.vmUuid);
      record(ctx, { hostId, snapshotId: r.snapshotId, vmUuid: r.vmUuid, action: 'reconcile', outcome: 'info', detail: { restoredVmGone: r.vmName } });
    }
  });
  if (pass.freed.vms.length || pass.freed.files.length) {
    const files = await ctx.files.host(hostId);
    for (const vm of pass.freed.vms) await files.removeVm(vm);
    if (pass.freed.files.length) await files.removeAll(pass.freed.files);
  }
  return { report: pass.report, revision };
}

/** Every VM of the host read at once (the slots bound the calls in flight, not the VMs being read). */
async function scanHost(conn: Connection, byVm: ReadonlyMap<string, SnapshotStub[]>): Promise<{ scans: (VmScan | null)[]; seenVms: Set<string> }> {
  using domains = ownAll(conn.listAllDomains());
  const slots = callSlots();
  const uuids = domains.map((d) => d.uuid());
  const scans = await mapInFlight(domains.map((dom, i) => ({ dom, uuid: uuids[i]! })),
    ({ dom, uuid }) => scanVm(dom, uuid, byVm.get(uuid) ?? [], slots), callSlots(domains.length || 1));
  return { scans, seenVms: new Set(uuids) };
}

/** Compares one VM's rows with what libvirt said and writes what differs (inside the host's transaction). */
export function reconcileVm(ctx: EngineContext, hostId: string, scan: VmScan, rows: readonly SnapshotStub[], pass: Pass): void {
  const { report } = pass;
  const byName = byLibvirtName(rows);
  const fresh: string[] = [];
  for (const name of scan.names) {
    const row = byName.get(name);
    if (!row) {
      fresh.push(name);
      report.adoptable++;
      continue;
    }
    if (row.state === 'unmanaged') { report.adoptable++; continue; }
    if (row.state === 'ready' || row.state === 'error_deleting') { report.unchanged++; continue; }
    // A create that failed here but that libvirt holds was finished by the host after the link died;
    // one left creating, by a process killed meanwhile. Either is judged once libvirt's job ended.
    if ((row.state === 'creating' && !scan.jobEnded)
      || (row.state === 'error' && (!scan.jobEnded || (row.location === 'external' && !filesPresent(ctx.snapshots.require(row.id), pass.presence))))) {
      report.unchanged++;
      continue;
    }
    resolvePresent(ctx, row, scan.described.get(name), pass);
  }
  for (const row of rows) {
    if (row.dependentOf || row.libvirtName === null) {
      if (!row.dependentOf && row.libvirtName === null && row.state !== 'missing' && !filesPresent(ctx.snapshots.require(row.id), pass.presence)) {
        setState(ctx, row, 'missing', 'its files are gone');
        report.missing++;
      }
      continue;
    }
    if (!scan.names.has(row.libvirtName)) resolveAbsent(ctx, row, pass, scan.inUse);
  }
  // New rows take their parents from libvirt's tree: ids first, then each chain of new rows
  // from its oldest (a row's parent must exist before it does).
  const ids = new Map([...byName].map(([name, r]) => [name, r.id]));
  for (const name of fresh) ids.set(name, newId());
  const pending = new Set(fresh);
  for (const name of fresh) {
    const chain: string[] = [];
    for (let n: string | undefined = name; n !== undefined && pending.delete(n); n = scan.described.get(n)!.parent) chain.push(n);
    for (const n of chain.reverse()) {
      const d = scan.described.get(n)!;
      const parentId = d.parent === undefined ? null : ids.get(d.parent) ?? null;
      addUnmanaged(ctx, hostId, scan, ids.get(n)!, n, d, parentId);
    }
  }
  if (scan.current !== undefined) ctx.snapshots.setCurrent(hostId, scan.uuid, scan.current === null ? null : ids.get(scan.current) ?? null);
}

function addUnmanaged(ctx: EngineContext, hostId: string, vm: VmScan, id: string, libvirtName: string, d: SnapshotDescription, parentId: string | null): void {
  ctx.snapshots.insert({
    id, hostId, vm: { name: vm.name, uuid: vm.uuid }, libvirtName, name: vm.keptNames.get(libvirtName) ?? libvirtName.slice(0, 200),
    description: (d.description ?? '').slice(0, 10_000), kind: kindOf(d), state: 'unmanaged', location: locationOf(d),
    protected: false, parentId, dependentOf: null, origin: 'manual', scheduleId: null, quiesced: false,
    vmState: d.state, memoryFile: d.memory.file ?? null, expiresAt: null, disks: disksOf(d),
    createdAt: new Date((d.creationTime || Date.now() / 1000) * 1000).toISOString(),
  });
  record(ctx, { hostId, snapshotId: id, vmUuid: vm.uuid, action: 'reconcile', outcome: 'info', detail: { found: 'unmanaged', libvirtName } });
}

/** Inside the reconcile's transaction: the row with its dependents, and the audit event. */
function setState(ctx: EngineContext, row: SnapshotStub, state: Snapshot['state'], why: string): void {
  ctx.snapshots.setStates([row.id], state, state === 'ready' ? null : why);
  record(ctx, { hostId: row.hostId, snapshotId: row.id, vmUuid: row.vmUuid, action: 'reconcile', outcome: 'info', detail: { from: row.state, to: state, why } });
}

/** A row whose libvirt snapshot exists: finish what a crash interrupted. */
function resolvePresent(ctx: EngineContext, row: SnapshotStub, described: SnapshotDescription | undefined, { report, presence }: Pass): void {
  if (row.state === 'missing') {
    setState(ctx, row, 'ready', 'found again in libvirt');
    report.resolved++;
    return;
  }
  if (row.state === 'creating' || row.state === 'error') {
    // libvirt finished the snapshot before the crash (or after the link died): take what it says.
    const d = described!;
    ctx.snapshots.transaction(() => {
      const known = new Map(ctx.snapshots.require(row.id).disks.map((x) => [x.target, x]));
      ctx.snapshots.replaceDisks(row.id, disksOf(d).map((x) => ({ ...x, file: known.get(x.target)?.file ?? x.file })));
      ctx.snapshots.update(row.id, { vmState: d.state });
    });
    setState(ctx, row, 'ready', row.state === 'error' ? 'created by the host after the create failed here' : 'created before an interruption');
  } else if (row.state === 'deleting') {
    // libvirt deletes internal snapshots atomically; external ones are whole only with all their files.
    setState(ctx, row, row.location === 'internal' || filesPresent(ctx.snapshots.require(row.id), presence) ? 'ready' : 'error_deleting', 'deletion was interrupted');
  } else if (row.state === 'restoring') {
    setState(ctx, row, 'ready', 'restore was interrupted; the snapshot itself is intact');
  }
  report.resolved++;
}

/** A row whose libvirt snapshot (or VM) is gone; `inUse`: files its VM uses, never freed. */
function resolveAbsent(ctx: EngineContext, row: SnapshotStub, { report, freed, presence }: Pass, inUse: ReadonlySet<string>): void {
  switch (row.state) {
    case 'deleting': {
      // libvirt forgot it: finish what the delete had not yet freed (frozen images may still back the VM).
      const memory = ctx.snapshots.require(row.id).memoryFile;
      if (memory) freed.files.push(memory);
      ctx.snapshots.transaction(() => {
        ctx.snapshots.remove(row.id);
        record(ctx, { hostId: row.hostId, snapshotId: row.id, vmUuid: row.vmUuid, action: 'delete', outcome: 'succeeded', detail: { resolvedBy: 'reconcile' } });
      });
      report.resolved++;
      return;
    }
    case 'creating':
      if (row.location === 'external') freed.files.push(...madeFiles(ctx.snapshots.require(row.id)));
      setState(ctx, row, 'error', 'creation was interrupted before libvirt made the snapshot');
      report.resolved++;
      return;
    case 'unmanaged':
      ctx.snapshots.remove(row.id);
      return;
    case 'missing':
      report.missing++;
      return;
    case 'error': {
      // What a create that failed here could not remove (its link had died): freed now.
      const left = row.location === 'external' ? madeFiles(ctx.snapshots.require(row.id)).filter((p) => presence.get(p) === true && !inUse.has(p)) : [];
      freed.files.push(...left);
      if (left.length) report.resolved++;
      else report.unchanged++;
      return;
    }
    default:
      setState(ctx, row, 'missing', 'gone from libvirt');
      report.missing++;
  }
}

export async function adoptSnapshot(ctx: EngineContext, s: Snapshot): Promise<Snapshot> {
  if (s.state !== 'unmanaged') throw new SnapvisorError('invalid_input', { snapshot: s.name, reason: 'only_unmanaged_adopted', state: s.state });
  using dom = await ctx.hosts.domain(s.hostId, s.vm.uuid);
  const vm = dom.describe({ inactive: !dom.isActive() });
  const adopted = ctx.snapshots.transaction(() => {
    const u = ctx.snapshots.update(s.id, { state: 'ready', origin: 'adopted', error: null });
    for (const t of dataDiskTargets(vm, s.disks.map((d) => d.target))) {
      ctx.snapshots.insert({
        ...u, id: newId(), libvirtName: null, name: dependentName(u.name), description: '', kind: 'volume', protected: false,
        dependentOf: s.id, parentId: null, disks: s.disks.filter((d) => d.target === t), createdAt: u.createdAt,
      });
    }
    record(ctx, { hostId: s.hostId, snapshotId: s.id, vmUuid: s.vm.uuid, action: 'adopt', outcome: 'succeeded', detail: { libvirtName: s.libvirtName } });
    return u;
  });
  syncCurrent(ctx, s.hostId, dom);
  announce(ctx, s.hostId, s.vm.uuid, [s.id]);
  return ctx.snapshots.require(adopted.id);
}

export function forgetSnapshot(ctx: EngineContext, s: Snapshot): void {
  if (s.state !== 'missing' && s.state !== 'error') {
    throw new SnapvisorError('invalid_input', { snapshot: s.name, reason: 'only_missing_forgotten', state: s.state });
  }
  ctx.snapshots.transaction(() => {
    ctx.snapshots.remove(s.id);
    record(ctx, { hostId: s.hostId, snapshotId: s.id, vmUuid: s.vm.uuid, action: 'forget', outcome: 'succeeded', detail: { name: s.name } });
  });
  announce(ctx, s.hostId, s.vm.uuid, [s.id]);
}
