// Loading for the first paint. The requests start before React mounts, and the host used last
// time has its VMs and snapshots requested alongside the host list instead of after it. Main
// answers from its store while the hosts connect: the page listens for change events before it
// asks anything, so no change between an answer and the first listener is lost.
import { listsSnapshots, rememberedHostId, useHosts } from './hosts';
import { useJobs } from './jobs';
import type { LoadState } from './load-status';
import { useSnapshots } from './snapshots';
import { startSync } from './sync';
import { useVms } from './vms';

const needsLoad = (load: LoadState | undefined) => !load || load.status === 'idle' || load.status === 'error';

/**
 * Loads a host's snapshots and VMs unless they are loaded or on their way (events keep them
 * fresh). Main answers in the order asked: the newest snapshots first, then the whole list,
 * then the VMs (their agent pings may take a second).
 */
export function ensureHostData(hostId: string): void {
  if (needsLoad(useSnapshots.getState().loadByHost[hostId])) void useSnapshots.getState().fetch(hostId);
  if (needsLoad(useVms.getState().loadByHost[hostId])) void useVms.getState().fetch(hostId);
}

export function boot(): void {
  startSync();
  const last = rememberedHostId();
  // The host list first: until it answers the app shows no host at all.
  const hosts = useHosts.getState().fetch();
  if (last) ensureHostData(last);
  void hosts.then(() => {
    const { hosts, selectedHostId } = useHosts.getState();
    const selected = hosts.find((h) => h.id === selectedHostId);
    if (selected && listsSnapshots(selected)) ensureHostData(selected.id);
  });
  useJobs.getState().fetch().catch(() => undefined);
}
