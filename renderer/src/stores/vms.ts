import { create } from 'zustand';
import { api, toApiError, unwrap } from '../api/api';
import type { Vm } from '../api/contract';
import type { LoadState } from './load-status';

interface VmsState {
  byHost: Record<string, Vm[]>;
  loadByHost: Record<string, LoadState>;
  fetch(hostId: string): Promise<void>;
}

export const useVms = create<VmsState>()((set) => ({
  byHost: {},
  loadByHost: {},
  async fetch(hostId) {
    set((s) => ({ loadByHost: { ...s.loadByHost, [hostId]: { status: 'loading' } } }));
    try {
      const vms = await unwrap(api().vms.list({ hostId }));
      // Plain comparison: localeCompare's first call sets up a collator, on the first paint.
      vms.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      set((s) => ({ byHost: { ...s.byHost, [hostId]: vms }, loadByHost: { ...s.loadByHost, [hostId]: { status: 'ready' } } }));
    } catch (e) {
      set((s) => ({ loadByHost: { ...s.loadByHost, [hostId]: { status: 'error', error: toApiError(e) } } }));
    }
  },
}));

const NO_VMS: Vm[] = [];

export function useHostVms(hostId: string | null): Vm[] {
  return useVms((s) => (hostId ? (s.byHost[hostId] ?? NO_VMS) : NO_VMS));
}
