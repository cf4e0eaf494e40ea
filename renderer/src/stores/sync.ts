// Keeps the stores in step with the main process: every event refreshes what it touches, with a
// short debounce so a burst (a schedule deleting 50 snapshots) becomes one reload.
import { api } from '../api/api';
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

/** Reloads a host's VMs and snapshots (snapshot counts live on the VMs). */
export function refreshHost(hostId: string): void {
  debounced(`vms:${hostId}`, () => void useVms.getState().fetch(hostId));
  debounced(`snapshots:${hostId}`, () => void useSnapshots.getState().fetch(hostId));
}

export function startSync(): () => void {
  const bridge = api();
  const offs = [
    bridge.on('job.changed', (job) => useJobs.getState().apply(job)),
    bridge.on('snapshot.changed', ({ hostId }) => refreshHost(hostId)),
    bridge.on('vm.changed', ({ hostId }) => debounced(`vms:${hostId}`, () => void useVms.getState().fetch(hostId))),
    bridge.on('schedule.changed', ({ hostId }) => debounced(`schedules:${hostId}`, () => void useSchedules.getState().fetch(hostId))),
    bridge.on('host.changed', (host) => {
      const before = useHosts.getState().hosts.find((h) => h.id === host.id);
      useHosts.getState().apply(host);
      if (host.state === 'connected' && before?.state !== 'connected') refreshHost(host.id);
    }),
  ];
  return () => offs.forEach((off) => off());
}
