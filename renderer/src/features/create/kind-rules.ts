// Which snapshot kinds a VM can take right now: the host must offer the kind, its storage pool
// must work where the kind makes files, and the VM's state must fit it (cold needs the VM shut
// off; hot and memory need it running).
import type { HostCapabilities, SnapshotKind, Vm } from '../../api/contract';
import { VM_SNAPSHOT_KINDS } from '../../../../shared/vocabulary';
import { isSnapshotableDisk } from '../../../../shared/rules';

export type VmKind = Exclude<SnapshotKind, 'volume'>;
export type KindVerdict = { ok: true } | { ok: false; reason: 'notOffered' | 'noStorage' | 'needsShutoff' | 'needsRunning' };

export function kindVerdict(kind: VmKind, vm: Vm, caps: HostCapabilities | null): KindVerdict {
  if (!caps?.kinds.includes(kind)) return { ok: false, reason: 'notOffered' };
  // Where hot snapshots exist (QEMU) every kind keeps files in Snapvisor's pool on the host.
  if (caps.storage === 'unavailable' && caps.kinds.includes('hot')) return { ok: false, reason: 'noStorage' };
  if (kind === 'cold' && vm.state !== 'shutoff') return { ok: false, reason: 'needsShutoff' };
  if (kind !== 'cold' && vm.state !== 'running') return { ok: false, reason: 'needsRunning' };
  return { ok: true };
}

/** The kind to preselect: hot for a running VM (fast, no RAM on disk), cold for one shut off. */
export function defaultKind(vm: Vm, caps: HostCapabilities | null): VmKind | null {
  const order: VmKind[] = vm.state === 'running' ? ['hot', 'memory', 'cold'] : ['cold', 'hot', 'memory'];
  return order.find((k) => kindVerdict(k, vm, caps).ok) ?? null;
}

export function allVmKinds(): readonly VmKind[] {
  return VM_SNAPSHOT_KINDS;
}

/** Disks a snapshot can include: the services' rule (shared/rules.ts), so the dialog offers what they take. */
export function snapshotableDisks(vm: Vm): string[] {
  return vm.disks.filter(isSnapshotableDisk).map((d) => d.target);
}
