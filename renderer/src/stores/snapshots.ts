import { create } from 'zustand';
import { api, toApiError, unwrap } from '../api/api';
import type { Snapshot } from '../api/contract';
import type { LoadState } from './load-status';

interface SnapshotsState {
  byHost: Record<string, Snapshot[]>;
  loadByHost: Record<string, LoadState>;
  fetch(hostId: string): Promise<void>;
  /** Replaces one row in place (after an edit or protect) without reloading the host. */
  patch(snapshot: Snapshot): void;
}

export const useSnapshots = create<SnapshotsState>()((set) => ({
  byHost: {},
  loadByHost: {},
  async fetch(hostId) {
    set((s) => ({
      loadByHost: { ...s.loadByHost, [hostId]: s.byHost[hostId] ? { status: 'ready' } : { status: 'loading' } },
    }));
    try {
      const rows = await unwrap(api().snapshots.list({ hostId, includeDependents: true }));
      set((s) => ({ byHost: { ...s.byHost, [hostId]: rows }, loadByHost: { ...s.loadByHost, [hostId]: { status: 'ready' } } }));
    } catch (e) {
      set((s) => ({ loadByHost: { ...s.loadByHost, [hostId]: { status: 'error', error: toApiError(e) } } }));
    }
  },
  patch(snapshot) {
    set((s) => {
      const rows = s.byHost[snapshot.hostId];
      if (!rows) return s;
      return { byHost: { ...s.byHost, [snapshot.hostId]: rows.map((r) => (r.id === snapshot.id ? snapshot : r)) } };
    });
  },
}));

const NO_ROWS: Snapshot[] = [];

export function useHostSnapshots(hostId: string | null): Snapshot[] {
  return useSnapshots((s) => (hostId ? (s.byHost[hostId] ?? NO_ROWS) : NO_ROWS));
}

export function useSnapshot(hostId: string | null, id: string | null): Snapshot | null {
  return useSnapshots((s) => (hostId && id ? (s.byHost[hostId]?.find((r) => r.id === id) ?? null) : null));
}
