// A second Snapvisor process for the fault tests: opens services on the given db and data dir,
// starts one operation and SIGKILLs itself at the chosen moment (so the kill lands at a known
// point of the operation, not at a guessed time). Prints "finished" if it was never killed.
//   node --import tsx test/faults/engine/worker.ts '<json WorkerArgs>'
import { createServices } from '../../../electron/services';
import { TRANSIENT_STATES } from '../../../shared/model';
import { onMemoryWritten } from '../../integration/engine/memory-written';

export interface WorkerArgs {
  dbPath: string;
  dataDir: string;
  uri: string;
  hostId: string;
  op: 'create-memory' | 'delete' | 'revert';
  vmUuid?: string;
  snapshotId?: string;
  /**
   * 'progress': at the first job progress (a block job merging); 'memory-written': once libvirt
   * writes the memory file; a number: ms after the row turns transient.
   */
  killAt: 'progress' | 'memory-written' | number;
  /** Limit merges so one lasts long enough to be killed in. */
  mergeBandwidthMiBs?: number;
}

const args = JSON.parse(process.argv[2] ?? '{}') as WorkerArgs;
const services = await createServices({
  dbPath: args.dbPath, dataDir: args.dataDir, defaultUri: args.uri, reconcileOnStart: false, connectHosts: 'lazy', mergeBandwidthMiBs: args.mergeBandwidthMiBs,
});
const name = `killed ${Date.now()}`;
const die = (): void => { process.kill(process.pid, 'SIGKILL'); };
let armed = false;
const arm = (): void => {
  if (armed) return;
  armed = true;
  process.stdout.write('transient\n');
  if (args.killAt === 'progress') return;
  if (args.killAt === 'memory-written') onMemoryWritten(services, args.vmUuid!, name, die);
  else setTimeout(die, args.killAt);
};
services.on('job.changed', (j) => { if (args.killAt === 'progress' && j.processedBytes !== null) die(); });
services.on('snapshot.changed', (e) => {
  for (const id of e.snapshotIds) {
    const row = services.snapshots.list({ hostId: args.hostId, includeDependents: true }).find((s) => s.id === id);
    if (row && TRANSIENT_STATES.includes(row.state)) arm();
  }
});
if (args.op === 'create-memory') await services.snapshots.create({ hostId: args.hostId, vmUuid: args.vmUuid!, kind: 'memory', name });
else if (args.op === 'delete') await services.snapshots.delete(args.snapshotId!);
else await services.snapshots.revert(args.snapshotId!);
process.stdout.write('finished\n');
await services.close();
