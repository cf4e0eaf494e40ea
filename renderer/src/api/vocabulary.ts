// Value lists for the contract's unions (the renderer imports only types from electron/).
// The Exhaustive checks make a new kind or state in the model a compile error here.
import type { SnapshotKind, SnapshotState, VmState } from './contract';

type Exhaustive<All, Listed extends All> = [Exclude<All, Listed>] extends [never] ? true : never;

export const KINDS = ['cold', 'hot', 'memory', 'volume'] as const satisfies readonly SnapshotKind[];
export const VM_KINDS = ['cold', 'hot', 'memory'] as const satisfies readonly SnapshotKind[];
export const STATES = [
  'creating', 'ready', 'error', 'deleting', 'error_deleting', 'restoring', 'unmanaged', 'missing',
] as const satisfies readonly SnapshotState[];
export const VM_STATES = ['running', 'paused', 'shutoff', 'crashed', 'pmsuspended', 'other'] as const satisfies readonly VmState[];

export const kindsComplete: Exhaustive<SnapshotKind, (typeof KINDS)[number]> = true;
export const statesComplete: Exhaustive<SnapshotState, (typeof STATES)[number]> = true;
export const vmStatesComplete: Exhaustive<VmState, (typeof VM_STATES)[number]> = true;
