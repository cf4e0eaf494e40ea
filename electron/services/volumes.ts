// Volume snapshots: restore one disk in place or into a new volume (same size and format), and
// extract one disk of a VM snapshot into a standalone volume snapshot Snapvisor owns.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { newId } from '../store/ids';
import type { ExtractVolumeRequest, VolumeRestoreRequest, VolumeRestoreResult } from './api';
import { announce, record, type EngineContext } from './context';
import { imageInfo, qemuImg } from './data-dir';
import { withDiskSources } from './domain-xml-edit';
import { SnapvisorError } from './errors';
import { currentSources, freshTops } from './external-revert';
import { discardTops } from './image-chain';
import { toSnapvisorError } from './libvirt-errors';
import type { Snapshot, SnapshotDisk } from './model';
import { materialize } from './restore-as-new';
import { validateName, validateResourceName } from './validation';
import { vmState } from './vm-info';

/** The libvirt snapshot a volume row's data lives in: its own, or its VM snapshot's. */
function holderSnapshot(ctx: EngineContext, s: Snapshot): Snapshot {
  return s.dependentOf ? ctx.snapshots.require(s.dependentOf) : s;
}

function theDisk(s: Snapshot): SnapshotDisk {
  const d = s.disks[0];
  if (!d || s.disks.length !== 1) throw new SnapvisorError('invalid_input', { snapshot: s.name, reason: 'not a volume snapshot' });
  return d;
}

export async function restoreVolume(ctx: EngineContext, s: Snapshot, req: VolumeRestoreRequest): Promise<VolumeRestoreResult> {
  if (s.kind !== 'volume') throw new SnapvisorError('invalid_input', { snapshot: s.name, reason: 'not a volume snapshot' });
  if (s.state !== 'ready') throw new SnapvisorError('snapshot_not_ready', { snapshot: s.name, state: s.state });
  const d = theDisk(s);
  const owner = holderSnapshot(ctx, s);
  const dom = await ctx.hosts.domain(s.hostId, s.vm.uuid);
  record(ctx, { hostId: s.hostId, snapshotId: s.id, vmUuid: s.vm.uuid, action: 'volume-restore', outcome: 'started', detail: { disk: d.target, asNew: req.asNewName ?? null } });
  try {
    // In place needs the VM off; say so before touching any image.
    if (req.asNewName === undefined && vmState(dom) !== 'shutoff') {
      throw new SnapvisorError('vm_wrong_state', { vm: s.vm.name, state: vmState(dom), needs: 'shutoff' });
    }
    const info = d.file ? await imageInfo(d.file) : null;
    if (req.asNewName !== undefined) {
      const name = validateResourceName(req.asNewName, 'asNewName');
      const current = currentSources(dom).get(d.target) ?? d.file;
      if (!current) throw new SnapvisorError('disk_not_found', { disk: d.target });
      const base = await baseFormat(current);
      const path = join(dirname(current), `${name}.${base === 'raw' ? 'img' : base}`);
      if (existsSync(path)) throw new SnapvisorError('target_exists', { path });
      await materialize(owner.id === s.id ? s : { ...owner, disks: [d] }, d, path, 'copy', base);
      if (info) await qemuImg(['resize', '-q', '-f', base, path, String(info.virtualSize)]).catch(() => undefined);
      record(ctx, { hostId: s.hostId, snapshotId: s.id, vmUuid: s.vm.uuid, action: 'volume-restore', outcome: 'succeeded', detail: { path, inPlace: false } });
      return { path, inPlace: false };
    }
    let path: string;
    if (d.location === 'internal' && owner.libvirtName) {
      // The disk file holds the VM snapshot internally: apply it to this disk alone.
      await qemuImg(['snapshot', '-a', owner.libvirtName, d.file!]);
      path = d.file!;
    } else {
      const before = currentSources(dom);
      const { sources } = await freshTops(ctx, { ...s, disks: [d] }, [d.target]);
      path = sources.get(d.target)!;
      dom.connection.defineDomain(withDiskSources(dom.xml(2), sources)).close();
      await discardTops(ctx, dom, s.hostId, s.vm.uuid, [before.get(d.target)].filter((x): x is string => !!x && x !== path));
    }
    record(ctx, { hostId: s.hostId, snapshotId: s.id, vmUuid: s.vm.uuid, action: 'volume-restore', outcome: 'succeeded', detail: { path, inPlace: true } });
    ctx.bus.emit('vm.changed', { hostId: s.hostId, vmUuid: s.vm.uuid });
    return { path, inPlace: true };
  } catch (e) {
    const err = toSnapvisorError(e, { snapshot: s.name });
    record(ctx, { hostId: s.hostId, snapshotId: s.id, vmUuid: s.vm.uuid, action: 'volume-restore', outcome: 'failed', detail: { code: err.code, params: err.params } });
    throw err;
  } finally {
    dom.close();
  }
}

/** The format at the bottom of a disk's backing chain: what "same format" means to the user. */
async function baseFormat(path: string): Promise<string> {
  let p: string | null = path;
  let format = 'qcow2';
  for (let i = 0; p && i < 256; i++) {
    const info = await imageInfo(p);
    format = info.format;
    p = info.backing;
  }
  return format === 'raw' ? 'raw' : 'qcow2';
}

export async function extractVolume(ctx: EngineContext, s: Snapshot, req: ExtractVolumeRequest): Promise<Snapshot> {
  if (s.dependentOf || s.kind === 'volume') throw new SnapvisorError('invalid_input', { snapshot: s.name, reason: 'extract from a VM snapshot' });
  if (s.state !== 'ready') throw new SnapvisorError('snapshot_not_ready', { snapshot: s.name, state: s.state });
  const d = s.disks.find((x) => x.target === req.disk);
  if (!d) throw new SnapvisorError('disk_not_found', { disk: req.disk, snapshot: s.name });
  const name = req.name === undefined ? `${req.disk} of ${s.name}`.slice(0, 200) : validateName(req.name);
  if (ctx.snapshots.namesOfVm(s.hostId, s.vm.uuid).has(name)) throw new SnapvisorError('name_taken', { name });
  const id = newId();
  const dir = ctx.files.snapshotDir(s.hostId, s.vm.uuid, id);
  const path = ctx.files.diskFile(dir, d.target);
  try {
    await materialize(s, d, path, 'copy');
    const info = await imageInfo(path);
    const row = ctx.snapshots.transaction(() => {
      const r = ctx.snapshots.insert({
        id, hostId: s.hostId, vm: s.vm, libvirtName: null, name, description: `Disk ${d.target} of "${s.name}".`, kind: 'volume',
        state: 'ready', location: 'external', protected: false, parentId: null, dependentOf: null, origin: 'manual', scheduleId: null,
        quiesced: s.quiesced, vmState: s.vmState, memoryFile: null, expiresAt: null, sizeBytes: info.actualSize,
        disks: [{ target: d.target, location: 'external', format: 'qcow2', file: path, overlay: null, sizeBytes: info.actualSize }],
      });
      record(ctx, { hostId: s.hostId, snapshotId: id, vmUuid: s.vm.uuid, action: 'extract-volume', outcome: 'succeeded', detail: { from: s.id, disk: d.target } });
      return r;
    });
    announce(ctx, s.hostId, s.vm.uuid, [id]);
    return row;
  } catch (e) {
    ctx.files.removeDir(dir);
    throw toSnapvisorError(e, { snapshot: s.name });
  }
}
