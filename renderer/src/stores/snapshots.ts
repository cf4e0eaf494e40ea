import { useMemo } from 'react';
import { create } from 'zustand';
import { api, toApiError, unwrap } from '../api/api';
import type { Snapshot } from '../api/contract';
import type { LoadState } from './load-status';
import { applySnapshotChanges, snapshotCountsByVm } from './snapshot-changes';

interface Change {
  changed: Snapshot[];
  removedIds: string[];
}

interface SnapshotsState {
  byHost: Record<string, Snapshot[]>;
  loadByHost: Record<string, LoadState>;
  /**
   * Loads a host's whole list: on first show, on reconnect and after a reconcile. While the
   * first load is on its way the newest rows may already be there (`byHost` set, still loading).
   */
  fetch(hostId: string): Promise<void>;
  /** Patches a loaded host's list with a change event (nothing to patch before it is loaded). */
  apply(hostId: string, changed: Snapshot[], removedIds: string[]): void;
  /** Replaces one row in place (after an edit or protect) without reloading the host. */
  patch(snapshot: Snapshot): void;
}

/**
 * Changes heard while a host's list is being fetched: applied again to the fetched rows, which
 * may have been read before them (events arrive in order, so the last word wins).
 */
const heardDuringFetch = new Map<string, Change[]>();

/** A host's first load shows its newest rows first: a few screens' worth. */
const FIRST_PAGE = 100;

export const useSnapshots = create<SnapshotsState>()((set, get) => ({
  byHost: {},
  loadByHost: {},
  async fetch(hostId) {
    const first = !get().byHost[hostId];
    set((s) => ({
      loadByHost: { ...s.loadByHost, [hostId]: s.byHost[hostId] ? { status: 'ready' } : { status: 'loading' } },
    }));
    const heard: Change[] = [];
    heardDuringFetch.set(hostId, heard);
    const withHeard = (rows: Snapshot[]) => heard.reduce((r, c) => applySnapshotChanges(r, c.changed, c.removedIds), rows);
    try {
      // On a host's first load the newest rows are asked for first: the list paints from them
      // (still "loading") while the whole list travels.
      const page = first ? unwrap(api().snapshots.list({ hostId, includeDependents: true, limit: FIRST_PAGE })) : null;
      const all = unwrap(api().snapshots.list({ hostId, includeDependents: true }));
      all.catch(() => undefined);
      const newest = await page?.catch(() => null);
      if (newest && !get().byHost[hostId]) set((s) => ({ byHost: { ...s.byHost, [hostId]: withHeard(newest) } }));
      const rows = withHeard(await all);
      set((s) => ({ byHost: { ...s.byHost, [hostId]: rows }, loadByHost: { ...s.loadByHost, [hostId]: { status: 'ready' } } }));
    } catch (e) {
      set((s) => ({ loadByHost: { ...s.loadByHost, [hostId]: { status: 'error', error: toApiError(e) } } }));
    } finally {
      if (heardDuringFetch.get(hostId) === heard) heardDuringFetch.delete(hostId);
    }
  },
  apply(hostId, changed, removedIds) {
    heardDuringFetch.get(hostId)?.push({ changed, removedIds });
    const rows = get().byHost[hostId];
    if (!rows) return;
    set((s) => ({ byHost: { ...s.byHost, [hostId]: applySnapshotChanges(rows, changed, removedIds) } }));
  },
  patch(snapshot) {
    if (get().byHost[snapshot.hostId]) get().apply(snapshot.hostId, [snapshot], []);
  },
}));

const NO_ROWS: Snapshot[] = [];

export function useHostSnapshots(hostId: string | null): Snapshot[] {
  return useSnapshots((s) => (hostId ? (s.byHost[hostId] ?? NO_ROWS) : NO_ROWS));
}

export function useSnapshot(hostId: string | null, id: string | null): Snapshot | null {
  return useSnapshots((s) => (hostId && id ? (s.byHost[hostId]?.find((r) => r.id === id) ?? null) : null));
}

/** Snapshots per VM from the loaded list (kept current by events), or null before it is loaded. */
export function useSnapshotCounts(hostId: string | null): ReadonlyMap<string, number> | null {
  const rows = useSnapshots((s) => (hostId ? s.byHost[hostId] : undefined));
  return useMemo(() => (rows ? snapshotCountsByVm(rows) : null), [rows]);
}
