import { create } from 'zustand';
import type { CopyInfo, Schedule, Snapshot, SnapshotKind, SnapshotState, Vm } from '../api/contract';

export type View = 'snapshots' | 'volumes' | 'schedules';
export type Theme = 'system' | 'light' | 'dark';
export type SortKey = 'name' | 'state' | 'kind' | 'vm' | 'current' | 'createdAt' | 'sizeBytes' | 'protected';

export interface Filters {
  vmUuid: string;
  text: string;
  kind: SnapshotKind | '';
  state: SnapshotState | '';
  /** yyyy-mm-dd from date inputs; empty for no bound. */
  since: string;
  until: string;
}

export const NO_FILTERS: Filters = { vmUuid: '', text: '', kind: '', state: '', since: '', until: '' };

export type Dialog =
  | { type: 'help' }
  | { type: 'hosts' }
  | { type: 'create'; vmUuid?: string }
  | { type: 'edit'; snapshot: Snapshot }
  | { type: 'delete'; snapshot: Snapshot }
  | { type: 'restore'; snapshot: Snapshot }
  | { type: 'restoreAsNew'; snapshot: Snapshot }
  | { type: 'createVolume'; vmUuid?: string }
  | { type: 'volumeRestore'; snapshot: Snapshot }
  | { type: 'extractVolume'; snapshot: Snapshot }
  | { type: 'removeVm'; vm: Vm }
  | { type: 'copyTo'; vm: Vm }
  | { type: 'import' }
  | { type: 'removeCopy'; copy: CopyInfo }
  | { type: 'schedule'; schedule: Schedule | null }
  | { type: 'deleteSchedule'; schedule: Schedule };

export interface Toast {
  id: number;
  tone: 'success' | 'error' | 'info';
  text: string;
}

const THEME_KEY = 'snapvisor.theme';

interface UiState {
  view: View;
  theme: Theme;
  filters: Filters;
  sort: { key: SortKey; dir: 'asc' | 'desc' };
  treeView: boolean;
  /** The list's current row: the keyboard moves it, the detail panel shows it while detailOpen. */
  selectedSnapshotId: string | null;
  /** Closed with Escape or ×, the panel stays closed while the selection moves, until Enter or a click. */
  detailOpen: boolean;
  dialog: Dialog | null;
  toasts: Toast[];
  setView(view: View): void;
  setTheme(theme: Theme): void;
  setFilters(patch: Partial<Filters>): void;
  setSort(key: SortKey): void;
  setTreeView(on: boolean): void;
  selectSnapshot(id: string | null): void;
  /** Selects a snapshot and shows it in the detail panel. */
  openDetail(id: string): void;
  closeDetail(): void;
  open(dialog: Dialog): void;
  close(): void;
  toast(tone: Toast['tone'], text: string): void;
  dismiss(id: number): void;
}

let nextToast = 1;

function savedTheme(): Theme {
  const t = globalThis.localStorage?.getItem(THEME_KEY);
  return t === 'light' || t === 'dark' ? t : 'system';
}

export function applyTheme(theme: Theme): void {
  if (theme === 'system') delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = theme;
}

export const useUi = create<UiState>()((set) => ({
  view: 'snapshots',
  theme: savedTheme(),
  filters: NO_FILTERS,
  sort: { key: 'createdAt', dir: 'desc' },
  treeView: false,
  selectedSnapshotId: null,
  detailOpen: true,
  dialog: null,
  toasts: [],
  setView: (view) => set({ view, selectedSnapshotId: null, detailOpen: true }),
  setTheme(theme) {
    globalThis.localStorage?.setItem(THEME_KEY, theme);
    applyTheme(theme);
    set({ theme });
  },
  setFilters: (patch) => set((s) => ({ filters: { ...s.filters, ...patch } })),
  setSort: (key) =>
    set((s) => ({ sort: { key, dir: s.sort.key === key && s.sort.dir === 'asc' ? 'desc' : s.sort.key === key ? 'asc' : key === 'createdAt' ? 'desc' : 'asc' } })),
  setTreeView: (treeView) => set({ treeView }),
  selectSnapshot: (selectedSnapshotId) => set({ selectedSnapshotId }),
  openDetail: (selectedSnapshotId) => set({ selectedSnapshotId, detailOpen: true }),
  closeDetail: () => set({ detailOpen: false }),
  open: (dialog) => set({ dialog }),
  close: () => set({ dialog: null }),
  toast: (tone, text) => set((s) => ({ toasts: [...s.toasts, { id: nextToast++, tone, text }].slice(-5) })),
  dismiss: (id) => set((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) })),
}));
