// A second Snapvisor process for the copies kill test: opens services on the given db and data
// dir, refreshes a VM's copy and SIGKILLs itself once the refresh has sent `killAfterBytes` (so
// the kill lands in the middle of a file's upload, not at a guessed time). Prints "finished" if
// it was never killed.
//   node --import tsx test/remote/copy-worker.ts '<json CopyWorkerArgs>'
import { createServices } from '../../electron/services';

export interface CopyWorkerArgs {
  dbPath: string;
  dataDir: string;
  uri: string;
  hostId: string;
  vmUuid: string;
  to: string;
  killAfterBytes: number;
}

const args = JSON.parse(process.argv[2] ?? '{}') as CopyWorkerArgs;
const services = await createServices({ dbPath: args.dbPath, dataDir: args.dataDir, defaultUri: args.uri, reconcileOnStart: false, connectHosts: 'lazy' });
services.on('job.changed', (j) => {
  if (j.operation === 'copy-refresh' && (j.processedBytes ?? 0) >= args.killAfterBytes) process.kill(process.pid, 'SIGKILL');
});
await services.copies.refresh({ hostId: args.hostId, vmUuid: args.vmUuid, to: args.to });
process.stdout.write('finished\n');
await services.close();
