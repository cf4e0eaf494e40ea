// Each VM's copies on other hosts (issue 16), loaded when the VM is shown. Kept fresh by
// vm.changed (a refresh or a removal ends with one for the source VM, see sync.ts).
import { create } from 'zustand';
import { api, toApiError, unwrap } from '../api/api';
import type { CopyInfo } from '../api/contract';
import type { LoadState } from './load-status';

export const vmKey = (hostId: string, vmUuid: string): string => `${hostId}:${vmUuid}`;

interface CopiesState {
  byVm: Record<string, CopyInfo[]>;
  loadByVm: Record<string, LoadState>;
  fetch(hostId: string, vmUuid: string): Promise<void>;
}

export const useCopies = create<CopiesState>()((set) => ({
  byVm: {},
  loadByVm: {},
  async fetch(hostId, vmUuid) {
    const key = vmKey(hostId, vmUuid);
    // A reload keeps the list shown; only a first load says "loading".
    set((s) => ({ loadByVm: { ...s.loadByVm, [key]: s.byVm[key] ? { status: 'ready' } : { status: 'loading' } } }));
    try {
      const copies = await unwrap(api().copies.list({ hostId, vmUuid }));
      set((s) => ({ byVm: { ...s.byVm, [key]: copies }, loadByVm: { ...s.loadByVm, [key]: { status: 'ready' } } }));
    } catch (e) {
      set((s) => ({ loadByVm: { ...s.loadByVm, [key]: { status: 'error', error: toApiError(e) } } }));
    }
  },
}));

/** Whether this VM's copies were asked for (so a change event reloads them). */
export function copiesLoaded(hostId: string, vmUuid: string): boolean {
  return useCopies.getState().loadByVm[vmKey(hostId, vmUuid)] !== undefined;
}

const NONE: CopyInfo[] = [];

export function useVmCopies(hostId: string, vmUuid: string): CopyInfo[] {
  return useCopies((s) => s.byVm[vmKey(hostId, vmUuid)] ?? NONE);
}
