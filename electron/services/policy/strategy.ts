// How a snapshot is made on this host, for this VM, in this state: a pure decision from the
// host's capabilities, the VM's disks and firmware, and what libvirt already holds for the VM.
// External for every kind where the driver has external snapshots (cold, hot, memory and
// volume snapshots in any order, merged live when deleted); internal only while the VM has
// internal snapshots made elsewhere. The tables in docs/snapshot-strategies.md are this module
// in prose.
import type { DomainDescription, DomainDisk } from '../../../native';
import { SnapvisorError } from '../../../shared/errors';
import { isSnapshotableDisk } from '../../../shared/rules';
import type { Reason } from '../../../shared/vocabulary';
import type { HostCapabilities, SnapshotKind, VmState } from '../../../shared/model';

export type Location = 'internal' | 'external';

/**
 * Why a VM's snapshots are where they are (a token, recorded with each decision and in the
 * audit log; refusals carry it as their `reason`): external by default wherever the driver has
 * external snapshots; internal only while libvirt holds internal snapshots of the VM (never
 * mixed on one chain), or on a driver that has nothing else (libvirt's test driver).
 */
export type PolicyReason = Extract<Reason, 'external_default' | 'existing_internal' | 'internal_only_driver'>;

export interface StrategyInput {
  caps: HostCapabilities;
  /** libvirt driver name: "QEMU", "TEST"... */
  driver: string;
  vm: DomainDescription;
  vmState: VmState;
  kind: SnapshotKind;
  /** How many internal snapshots libvirt holds for this VM now (made by anyone). */
  internalSnapshots: number;
  /** Disk targets asked for; default: every snapshot-able disk. */
  disks?: string[];
}

export interface DiskPlan {
  target: string;
  snapshot: 'internal' | 'external' | 'no';
  format: string | null;
  source: string | null;
}

export interface StrategyPlan {
  location: Location;
  memory: 'internal' | 'external' | 'no';
  disks: DiskPlan[];
  /** Why this location (recorded as the VM's policy). */
  reason: PolicyReason;
}

/** Disks a snapshot can hold (the rule is shared/rules.ts's, which the create dialog applies too). */
export function snapshotableDisks(vm: DomainDescription): DomainDisk[] {
  return vm.disks.filter(isSnapshotableDisk);
}

export function isRunningState(s: VmState): boolean {
  return s === 'running' || s === 'paused';
}

/** What the kind needs from the VM's state. */
export function checkKindState(kind: SnapshotKind, state: VmState): void {
  if (kind === 'cold' && state !== 'shutoff') throw new SnapvisorError('vm_wrong_state', { kind, state, needs: 'shutoff' });
  if ((kind === 'hot' || kind === 'memory') && !isRunningState(state)) throw new SnapvisorError('vm_wrong_state', { kind, state, needs: 'running' });
}

/** The kind to offer instead when `kind` cannot be made on an internal-only VM now, if any. */
export function nearestInternalKind(kind: SnapshotKind, state: VmState): SnapshotKind | null {
  if (kind === 'hot' || kind === 'volume') return isRunningState(state) ? 'memory' : 'cold';
  return null;
}

function chooseLocation(input: StrategyInput, selected: DomainDisk[]): { location: Location; reason: PolicyReason } {
  const { caps, vm, kind, vmState } = input;
  const raw = selected.filter((d) => d.format !== undefined && d.format !== 'qcow2');
  const running = isRunningState(vmState);
  const external = caps.kinds.includes('hot');
  if (external && input.internalSnapshots === 0) return { location: 'external', reason: 'external_default' };
  // Internal: the driver has nothing else, or libvirt holds internal snapshots of this VM and
  // an external one on the same disks would break their revert and delete (libvirt 9.0).
  const reason: PolicyReason = external ? 'existing_internal' : 'internal_only_driver';
  if (raw.length) throw new SnapvisorError('raw_disk_internal', { disk: raw[0]!.target, format: raw[0]!.format ?? 'raw', reason });
  // QEMU holds a running VM's disk state internally only together with its RAM; a driver with
  // internal snapshots only (libvirt's test driver) takes a running volume snapshot itself.
  if (kind === 'hot' || (kind === 'volume' && running && external)) {
    const nearest = nearestInternalKind(kind, vmState);
    throw new SnapvisorError('mixed_chain', { kind, vm: vm.name, existing: 'internal', needs: 'external', reason, ...(nearest ? { nearest } : {}) });
  }
  if (vm.uefi && running && kind === 'memory' && !(caps.uefiInternalRunning && vm.nvramFormat === 'qcow2')) {
    throw new SnapvisorError('uefi_running_internal', { vm: vm.name, reason });
  }
  return { location: 'internal', reason };
}

export function planSnapshot(input: StrategyInput): StrategyPlan {
  if (!input.caps.kinds.includes(input.kind)) throw new SnapvisorError('kind_unsupported', { kind: input.kind, driver: input.driver });
  checkKindState(input.kind, input.vmState);
  const all = snapshotableDisks(input.vm);
  if (all.length === 0) throw new SnapvisorError('disk_not_found', { vm: input.vm.name, reason: 'no_snapshotable_disk' });
  const wanted = input.disks ?? all.map((d) => d.target);
  for (const t of wanted) {
    if (!all.some((d) => d.target === t)) throw new SnapvisorError('disk_not_found', { disk: t, vm: input.vm.name });
  }
  if (input.kind === 'volume' && wanted.length !== 1) throw new SnapvisorError('invalid_input', { field: 'disks', reason: 'volume_needs_one_disk' });
  const selected = all.filter((d) => wanted.includes(d.target));
  const { location, reason } = chooseLocation(input, selected);
  const running = isRunningState(input.vmState);
  if (location === 'internal' && running && input.kind === 'memory' && selected.length !== all.length) {
    throw new SnapvisorError('invalid_input', { field: 'disks', reason: 'internal_memory_needs_all_disks' });
  }
  const memory = input.kind === 'memory' ? location : 'no';
  return {
    location,
    memory,
    reason,
    disks: input.vm.disks
      .filter((d) => d.device === 'disk' || d.device === 'cdrom' || d.device === 'floppy' || d.device === 'lun')
      .map((d) => ({
        target: d.target,
        snapshot: selected.includes(d) ? location : 'no',
        format: d.format ?? null,
        source: d.source ?? null,
      })),
  };
}
