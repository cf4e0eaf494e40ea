// Reverting external snapshots where libvirt cannot (before 9.9). Filled in with the external engine.
import type { Domain } from '../../native';
import type { AfterRevert } from './api';
import type { EngineContext } from './context';
import { SnapvisorError } from './errors';
import type { Snapshot } from './model';

export async function revertExternal(_ctx: EngineContext, _dom: Domain, s: Snapshot, _after: AfterRevert | undefined): Promise<void> {
  throw new SnapvisorError('kind_unsupported', { snapshot: s.name, location: 'external' });
}
