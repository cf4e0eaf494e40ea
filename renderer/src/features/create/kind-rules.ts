// Which snapshot kinds a VM can take right now: the host must offer the kind, its storage pool
// must work where the kind makes files, and the VM's state must fit it (cold needs the VM shut
// off; hot and memory need it running).
import type { HostCapabilities, SnapshotKind, Vm } from '../../api/contract';
import { VM_KINDS } from '../../api/vocabulary';

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
  return VM_KINDS;
}

/** Disks a snapshot can include: real disks (not CD-ROMs), writable. */
export function snapshotableDisks(vm: Vm): string[] {
  return vm.disks.filter((d) => d.device === 'disk' && !d.readonly).map((d) => d.target);
}

/** Names the main process would refuse anyway; checked here so the user sees it while typing. */
export function nameProblem(name: string): 'required' | 'control' | null {
  if (!name.trim()) return 'required';
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  if (/[\u0000-\u001f\u007f]/.test(name)) return 'control';
  return null;
}
