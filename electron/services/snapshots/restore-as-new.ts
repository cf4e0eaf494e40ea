// Restore as a new VM: the snapshot's definition under a new identity (name, UUID, MACs, VM
// generation ID, its own NVRAM; with extra settings a cloud-init seed: host name, SSH keys, init
// script, a new instance-id), on thin qcow2 overlays over the snapshot's frozen images (external)
// or on copies of its internal state. The source VM is not touched.
import { VIR_ERR } from '../../../native';
import type { RestoreAsNewRequest } from '../api';
import { record, type EngineContext } from '../core/context';
import { asNewDomain, domainOfSnapshotXml, withDiskSources, withSeedDisk, withoutDisks } from '../vms/domain-xml-edit';
import { seedImage } from '../cloud-init/nocloud-seed';
import { SnapvisorError } from '../../../shared/errors';
import type { ImageFormat } from '../files';
import { localImage, qemuImg, requireLocal } from '../files/local-qemu-img';
import type { VolumeKey } from '../files/volume-names';
import { isNotFound, toSnapvisorError } from '../hosts/libvirt-errors';
import { requireNetwork } from '../vms/networks';
import type { Snapshot, SnapshotDisk, Vm } from '../../../shared/model';
import { checkRevertable } from './revert';
import { validateIdentity, validateInt, validateResourceName, validateText } from '../policy/validation';
import { RULES } from '../../../shared/rules';
import { toVm } from '../vms/vm-info';

/**
 * The disk's content at snapshot time as a new image of ours: a thin overlay on an external
 * snapshot's frozen image, a flattened copy of it, or (local hosts only) a copy of an internal
 * snapshot, which only qemu-img can read out of the qcow2 file.
 */
export async function materialize(ctx: EngineContext, s: Snapshot, d: SnapshotDisk, key: VolumeKey & { target: string }, mode: 'thin' | 'copy', format: ImageFormat = 'qcow2'): Promise<string> {
  if (!d.file) throw new SnapvisorError('disk_not_found', { disk: d.target, snapshot: s.name });
  const files = await ctx.files.host(s.hostId);
  const source = { path: d.file, format: d.format ?? 'raw' };
  if (d.location === 'external') return mode === 'thin' ? files.overlay({ ...key, backing: source }) : files.copy({ ...key, source, format });
  requireLocal(ctx.hosts.isLocal(s.hostId), 'internal_snapshot_copy');
  const path = await files.blank(key, format, (await localImage(d.file)).virtualSize);
  try {
    await qemuImg(['convert', '-n', '-U', '-l', `snapshot.name=${s.libvirtName}`, '-f', 'qcow2', d.file, '-O', format, path]);
  } catch (e) {
    await files.remove(path);
    throw e;
  }
  return path;
}

export async function restoreAsNew(ctx: EngineContext, s: Snapshot, req: RestoreAsNewRequest): Promise<Vm> {
  checkRevertable(s);
  const name = validateResourceName(req.name);
  const vcpus = req.vcpus === undefined ? undefined : validateInt(req.vcpus, RULES.vcpus, 'vcpus');
  const memoryMiB = req.memoryMiB === undefined ? undefined : validateInt(req.memoryMiB, RULES.memoryMiB, 'memoryMiB');
  const network = typeof req.network === 'string' ? validateText(req.network, RULES.networkName, 'network') : req.network;
  const identity = validateIdentity(req, name);
  const conn = await ctx.hosts.connection(s.hostId);
  try {
    conn.lookupDomainByName(name).close();
    throw new SnapvisorError('target_exists', { name });
  } catch (e) {
    if (!isNotFound(e, VIR_ERR.NO_DOMAIN)) throw toSnapvisorError(e);
  }
  if (typeof network === 'string') requireNetwork(conn, network);
  using src = await ctx.hosts.domain(s.hostId, s.vm.uuid);
  // The new VM's UUID is ours, so its files can be named (and later removed) by it.
  const uuid = crypto.randomUUID();
  const files = await ctx.files.host(s.hostId);
  record(ctx, { hostId: s.hostId, snapshotId: s.id, vmUuid: s.vm.uuid, action: 'restore-as-new', outcome: 'started', detail: { name } });
  try {
    using snap = src.lookupSnapshot(s.libvirtName!);
    const snapshotXml = snap.xml();
    const sources = new Map<string, string>();
    for (const d of s.disks) {
      sources.set(d.target, await materialize(ctx, s, d, { vmUuid: uuid, role: 'new', id: s.id, target: d.target }, 'thin'));
    }
    // The source's own read-only files of ours (its cloud-init seed) are not the new VM's.
    const domXml = withoutDisks(withDiskSources(domainOfSnapshotXml(snapshotXml), sources), [...sources.keys()], (file) => files.owns(file));
    const newXml = asNewDomain(domXml, { name, uuid, vcpus, memoryKiB: memoryMiB === undefined ? undefined : memoryMiB * 1024, network, consoleFile: files.consolePath(uuid),
      meta: { protected: req.protect === true, made: { as: 'restore-as-new', uuid } } });
    // A new instance-id makes the guest's first boot a first boot for cloud-init.
    const seed = identity ? await files.seed(uuid, seedImage({ instanceId: `snapvisor-${uuid}`, ...identity }, new Date())) : null;
    const xml = seed ? withSeedDisk(newXml, seed) : newXml;
    using dom = conn.defineDomain(xml);
    if (s.location === 'external') ctx.policies.addRestored({ hostId: s.hostId, vmUuid: dom.uuid(), vmName: name, snapshotId: s.id });
    if (req.start) await dom.start();
    const vm = toVm(s.hostId, dom, 0);
    record(ctx, { hostId: s.hostId, snapshotId: s.id, vmUuid: s.vm.uuid, action: 'restore-as-new', outcome: 'succeeded', detail: {
      name, newVmUuid: vm.uuid, thin: s.location === 'external',
      ...(identity ? { seed: { hostname: identity.hostname, sshKeys: identity.sshKeys.length, initScript: identity.initScript !== undefined } } : {}),
    } });
    ctx.bus.emit('vm.changed', { hostId: s.hostId, vmUuid: vm.uuid });
    return vm;
  } catch (e) {
    const err = toSnapvisorError(e, { snapshot: s.name });
    await files.removeVm(uuid).catch(() => undefined);
    record(ctx, { hostId: s.hostId, snapshotId: s.id, vmUuid: s.vm.uuid, action: 'restore-as-new', outcome: 'failed', detail: { code: err.code, params: err.params } });
    throw err;
  }
}
