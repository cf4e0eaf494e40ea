// Keeps the stores in step with the main process. Snapshot changes arrive with the rows they
// changed and patch the list in place; only a reconnect or a reconcile (which may touch every
// row) reloads a host's list, not the end of the first connect (the list shown meanwhile came
// from the same store). Reloads are debounced so a burst becomes one.
import { api } from '../api/api';
import { copiesLoaded, useCopies } from './copies';
import { useHosts } from './hosts';
import { useJobs } from './jobs';
import { useSchedules } from './schedules';
import { useSnapshots } from './snapshots';
import { useVms } from './vms';

const DEBOUNCE_MS = 120;
const timers = new Map<string, ReturnType<typeof setTimeout>>();

function debounced(key: string, run: () => void): void {
  const t = timers.get(key);
  if (t) clearTimeout(t);
  timers.set(key, setTimeout(() => {
    timers.delete(key);
    run();
  }, DEBOUNCE_MS));
}

const reloadVms = (hostId: string) => debounced(`vms:${hostId}`, () => void useVms.getState().fetch(hostId));
const reloadCopies = (hostId: string, vmUuid: string) => {
  if (copiesLoaded(hostId, vmUuid)) debounced(`copies:${hostId}:${vmUuid}`, () => void useCopies.getState().fetch(hostId, vmUuid));
};
const reloadSnapshots = (hostId: string) => debounced(`snapshots:${hostId}`, () => void useSnapshots.getState().fetch(hostId));

export function startSync(): () => void {
  const bridge = api();
  const offs = [
    bridge.on('job.changed', (job) => useJobs.getState().apply(job)),
    bridge.on('snapshot.changed', (c) => useSnapshots.getState().apply(c.hostId, c.snapshots, c.removedIds)),
    bridge.on('snapshots.reconciled', ({ hostId }) => reloadSnapshots(hostId)),
    bridge.on('vm.changed', ({ hostId, vmUuid }) => {
      reloadVms(hostId);
      reloadCopies(hostId, vmUuid);
    }),
    bridge.on('schedule.changed', ({ hostId }) => debounced(`schedules:${hostId}`, () => void useSchedules.getState().fetch(hostId))),
    bridge.on('host.changed', (host) => {
      const before = useHosts.getState().hosts.find((h) => h.id === host.id);
      useHosts.getState().apply(host);
      if (host.state === 'connected' && before?.state !== 'connected') {
        reloadVms(host.id);
        // A list asked for while the host was connecting is the store's, as current as any:
        // what reconcile changes arrives as its own event.
        const asked = before?.state === 'connecting' && useSnapshots.getState().loadByHost[host.id];
        if (!asked || asked.status === 'error') reloadSnapshots(host.id);
      }
    }),
  ];
  return () => offs.forEach((off) => off());
}
