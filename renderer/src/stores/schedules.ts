// Each host's schedules, shared by the Schedules screen and the tab's failure badge. Kept fresh
// by the schedule.changed event (a run recorded by the app, or by the systemd timer while the
// app was closed or open), see sync.ts.
import { create } from 'zustand';
import { api, toApiError, unwrap } from '../api/api';
import type { Schedule } from '../api/contract';
import type { LoadState } from './load-status';

interface SchedulesState {
  byHost: Record<string, Schedule[]>;
  loadByHost: Record<string, LoadState>;
  fetch(hostId: string): Promise<void>;
}

export const useSchedules = create<SchedulesState>()((set) => ({
  byHost: {},
  loadByHost: {},
  async fetch(hostId) {
    set((s) => ({ loadByHost: { ...s.loadByHost, [hostId]: s.byHost[hostId] ? { status: 'ready' } : { status: 'loading' } } }));
    try {
      const schedules = await unwrap(api().schedules.list({ hostId }));
      set((s) => ({ byHost: { ...s.byHost, [hostId]: schedules }, loadByHost: { ...s.loadByHost, [hostId]: { status: 'ready' } } }));
    } catch (e) {
      set((s) => ({ loadByHost: { ...s.loadByHost, [hostId]: { status: 'error', error: toApiError(e) } } }));
    }
  },
}));

const NONE: Schedule[] = [];

export function useHostSchedules(hostId: string | null): Schedule[] {
  return useSchedules((s) => (hostId ? (s.byHost[hostId] ?? NONE) : NONE));
}

/** How many of the host's schedules failed on their last run (the tab's badge). */
export function useFailingScheduleCount(hostId: string | null): number {
  return useSchedules((s) => (hostId ? (s.byHost[hostId] ?? NONE).filter((x) => x.lastFailure !== null).length : 0));
}
