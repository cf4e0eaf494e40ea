// Deleting an external snapshot. Filled in with the external engine.
import type { Domain } from '../../native';
import type { EngineContext } from './context';
import { SnapvisorError } from './errors';
import type { Snapshot } from './model';

export async function deleteExternal(_ctx: EngineContext, _dom: Domain, s: Snapshot): Promise<void> {
  throw new SnapvisorError('kind_unsupported', { snapshot: s.name, location: 'external' });
}
