// How a snapshot is made on this host, for this VM, in this state: a pure decision from the
// host's capabilities, the VM's disks and firmware, and what the VM already has. The table in
// docs/snapshot-strategies.md is this function in prose.
import type { DomainDescription, DomainDisk } from '../../native';
import { SnapvisorError } from './errors';
import { isSnapshotableDisk } from '../../shared/rules';
import type { HostCapabilities, SnapshotKind, VmState } from './model';

export type Location = 'internal' | 'external';

export interface StrategyInput {
  caps: HostCapabilities;
  /** libvirt driver name: "QEMU", "TEST"... */
  driver: string;
  vm: DomainDescription;
  vmState: VmState;
  kind: SnapshotKind;
  /** The VM's recorded decision, if any. */
  policy: Location | null;
  /** Locations of the snapshots libvirt already holds for this VM. */
  existing: Location[];
  /** Disk targets asked for; default: every snapshot-able disk. */
  disks?: string[];
}

export interface DiskPlan {
  target: string;
  snapshot: 'internal' | 'external' | 'no';
  format: string | null;
  source: string | null;
}

/** Why a plan chose its location: a token, kept with the VM's policy and in the audit log. */
export type PlanReason =
  | 'recorded_policy' | 'existing_snapshots' | 'internal_only_driver' | 'raw_disk' | 'hot_needs_external'
  | 'running_volume_needs_external' | 'uefi_running' | 'all_qcow2';

export interface StrategyPlan {
  location: Location;
  memory: 'internal' | 'external' | 'no';
  disks: DiskPlan[];
  /** Why this location: recorded as the VM's policy the first time. */
  reason: PlanReason;
  /** Whether the plan sets a new VM policy (first snapshot). */
  newPolicy: boolean;
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

function chooseLocation(input: StrategyInput, selected: DomainDisk[]): { location: Location; reason: PlanReason; newPolicy: boolean } {
  const { caps, vm, kind, vmState } = input;
  const raw = selected.filter((d) => d.format !== undefined && d.format !== 'qcow2');
  const running = isRunningState(vmState);
  const uefiBlocksInternal = vm.uefi && running && kind === 'memory' && !(caps.uefiInternalRunning && vm.nvramFormat === 'qcow2');
  const fixed = input.policy ?? (input.existing.length ? (input.existing.includes('external') ? 'external' : 'internal') : null);
  if (fixed !== null) {
    const reason = input.policy ? 'recorded_policy' : 'existing_snapshots';
    if (fixed === 'internal') {
      if (raw.length) throw new SnapvisorError('raw_disk_internal', { disk: raw[0]!.target, format: raw[0]!.format ?? 'raw' });
      if (kind === 'hot' || (kind === 'volume' && running)) {
        throw new SnapvisorError('mixed_chain', { kind, vm: vm.name, existing: 'internal', needs: 'external' });
      }
      if (uefiBlocksInternal) throw new SnapvisorError('uefi_running_internal', { vm: vm.name });
    } else if (!input.caps.kinds.includes('hot')) {
      throw new SnapvisorError('kind_unsupported', { kind, location: 'external' });
    }
    return { location: fixed, reason, newPolicy: input.policy === null };
  }
  if (!caps.kinds.includes('hot')) {
    // No external snapshots on this driver (the test driver): internal or nothing.
    if (raw.length) throw new SnapvisorError('raw_disk_internal', { disk: raw[0]!.target, format: raw[0]!.format ?? 'raw' });
    return { location: 'internal', reason: 'internal_only_driver', newPolicy: true };
  }
  if (raw.length) return { location: 'external', reason: 'raw_disk', newPolicy: true };
  if (kind === 'hot') return { location: 'external', reason: 'hot_needs_external', newPolicy: true };
  if (kind === 'volume' && running) return { location: 'external', reason: 'running_volume_needs_external', newPolicy: true };
  if (uefiBlocksInternal) return { location: 'external', reason: 'uefi_running', newPolicy: true };
  return { location: 'internal', reason: 'all_qcow2', newPolicy: true };
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
  const { location, reason, newPolicy } = chooseLocation(input, selected);
  const running = isRunningState(input.vmState);
  if (location === 'internal' && running && input.kind === 'memory' && selected.length !== all.length) {
    throw new SnapvisorError('invalid_input', { field: 'disks', reason: 'internal_memory_needs_all_disks' });
  }
  const memory = input.kind === 'memory' ? location : 'no';
  return {
    location,
    memory,
    reason,
    newPolicy,
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
