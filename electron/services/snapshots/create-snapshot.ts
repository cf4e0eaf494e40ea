// Creating a snapshot: plan, rows in `creating` (with dependent volume rows), files we own
// (0600), the libvirt call off the JS thread, then `ready` or `error` with nothing half-made.
import { VIR_DOMAIN_SNAPSHOT_CREATE, VIR_DOMAIN_SNAPSHOT_LIST, type Domain, type DomainDescription } from '../../../native';
import { newId } from '../../store/ids';
import { announce, record, type EngineContext } from '../core/context';
import { SnapvisorError } from '../../../shared/errors';
import type { HostFiles } from '../files';
import { localImage } from '../files/local-qemu-img';
import type { JobContext } from '../core/job-queue';
import { toSnapvisorError } from '../hosts/libvirt-errors';
import type { Snapshot, SnapshotDisk, SnapshotKind, SnapshotOrigin } from '../../../shared/model';
import { watchMemoryJob } from './memory-job';
import { downtimeLedger } from './downtime-ledger';
import { withShortPause } from './memory-pause';
import { dependentName, libvirtSnapshotName } from '../policy/naming';
import { createSnapshotXml } from './snapshot-xml';
import { isRunningState, planSnapshot, type StrategyPlan } from '../policy/strategy';
import { dataDiskTargets, describeVm, syncCurrent, vmState } from '../vms/vm-info';
import { changeSnapshotNames, keepNamesOrNote } from '../vms/snapshot-names';

export interface CreateInput {
  hostId: string;
  dom: Domain;
  kind: SnapshotKind;
  name: string;
  description: string;
  disks?: string[];
  quiesce?: boolean;
  protect?: boolean;
  origin: SnapshotOrigin;
  scheduleId?: string | null;
  /** Volume snapshots are never dependents; VM snapshots get one per data disk. */
  withDependents: boolean;
  /** When the kind cannot be made on this VM now but a nearest one can (mixed_chain's `nearest`), take that one. */
  orNearest?: boolean;
}

export function makePlan(ctx: EngineContext, input: Pick<CreateInput, 'hostId' | 'dom' | 'kind' | 'disks'>, vm: DomainDescription): StrategyPlan {
  return planSnapshot({
    caps: ctx.hosts.capabilities(input.hostId),
    driver: ctx.hosts.driver(input.hostId),
    vm,
    vmState: vmState(input.dom),
    kind: input.kind,
    internalSnapshots: input.dom.snapshotCount(VIR_DOMAIN_SNAPSHOT_LIST.INTERNAL),
    disks: input.disks,
  });
}

/** The plan for the kind asked for, or (orNearest) for the nearest kind this VM can take now. */
function planKind(ctx: EngineContext, input: CreateInput, vm: DomainDescription): { plan: StrategyPlan; kind: SnapshotKind } {
  try {
    return { plan: makePlan(ctx, input, vm), kind: input.kind };
  } catch (e) {
    const nearest = e instanceof SnapvisorError && e.code === 'mixed_chain' ? e.params.nearest : undefined;
    if (!input.orNearest || (nearest !== 'memory' && nearest !== 'cold')) throw e;
    return { plan: makePlan(ctx, { ...input, kind: nearest, disks: undefined }, vm), kind: nearest };
  }
}

function parentRowId(ctx: EngineContext, hostId: string, dom: Domain): string | null {
  try {
    using cur = dom.currentSnapshot();
    if (!cur) return null;
    return ctx.snapshots.byLibvirtName(hostId, dom.uuid(), cur.name())?.id ?? null;
  } catch {
    return null;
  }
}

async function quiesceDecision(dom: Domain, kind: SnapshotKind, asked: boolean | undefined): Promise<boolean> {
  if (kind !== 'hot') {
    if (asked) throw new SnapvisorError('quiesce_unavailable', { kind, reason: 'quiesce_hot_only' });
    return false;
  }
  const answers = await dom.agentPing(2);
  if (asked && !answers) throw new SnapvisorError('quiesce_unavailable', { vm: dom.name() });
  return asked ?? answers;
}

function flagsFor(plan: StrategyPlan, running: boolean, quiesce: boolean): number {
  const F = VIR_DOMAIN_SNAPSHOT_CREATE;
  if (plan.location === 'internal') return 0;
  let flags = F.REUSE_EXT;
  if (plan.memory === 'external') flags |= F.LIVE | F.ATOMIC;
  else flags |= F.DISK_ONLY | (running ? F.ATOMIC : 0);
  if (quiesce) flags |= F.QUIESCE;
  return flags;
}

/** A PNG of the VM's screen for the snapshot's thumbnail; null when it has no display. */
async function thumbnailOf(dom: Domain): Promise<Buffer | null> {
  try {
    return (await dom.screenshot(0)).data;
  } catch {
    return null;
  }
}

/** Bytes each disk's snapshot takes: an external one's overlay; an internal one's saved state (local hosts). */
async function diskSizes(ctx: EngineContext, hostId: string, files: HostFiles | null, disks: SnapshotDisk[], libvirtName: string): Promise<SnapshotDisk[]> {
  const out: SnapshotDisk[] = [];
  for (const d of disks) {
    let size: number | null = null;
    if (files && d.overlay) size = (await files.image(d.overlay))?.allocation ?? null;
    else if (d.file && ctx.hosts.isLocal(hostId)) {
      size = await localImage(d.file).then((i) => i.snapshots.find((s) => s.name === libvirtName)?.vmStateSize ?? null, () => null);
    }
    out.push({ ...d, sizeBytes: size });
  }
  return out;
}

export async function createSnapshot(ctx: EngineContext, input: CreateInput, job: JobContext | null): Promise<Snapshot> {
  const { hostId, dom } = input;
  const vm = describeVm(dom);
  const { plan, kind } = planKind(ctx, input, vm);
  const running = isRunningState(vmState(dom));
  const quiesce = await quiesceDecision(dom, kind, kind === input.kind ? input.quiesce : undefined);
  const id = newId();
  const libvirtName = libvirtSnapshotName(id);
  const selected = plan.disks.filter((d) => d.snapshot !== 'no');
  const files = plan.location === 'external' ? await ctx.files.host(hostId) : null;
  const overlayOf = (target: string): string | null => (files ? files.pathOf({ vmUuid: vm.uuid, role: 'snap', id, target }, 'qcow2') : null);
  const diskRows: SnapshotDisk[] = selected.map((d) => ({
    target: d.target,
    location: d.snapshot === 'no' ? 'none' : d.snapshot,
    format: d.format,
    file: d.source,
    overlay: d.snapshot === 'external' ? overlayOf(d.target) : null,
    sizeBytes: null,
  }));
  const memoryFile = files && plan.memory === 'external' ? files.pathOf({ vmUuid: vm.uuid, role: 'mem', id }, 'save') : null;
  const base = {
    hostId, vm: { name: vm.name, uuid: vm.uuid }, state: 'creating' as const, location: plan.location, libvirtName,
    protected: input.protect ?? false, parentId: parentRowId(ctx, hostId, dom), origin: input.origin,
    scheduleId: input.scheduleId ?? null, quiesced: quiesce, vmState: null, memoryFile, expiresAt: null,
  };
  const dependentTargets = input.withDependents ? dataDiskTargets(vm, diskRows.map((d) => d.target)) : [];
  ctx.snapshots.transaction(() => {
    ctx.snapshots.insert({ ...base, id, name: input.name, description: input.description, kind, dependentOf: null, disks: diskRows });
    for (const t of dependentTargets) {
      ctx.snapshots.insert({
        ...base, id: newId(), libvirtName: null, name: dependentName(input.name), description: '', kind: 'volume',
        dependentOf: id, protected: false, parentId: null, disks: diskRows.filter((d) => d.target === t),
      });
    }
    const policy = ctx.policies.get(hostId, vm.uuid);
    if (policy?.location !== plan.location || policy.reason !== plan.reason) ctx.policies.set(hostId, vm.uuid, plan.location, plan.reason);
    record(ctx, {
      hostId, snapshotId: id, vmUuid: vm.uuid, action: 'create', outcome: 'started',
      detail: { kind, ...(kind !== input.kind ? { asked: input.kind } : {}), location: plan.location, reason: plan.reason, quiesce, origin: input.origin },
    });
  });
  announce(ctx, hostId, vm.uuid, [id]);

  let stopWatching = (): void => undefined;
  try {
    if (files) {
      for (const d of selected) {
        if (d.snapshot !== 'external') continue;
        if (!d.source) throw new SnapvisorError('disk_not_found', { disk: d.target, reason: 'no_source_file' });
        await files.overlay({ vmUuid: vm.uuid, role: 'snap', id, target: d.target, backing: { path: d.source, format: d.format ?? 'raw' } });
      }
      if (memoryFile) await files.memoryFile(vm.uuid, id);
    }
    const xml = createSnapshotXml({
      libvirtName, description: input.description,
      memory: { snapshot: plan.memory === 'external' ? 'external' : plan.location === 'external' ? 'no' : 'internal', file: memoryFile ?? undefined },
      disks: plan.disks.map((d) => ({ ...d, overlay: d.snapshot === 'external' ? overlayOf(d.target) ?? undefined : undefined })),
    });
    const thumbnail = running ? await thumbnailOf(dom) : null;
    if (job && files && memoryFile) stopWatching = watchMemoryJob(dom, () => files.hasData(memoryFile), job);
    const flags = flagsFor(plan, running, quiesce);
    using snap = memoryFile && running
      ? await withShortPause(dom, memoryFile, ctx.hosts.isLocal(hostId), ctx.memoryPause, downtimeLedger(ctx, hostId, vm.uuid), () => dom.createSnapshot(xml, flags))
      : await dom.createSnapshot(xml, flags);
    stopWatching();
    const desc = snap.describe();
    const sized = await diskSizes(ctx, hostId, files, diskRows, libvirtName);
    const memSize = files && memoryFile ? (await files.image(memoryFile))?.allocation ?? null : null;
    const total = sized.reduce((a, d) => a + (d.sizeBytes ?? 0), memSize ?? 0);
    ctx.snapshots.transaction(() => {
      ctx.snapshots.replaceDisks(id, sized);
      ctx.snapshots.update(id, { state: 'ready', vmState: desc.state, sizeBytes: sized.some((d) => d.sizeBytes !== null) || memSize !== null ? total : null });
      for (const dep of ctx.snapshots.dependents(id)) {
        const disks = sized.filter((d) => d.target === dep.disks[0]?.target);
        ctx.snapshots.replaceDisks(dep.id, disks);
        ctx.snapshots.update(dep.id, { state: 'ready', vmState: desc.state, sizeBytes: disks[0]?.sizeBytes ?? null });
      }
      if (thumbnail) ctx.snapshots.setThumbnail(id, thumbnail);
      record(ctx, { hostId, snapshotId: id, vmUuid: vm.uuid, action: 'create', outcome: 'succeeded', detail: { libvirtName, sizeBytes: total } });
    });
    syncCurrent(ctx, hostId, dom);
    await keepNamesOrNote(ctx, { hostId, snapshotId: id, vmUuid: vm.uuid, action: 'create' }, () => changeSnapshotNames(dom, { set: new Map([[libvirtName, input.name]]) }));
    announce(ctx, hostId, vm.uuid, [id]);
    return ctx.snapshots.require(id);
  } catch (e) {
    stopWatching();
    const err = job?.cancelled ? new SnapvisorError('job_cancelled', { snapshotId: id }) : toSnapvisorError(e, { vm: vm.name });
    if (files) await files.removeAll([...diskRows.map((d) => d.overlay), memoryFile]);
    ctx.snapshots.transaction(() => {
      ctx.snapshots.update(id, { state: 'error', error: err.message });
      for (const dep of ctx.snapshots.dependents(id)) ctx.snapshots.update(dep.id, { state: 'error', error: err.message });
      record(ctx, { hostId, snapshotId: id, vmUuid: vm.uuid, action: 'create', outcome: 'failed', detail: { code: err.code, params: err.params } });
    });
    announce(ctx, hostId, vm.uuid, [id]);
    throw err;
  }
}
