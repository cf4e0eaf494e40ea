// Reconciliation: Snapvisor's rows against what libvirt and the files say. Snapshots made
// outside Snapvisor become `unmanaged` (adopt), rows whose snapshot vanished become `missing`
// (forget), and rows a crash left in a transient state are resolved.
import { VIR_ERR, type Domain, type DomainSnapshot, type SnapshotDescription } from '../../native';
import { newId } from '../store/ids';
import type { ReconcileReport } from './api';
import { announce, record, type EngineContext } from './context';
import { SnapvisorError } from './errors';
import { isNotFound, toSnapvisorError } from './libvirt-errors';
import type { Snapshot, SnapshotDisk, SnapshotKind } from './model';
import { TRANSIENT_STATES } from './model';
import { dependentName } from './naming';
import { dataDiskTargets, syncCurrent } from './vm-info';

interface LibvirtSnap {
  name: string;
  handle: DomainSnapshot;
}

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

/** Asks the host (through libvirt) about the files of the rows whose fate depends on them. */
async function presenceOf(ctx: EngineContext, hostId: string, rows: Snapshot[]): Promise<Presence> {
  const paths = new Set(rows.filter((r) => (r.libvirtName === null && !r.dependentOf) || (r.state === 'deleting' && r.location === 'external')).flatMap(neededFiles));
  const out = new Map<string, boolean | null>();
  if (paths.size === 0) return out;
  const files = await ctx.files.host(hostId);
  for (const p of paths) out.set(p, await files.exists(p));
  return out;
}

/** What a resolution leaves to remove: files of a create that never became a snapshot. */
type Trash = string[];

function listSnapshots(dom: Domain): LibvirtSnap[] {
  return dom.listAllSnapshots().map((handle) => ({ name: handle.name(), handle }));
}

function parentName(h: DomainSnapshot): string | null {
  const p = h.parent();
  if (!p) return null;
  const n = p.name();
  p.close();
  return n;
}

const JOB_WAIT_MS = 180_000;

/**
 * Waits while libvirt still runs a job on the VM: a process killed mid-snapshot leaves libvirtd
 * finishing it, and resolving the row before then would remove files libvirt is writing.
 * (libvirt 9.0 answers the query itself only when a snapshot's job mask allows it.)
 */
async function libvirtJobEnded(dom: Domain): Promise<void> {
  const deadline = Date.now() + JOB_WAIT_MS;
  while (Date.now() < deadline) {
    const stats = await dom.jobStats().catch(() => null);
    if (!stats || (stats.type !== 'bounded' && stats.type !== 'unbounded')) return;
    await new Promise((r) => setTimeout(r, 200));
  }
}

export async function reconcileHost(ctx: EngineContext, hostId: string): Promise<ReconcileReport> {
  const report: ReconcileReport = { adoptable: 0, missing: 0, resolved: 0, unchanged: 0 };
  ctx.hosts.host(hostId);
  let conn;
  try {
    conn = await ctx.hosts.connection(hostId);
  } catch (e) {
    throw toSnapvisorError(e, { hostId });
  }
  const rows = ctx.snapshots.list({ hostId, includeDependents: true });
  const byVm = new Map<string, Snapshot[]>();
  for (const r of rows) byVm.set(r.vm.uuid, [...(byVm.get(r.vm.uuid) ?? []), r]);
  const touched = new Set<string>();
  const presence = await presenceOf(ctx, hostId, rows);
  const trash: Trash = [];
  const domains = conn.listAllDomains();
  const seenVms = new Set<string>();
  try {
    for (const dom of domains) {
      const uuid = dom.uuid();
      seenVms.add(uuid);
      const vmRows = byVm.get(uuid) ?? [];
      try {
        if (vmRows.some((r) => TRANSIENT_STATES.includes(r.state))) await libvirtJobEnded(dom);
        const snaps = listSnapshots(dom);
        try {
          reconcileVm(ctx, hostId, dom, vmRows, snaps, report, touched, presence, trash);
        } finally {
          for (const s of snaps) s.handle.close();
        }
        syncCurrent(ctx, hostId, dom);
      } catch (e) {
        // Undefined while we looked: its rows stay as they are until the next reconcile.
        if (!isNotFound(e, VIR_ERR.NO_DOMAIN)) throw e;
      }
    }
  } finally {
    for (const d of domains) d.close();
  }
  for (const [uuid, vmRows] of byVm) {
    if (seenVms.has(uuid)) continue;
    for (const r of vmRows.filter((x) => !x.dependentOf)) resolveAbsent(ctx, r, report, touched, trash);
  }
  for (const r of ctx.policies.restoredOn(hostId)) {
    if (seenVms.has(r.vmUuid)) continue;
    // The restored VM is gone: its overlays (ours, named by its UUID) no longer hold the snapshot.
    ctx.policies.removeRestored(hostId, r.vmUuid);
    await (await ctx.files.host(hostId)).removeVm(r.vmUuid);
    record(ctx, { hostId, snapshotId: r.snapshotId, vmUuid: r.vmUuid, action: 'reconcile', outcome: 'info', detail: { restoredVmGone: r.vmName } });
  }
  if (trash.length) await (await ctx.files.host(hostId)).removeAll(trash);
  if (touched.size) announce(ctx, hostId, null, [...touched]);
  return report;
}

function reconcileVm(ctx: EngineContext, hostId: string, dom: Domain, rows: Snapshot[], snaps: LibvirtSnap[], report: ReconcileReport, touched: Set<string>, presence: Presence, trash: Trash): void {
  const names = new Set(snaps.map((s) => s.name));
  const byName = new Map(rows.filter((r) => r.libvirtName && !r.dependentOf).map((r) => [r.libvirtName!, r]));
  const fresh: { snap: LibvirtSnap; row: Snapshot }[] = [];
  for (const snap of snaps) {
    const row = byName.get(snap.name);
    if (!row) {
      fresh.push({ snap, row: addUnmanaged(ctx, hostId, dom, snap) });
      report.adoptable++;
      continue;
    }
    if (row.state === 'unmanaged') { report.adoptable++; continue; }
    if (row.state === 'ready' || row.state === 'error_deleting' || row.state === 'error') { report.unchanged++; continue; }
    resolvePresent(ctx, row, snap, report, touched, presence);
  }
  for (const row of rows) {
    if (row.dependentOf || row.libvirtName === null) {
      if (!row.dependentOf && row.libvirtName === null && !filesPresent(row, presence) && row.state !== 'missing') {
        setState(ctx, [row], 'missing', 'its files are gone');
        report.missing++;
        touched.add(row.id);
      }
      continue;
    }
    if (!names.has(row.libvirtName)) resolveAbsent(ctx, row, report, touched, trash);
  }
  // Parents of new rows come from libvirt's tree.
  const all = new Map(ctx.snapshots.list({ hostId, vmUuid: dom.uuid() }).filter((r) => r.libvirtName).map((r) => [r.libvirtName!, r.id]));
  for (const { snap, row } of fresh) {
    const p = parentName(snap.handle);
    if (p && all.get(p)) ctx.snapshots.update(row.id, { parentId: all.get(p)! });
    touched.add(row.id);
  }
}

function addUnmanaged(ctx: EngineContext, hostId: string, dom: Domain, snap: LibvirtSnap): Snapshot {
  const d = snap.handle.describe();
  const id = newId();
  const row = ctx.snapshots.transaction(() => {
    const r = ctx.snapshots.insert({
      id, hostId, vm: { name: dom.name(), uuid: dom.uuid() }, libvirtName: snap.name, name: snap.name.slice(0, 200),
      description: (d.description ?? '').slice(0, 10_000), kind: kindOf(d), state: 'unmanaged', location: locationOf(d),
      protected: false, parentId: null, dependentOf: null, origin: 'manual', scheduleId: null, quiesced: false,
      vmState: d.state, memoryFile: d.memory.file ?? null, expiresAt: null, disks: disksOf(d),
      createdAt: new Date((d.creationTime || Date.now() / 1000) * 1000).toISOString(),
    });
    record(ctx, { hostId, snapshotId: id, vmUuid: r.vm.uuid, action: 'reconcile', outcome: 'info', detail: { found: 'unmanaged', libvirtName: snap.name } });
    return r;
  });
  return row;
}

function setState(ctx: EngineContext, rows: Snapshot[], state: Snapshot['state'], why: string): void {
  ctx.snapshots.transaction(() => {
    for (const r of rows) {
      ctx.snapshots.update(r.id, { state, error: state === 'ready' ? null : why });
      for (const dep of ctx.snapshots.dependents(r.id)) ctx.snapshots.update(dep.id, { state, error: state === 'ready' ? null : why });
      record(ctx, { hostId: r.hostId, snapshotId: r.id, vmUuid: r.vm.uuid, action: 'reconcile', outcome: 'info', detail: { from: r.state, to: state, why } });
    }
  });
}

/** A row whose libvirt snapshot exists: finish what a crash interrupted. */
function resolvePresent(ctx: EngineContext, row: Snapshot, snap: LibvirtSnap, report: ReconcileReport, touched: Set<string>, presence: Presence): void {
  touched.add(row.id);
  if (row.state === 'missing') {
    setState(ctx, [row], 'ready', 'found again in libvirt');
    report.resolved++;
    return;
  }
  if (row.state === 'creating') {
    // libvirt finished the snapshot before the crash: take what it says.
    const d = snap.handle.describe();
    ctx.snapshots.transaction(() => {
      const known = new Map(row.disks.map((x) => [x.target, x]));
      ctx.snapshots.replaceDisks(row.id, disksOf(d).map((x) => ({ ...x, file: known.get(x.target)?.file ?? x.file })));
      ctx.snapshots.update(row.id, { vmState: d.state });
    });
    setState(ctx, [row], 'ready', 'created before an interruption');
  } else if (row.state === 'deleting') {
    // libvirt deletes internal snapshots atomically; external ones are whole only with all their files.
    setState(ctx, [row], row.location === 'internal' || filesPresent(row, presence) ? 'ready' : 'error_deleting', 'deletion was interrupted');
  } else if (row.state === 'restoring') {
    setState(ctx, [row], 'ready', 'restore was interrupted; the snapshot itself is intact');
  }
  report.resolved++;
}

/** A row whose libvirt snapshot (or VM) is gone. */
function resolveAbsent(ctx: EngineContext, row: Snapshot, report: ReconcileReport, touched: Set<string>, trash: Trash): void {
  touched.add(row.id);
  switch (row.state) {
    case 'deleting':
      // libvirt forgot it: finish what the delete had not yet freed (frozen images may still back the VM).
      if (row.memoryFile) trash.push(row.memoryFile);
      ctx.snapshots.transaction(() => {
        ctx.snapshots.remove(row.id);
        record(ctx, { hostId: row.hostId, snapshotId: row.id, vmUuid: row.vm.uuid, action: 'delete', outcome: 'succeeded', detail: { resolvedBy: 'reconcile' } });
      });
      report.resolved++;
      return;
    case 'creating':
      if (row.location === 'external') trash.push(...row.disks.map((d) => d.overlay).filter((p): p is string => p !== null), ...(row.memoryFile ? [row.memoryFile] : []));
      setState(ctx, [row], 'error', 'creation was interrupted before libvirt made the snapshot');
      report.resolved++;
      return;
    case 'unmanaged':
      ctx.snapshots.remove(row.id);
      return;
    case 'missing':
      report.missing++;
      return;
    case 'error':
      report.unchanged++;
      return;
    default:
      setState(ctx, [row], 'missing', 'gone from libvirt');
      report.missing++;
  }
}

export async function adoptSnapshot(ctx: EngineContext, s: Snapshot): Promise<Snapshot> {
  if (s.state !== 'unmanaged') throw new SnapvisorError('invalid_input', { snapshot: s.name, reason: 'only_unmanaged_adopted', state: s.state });
  const dom = await ctx.hosts.domain(s.hostId, s.vm.uuid);
  try {
    const vm = dom.describe({ inactive: !dom.isActive() });
    const policy = ctx.policies.get(s.hostId, s.vm.uuid);
    const adopted = ctx.snapshots.transaction(() => {
      const u = ctx.snapshots.update(s.id, { state: 'ready', origin: 'adopted', error: null });
      for (const t of dataDiskTargets(vm, s.disks.map((d) => d.target))) {
        ctx.snapshots.insert({
          ...u, id: newId(), libvirtName: null, name: dependentName(u.name), description: '', kind: 'volume', protected: false,
          dependentOf: s.id, parentId: null, disks: s.disks.filter((d) => d.target === t), createdAt: u.createdAt,
        });
      }
      if (!policy) ctx.policies.set(s.hostId, s.vm.uuid, s.location, `adopted ${s.location} snapshot`);
      record(ctx, { hostId: s.hostId, snapshotId: s.id, vmUuid: s.vm.uuid, action: 'adopt', outcome: 'succeeded', detail: { libvirtName: s.libvirtName } });
      return u;
    });
    syncCurrent(ctx, s.hostId, dom);
    announce(ctx, s.hostId, s.vm.uuid, [s.id]);
    return ctx.snapshots.require(adopted.id);
  } finally {
    dom.close();
  }
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
