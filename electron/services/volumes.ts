import type { ExtractVolumeRequest, VolumeRestoreRequest, VolumeRestoreResult } from './api';
import type { EngineContext } from './context';
import { SnapvisorError } from './errors';
import type { Snapshot } from './model';

export async function restoreVolume(_ctx: EngineContext, s: Snapshot, _req: VolumeRestoreRequest): Promise<VolumeRestoreResult> {
  throw new SnapvisorError('internal', { snapshot: s.name, reason: 'not implemented yet' });
}

export async function extractVolume(_ctx: EngineContext, s: Snapshot, _req: ExtractVolumeRequest): Promise<Snapshot> {
  throw new SnapvisorError('internal', { snapshot: s.name, reason: 'not implemented yet' });
}
