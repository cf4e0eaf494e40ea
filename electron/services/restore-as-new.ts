// Restore as a new VM: the snapshot's definition under a new name, UUID and MACs, on thin qcow2
// overlays over the snapshot's frozen images (external) or on copies of its internal state.
// The source VM is not touched.
import { VIR_ERR } from '../../native';
import { randomUUID } from 'node:crypto';
import type { RestoreAsNewRequest } from './api';
import { record, type EngineContext } from './context';
import { createOverlay, createPrivateFile, qemuImg } from './data-dir';
import { asNewDomain, domainOfSnapshotXml, withDiskSources, withoutDisks } from './domain-xml-edit';
import { SnapvisorError } from './errors';
import { isNotFound, toSnapvisorError } from './libvirt-errors';
import type { Snapshot, SnapshotDisk, Vm } from './model';
import { checkRevertable } from './revert';
import { validatePositiveInt, validateResourceName } from './validation';
import { toVm } from './vm-info';
import { chmodSync } from 'node:fs';
import { join } from 'node:path';

/** The disk's content at snapshot time into `path`: a thin overlay, or a copy of an internal snapshot. */
export async function materialize(s: Snapshot, d: SnapshotDisk, path: string, mode: 'thin' | 'copy', format = 'qcow2'): Promise<void> {
  if (!d.file) throw new SnapvisorError('disk_not_found', { disk: d.target, snapshot: s.name });
  if (d.location === 'external' && mode === 'thin') {
    await createOverlay(path, d.file, d.format ?? 'raw');
    return;
  }
  createPrivateFile(path);
  const owner = s.libvirtName;
  const source = d.location === 'internal' && owner
    ? ['-l', `snapshot.name=${owner}`, '-f', 'qcow2', d.file]
    : ['-f', d.format ?? 'qcow2', d.file];
  await qemuImg(['convert', '-U', '-O', format, ...source, path]);
  chmodSync(path, 0o600);
}

export async function restoreAsNew(ctx: EngineContext, s: Snapshot, req: RestoreAsNewRequest): Promise<Vm> {
  checkRevertable(s);
  const name = validateResourceName(req.name);
  const vcpus = req.vcpus === undefined ? undefined : validatePositiveInt(req.vcpus, 'vcpus', 512);
  const memoryMiB = req.memoryMiB === undefined ? undefined : validatePositiveInt(req.memoryMiB, 'memoryMiB', 16 * 1024 * 1024);
  const conn = await ctx.hosts.connection(s.hostId);
  try {
    conn.lookupDomainByName(name).close();
    throw new SnapvisorError('target_exists', { name });
  } catch (e) {
    if (!isNotFound(e, VIR_ERR.NO_DOMAIN)) throw toSnapvisorError(e);
  }
  const src = await ctx.hosts.domain(s.hostId, s.vm.uuid);
  // The new VM's UUID is ours, so its files can be named (and later removed) by it.
  const uuid = randomUUID();
  const dir = ctx.files.restoredDir(s.hostId, uuid);
  record(ctx, { hostId: s.hostId, snapshotId: s.id, vmUuid: s.vm.uuid, action: 'restore-as-new', outcome: 'started', detail: { name } });
  try {
    const snap = src.lookupSnapshot(s.libvirtName!);
    const snapshotXml = snap.xml();
    snap.close();
    const sources = new Map<string, string>();
    for (const d of s.disks) {
      const path = ctx.files.diskFile(dir, d.target);
      await materialize(s, d, path, 'thin');
      sources.set(d.target, path);
    }
    const domXml = withoutDisks(withDiskSources(domainOfSnapshotXml(snapshotXml), sources), [...sources.keys()]);
    const xml = asNewDomain(domXml, { name, vcpus, memoryKiB: memoryMiB === undefined ? undefined : memoryMiB * 1024, network: req.network, consoleFile: join(dir, 'console.log') });
    const dom = conn.defineDomain(xml.replace(/<name>/, `<uuid>${uuid}</uuid>\n  <name>`));
    try {
      if (s.location === 'external') ctx.policies.addRestored({ hostId: s.hostId, vmUuid: dom.uuid(), vmName: name, snapshotId: s.id });
      if (req.start) await dom.start();
      const vm = toVm(s.hostId, dom, 0);
      record(ctx, { hostId: s.hostId, snapshotId: s.id, vmUuid: s.vm.uuid, action: 'restore-as-new', outcome: 'succeeded', detail: { name, newVmUuid: vm.uuid, thin: s.location === 'external' } });
      ctx.bus.emit('vm.changed', { hostId: s.hostId, vmUuid: vm.uuid });
      return vm;
    } finally {
      dom.close();
    }
  } catch (e) {
    const err = toSnapvisorError(e, { snapshot: s.name });
    ctx.files.removeDir(dir);
    record(ctx, { hostId: s.hostId, snapshotId: s.id, vmUuid: s.vm.uuid, action: 'restore-as-new', outcome: 'failed', detail: { code: err.code, params: err.params } });
    throw err;
  } finally {
    src.close();
  }
}
