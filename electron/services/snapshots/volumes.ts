// Volume snapshots: restore one disk in place or into a new volume (same size and format), and
// extract one disk of a VM snapshot into a standalone volume snapshot Snapvisor owns.
import { existsSync } from 'node:fs';
import { posix } from 'node:path';
import { Connection, type Domain, type DomainDisk } from '../../../native';
import { newId } from '../../store/ids';
import type { ExtractVolumeRequest, VolumeRestoreRequest, VolumeRestoreResult } from '../api';
import { announce, record, type EngineContext } from '../core/context';
import { withDiskSources } from '../vms/domain-xml-edit';
import { SnapvisorError } from '../../../shared/errors';
import type { HostFiles, ImageFormat } from '../files';
import { localCopyOfInternal, localImage, qemuImg, requireLocal } from '../files/local-qemu-img';
import { currentSources, freshTops } from './external-revert';
import { discardTops } from './image-chain';
import { toSnapvisorError } from '../hosts/libvirt-errors';
import type { Snapshot, SnapshotDisk } from '../../../shared/model';
import { materialize } from './restore-as-new';
import { validateName, validateResourceName } from '../policy/validation';
import { vmState } from '../vms/vm-info';

/** The libvirt snapshot a volume row's data lives in: its own, or its VM snapshot's. */
function holderSnapshot(ctx: EngineContext, s: Snapshot): Snapshot {
  return s.dependentOf ? ctx.snapshots.require(s.dependentOf) : s;
}

function theDisk(s: Snapshot): SnapshotDisk {
  const d = s.disks[0];
  if (!d || s.disks.length !== 1) throw new SnapvisorError('invalid_input', { snapshot: s.name, reason: 'not_a_volume_snapshot' });
  return d;
}

export async function restoreVolume(ctx: EngineContext, s: Snapshot, req: VolumeRestoreRequest): Promise<VolumeRestoreResult> {
  if (s.kind !== 'volume') throw new SnapvisorError('invalid_input', { snapshot: s.name, reason: 'not_a_volume_snapshot' });
  if (s.state !== 'ready') throw new SnapvisorError('snapshot_not_ready', { snapshot: s.name, state: s.state });
  const d = theDisk(s);
  const owner = holderSnapshot(ctx, s);
  using dom = await ctx.hosts.domain(s.hostId, s.vm.uuid);
  record(ctx, { hostId: s.hostId, snapshotId: s.id, vmUuid: s.vm.uuid, action: 'volume-restore', outcome: 'started', detail: { disk: d.target, asNew: req.asNewName ?? null } });
  try {
    // In place needs the VM off; say so before touching any image.
    if (req.asNewName === undefined && vmState(dom) !== 'shutoff') {
      throw new SnapvisorError('vm_wrong_state', { vm: s.vm.name, state: vmState(dom), needs: 'shutoff' });
    }
    if (req.asNewName !== undefined) {
      const name = validateResourceName(req.asNewName, 'asNewName');
      const path = await restoreAsNewVolume(ctx, owner.id === s.id ? s : { ...owner, disks: [d] }, d, dom, name);
      record(ctx, { hostId: s.hostId, snapshotId: s.id, vmUuid: s.vm.uuid, action: 'volume-restore', outcome: 'succeeded', detail: { path, inPlace: false } });
      return { path, inPlace: false };
    }
    let path: string;
    if (d.location === 'internal' && owner.libvirtName) {
      // The disk file holds the VM snapshot internally: apply it to this disk alone.
      requireLocal(ctx.hosts.isLocal(s.hostId), 'internal_snapshot_apply');
      await qemuImg(['snapshot', '-a', owner.libvirtName, d.file!]);
      path = d.file!;
    } else {
      const before = currentSources(dom);
      const { sources, discard } = await freshTops(ctx, { ...s, disks: [d] }, [d.target]);
      path = sources.get(d.target)!;
      try {
        Connection.of(dom).defineDomain(withDiskSources(dom.xml(2), sources)).close();
      } catch (e) {
        await discard();
        throw e;
      }
      await discardTops(ctx, dom, s.hostId, s.vm.uuid, [before.get(d.target)].filter((x): x is string => !!x && x !== path));
    }
    record(ctx, { hostId: s.hostId, snapshotId: s.id, vmUuid: s.vm.uuid, action: 'volume-restore', outcome: 'succeeded', detail: { path, inPlace: true } });
    ctx.bus.emit('vm.changed', { hostId: s.hostId, vmUuid: s.vm.uuid });
    return { path, inPlace: true };
  } catch (e) {
    const err = toSnapvisorError(e, { snapshot: s.name });
    record(ctx, { hostId: s.hostId, snapshotId: s.id, vmUuid: s.vm.uuid, action: 'volume-restore', outcome: 'failed', detail: { code: err.code, params: err.params } });
    throw err;
  }
}

/** The bottom of a disk's backing chain (the volume the user knows): its path and format. */
async function baseOf(files: HostFiles, disk: DomainDisk): Promise<{ path: string; format: ImageFormat }> {
  type Layer = { file?: string; format?: string };
  const layers = [{ file: disk.source, format: disk.format }, ...disk.backingChain].filter((l) => l.file);
  let base: Layer | undefined = layers.at(-1);
  if (!base?.file) throw new SnapvisorError('disk_not_found', { disk: disk.target });
  // The inactive definition may stop early; our own images know what they back onto.
  for (let i = 0; i < 256 && files.owns(base.file); i++) {
    const below: { path: string; format: string | null } | null | undefined = (await files.image(base.file!))?.backing;
    if (!below) break;
    base = { file: below.path, format: below.format ?? undefined };
  }
  return { path: base.file!, format: base.format === 'raw' ? 'raw' : 'qcow2' };
}

/**
 * A volume snapshot restored into a new volume beside the disk's original image, with its size
 * and format: libvirt copies it there (external snapshots); an internal snapshot only qemu-img
 * can read out, so that works on local hosts only.
 */
async function restoreAsNewVolume(ctx: EngineContext, s: Snapshot, d: SnapshotDisk, dom: Domain, name: string): Promise<string> {
  const files = await ctx.files.host(s.hostId);
  const disk = dom.describe({ inactive: true }).disks.find((x) => x.target === d.target);
  if (!disk || !d.file) throw new SnapvisorError('disk_not_found', { disk: d.target });
  const base = await baseOf(files, disk);
  const dir = posix.dirname(base.path);
  const fileName = `${name}.${base.format === 'raw' ? 'img' : 'qcow2'}`;
  if (d.location === 'external') return files.copyInto(dir, fileName, { path: d.file, format: d.format ?? 'raw' }, base.format, s.vm.uuid, d.target);
  requireLocal(ctx.hosts.isLocal(s.hostId), 'internal_snapshot_copy');
  // Read the source first: a disk that is not a qcow2 file here is refused before anything is made.
  await localImage(d.file);
  const path = posix.join(dir, fileName);
  if (existsSync(path)) throw new SnapvisorError('target_exists', { name: fileName });
  await localCopyOfInternal(d.file, s.libvirtName!, path, base.format);
  return path;
}

export async function extractVolume(ctx: EngineContext, s: Snapshot, req: ExtractVolumeRequest): Promise<Snapshot> {
  if (s.dependentOf || s.kind === 'volume') throw new SnapvisorError('invalid_input', { snapshot: s.name, reason: 'extract_from_vm_snapshot' });
  if (s.state !== 'ready') throw new SnapvisorError('snapshot_not_ready', { snapshot: s.name, state: s.state });
  const d = s.disks.find((x) => x.target === req.disk);
  if (!d) throw new SnapvisorError('disk_not_found', { disk: req.disk, snapshot: s.name });
  const name = req.name === undefined ? `${req.disk} of ${s.name}`.slice(0, 200) : validateName(req.name);
  if (ctx.snapshots.namesOfVm(s.hostId, s.vm.uuid).has(name)) throw new SnapvisorError('name_taken', { name });
  const id = newId();
  const files = await ctx.files.host(s.hostId);
  let path: string | null = null;
  try {
    path = await materialize(ctx, s, d, { vmUuid: s.vm.uuid, role: 'ext', id, target: d.target }, 'copy');
    const size = (await files.image(path))?.allocation ?? null;
    const file = path;
    const row = ctx.snapshots.transaction(() => {
      const r = ctx.snapshots.insert({
        id, hostId: s.hostId, vm: s.vm, libvirtName: null, name, description: `Disk ${d.target} of "${s.name}".`, kind: 'volume',
        state: 'ready', location: 'external', protected: false, parentId: null, dependentOf: null, origin: 'manual', scheduleId: null,
        quiesced: s.quiesced, vmState: s.vmState, memoryFile: null, expiresAt: null, sizeBytes: size,
        disks: [{ target: d.target, location: 'external', format: 'qcow2', file, overlay: null, sizeBytes: size }],
      });
      record(ctx, { hostId: s.hostId, snapshotId: id, vmUuid: s.vm.uuid, action: 'extract-volume', outcome: 'succeeded', detail: { from: s.id, disk: d.target } });
      return r;
    });
    announce(ctx, s.hostId, s.vm.uuid, [id]);
    return row;
  } catch (e) {
    await files.remove(path).catch(() => undefined);
    throw toSnapvisorError(e, { snapshot: s.name });
  }
}
