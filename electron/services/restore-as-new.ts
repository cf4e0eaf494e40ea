import type { RestoreAsNewRequest } from './api';
import type { EngineContext } from './context';
import { SnapvisorError } from './errors';
import type { Snapshot, Vm } from './model';

export async function restoreAsNew(_ctx: EngineContext, s: Snapshot, _req: RestoreAsNewRequest): Promise<Vm> {
  throw new SnapvisorError('internal', { snapshot: s.name, reason: 'not implemented yet' });
}
