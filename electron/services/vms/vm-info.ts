// Reading a VM through native: its state in Snapvisor's words, its definition, libvirt's
// current snapshot mirrored into the store.
import { VIR_DOMAIN_XML, parseDomainXml, type Domain, type DomainDescription, type DomainDisk, type DomainStateName } from '../../../native';
import { madeBySnapvisor, vmMetaOfDomainXml } from './vm-metadata';
import type { HostImage } from '../files';
import type { EngineContext } from '../core/context';
import type { Vm, VmDisk, VmState } from '../../../shared/model';
import { snapshotableDisks } from '../policy/strategy';
import { toSnapvisorError } from '../hosts/libvirt-errors';

const STATES: Record<DomainStateName, VmState> = {
  nostate: 'other', running: 'running', blocked: 'running', paused: 'paused', shutdown: 'running',
  shutoff: 'shutoff', crashed: 'crashed', pmsuspended: 'pmsuspended',
};

export function vmState(dom: Domain): VmState {
  try {
    return STATES[dom.state().state];
  } catch (e) {
    throw toSnapvisorError(e, { vm: safeName(dom) });
  }
}

export function safeName(dom: Domain): string {
  try {
    return dom.name();
  } catch {
    return '?';
  }
}

/** The live definition while running (current disk sources), else the persistent one. */
function definitionXml(dom: Domain): string {
  try {
    return dom.xml(dom.isActive() ? 0 : VIR_DOMAIN_XML.INACTIVE);
  } catch (e) {
    throw toSnapvisorError(e, { vm: safeName(dom) });
  }
}

export function describeVm(dom: Domain): DomainDescription {
  return parseDomainXml(definitionXml(dom));
}

/** A disk as the renderer sees it: enough to say (shared/rules.ts) whether a snapshot can hold it. */
export function toVmDisk(x: DomainDisk): VmDisk {
  return { target: x.target, device: x.device, type: x.type, format: x.format ?? null, source: x.source ?? null, readonly: x.readonly, shareable: x.shareable };
}

/** `images`: Snapvisor's pool on the host, when read, to say whether Snapvisor made the VM. */
export function toVm(hostId: string, dom: Domain, snapshotCount: number, images?: readonly HostImage[]): Vm {
  return describedVm(hostId, dom, snapshotCount, images).vm;
}

/** toVm and the definition it was read from, for a caller that needs more of it (one fetch, one parse). */
export function describedVm(hostId: string, dom: Domain, snapshotCount: number, images?: readonly HostImage[]): { vm: Vm; description: DomainDescription } {
  const xml = definitionXml(dom);
  const d = parseDomainXml(xml);
  const meta = vmMetaOfDomainXml(xml);
  const vm: Vm = {
    hostId,
    uuid: d.uuid,
    name: d.name,
    state: vmState(dom),
    vcpus: d.vcpus,
    memoryMiB: Math.round(d.memoryKiB / 1024),
    uefi: d.uefi,
    persistent: dom.isPersistent(),
    disks: d.disks.map(toVmDisk),
    snapshotCount,
    protected: meta.protected,
    ...(images ? { snapvisorMade: madeBySnapvisor(meta, d.uuid, images) } : {}),
  };
  return { vm, description: d };
}

/** The first snapshot-able disk is the system disk; the rest are data volumes. */
export function dataDiskTargets(d: DomainDescription, selected: string[]): string[] {
  const first = snapshotableDisks(d)[0]?.target;
  return selected.filter((t) => t !== first);
}

/** Mirrors libvirt's current snapshot of the VM into the store. */
export function syncCurrent(ctx: EngineContext, hostId: string, dom: Domain): void {
  let currentName: string | null = null;
  try {
    using cur = dom.currentSnapshot();
    if (cur) currentName = cur.name();
  } catch {
    return;
  }
  const uuid = dom.uuid();
  const row = currentName ? ctx.snapshots.byLibvirtName(hostId, uuid, currentName) : null;
  ctx.snapshots.setCurrent(hostId, uuid, row?.id ?? null);
}
