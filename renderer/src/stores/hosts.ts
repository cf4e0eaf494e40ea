import { create } from 'zustand';
import { api, toApiError, unwrap } from '../api/api';
import type { ApiError, HostStatus } from '../api/contract';
import { IDLE, type LoadState } from './load-status';

export const DEMO_URI = 'test:///default';
export const SESSION_URI = 'qemu:///session';
export const SYSTEM_URI = 'qemu:///system';
const LAST_HOST_KEY = 'snapvisor.lastHost';

export function rememberedHostId(): string | null {
  return globalThis.localStorage?.getItem(LAST_HOST_KEY) ?? null;
}

function remember(hostId: string | null): void {
  if (hostId) globalThis.localStorage?.setItem(LAST_HOST_KEY, hostId);
}

/**
 * Whether the host's snapshots are shown: connected, or still connecting (at start main answers
 * from its store while every host connects; what reconcile changes arrives as events).
 */
export function listsSnapshots(host: Pick<HostStatus, 'state'>): boolean {
  return host.state === 'connected' || host.state === 'connecting';
}

/** The host to show: `current` while it lists, else the one used last, else the first that lists, else any. */
function preferredHost(hosts: readonly HostStatus[], current: string | null): string | null {
  const listing = hosts.filter(listsSnapshots);
  const last = rememberedHostId();
  return listing.find((h) => h.id === current)?.id ?? listing.find((h) => h.id === last)?.id ?? listing[0]?.id
    ?? hosts.find((h) => h.id === current)?.id ?? hosts[0]?.id ?? null;
}

interface HostsState {
  hosts: HostStatus[];
  load: LoadState;
  selectedHostId: string | null;
  /** The user picked the shown host (else it follows the hosts' states: a failed one gives way). */
  chosen: boolean;
  /** The last connect failure per host, with its code (HostStatus.error is only text). */
  connectErrors: Record<string, ApiError>;
  fetch(): Promise<void>;
  select(hostId: string): void;
  apply(host: HostStatus): void;
  add(uri: string, name?: string): Promise<HostStatus>;
  remove(hostId: string): Promise<void>;
  connect(hostId: string): Promise<void>;
}

export const useHosts = create<HostsState>()((set, get) => ({
  hosts: [],
  load: IDLE,
  selectedHostId: null,
  chosen: false,
  connectErrors: {},

  async fetch() {
    set({ load: { status: 'loading' } });
    try {
      const hosts = await unwrap(api().hosts.list({}));
      const { chosen, selectedHostId } = get();
      const keep = chosen && hosts.some((h) => h.id === selectedHostId) ? selectedHostId : null;
      const preferred = keep ?? preferredHost(hosts, selectedHostId);
      remember(preferred);
      set({ hosts, load: { status: 'ready' }, selectedHostId: preferred });
    } catch (e) {
      set({ load: { status: 'error', error: toApiError(e) } });
    }
  },

  select(hostId) {
    remember(hostId);
    set({ selectedHostId: hostId, chosen: true });
    const host = get().hosts.find((h) => h.id === hostId);
    if (host && (host.state === 'disconnected' || host.state === 'error')) void get().connect(hostId);
  },

  apply(host) {
    set((s) => {
      const exists = s.hosts.some((h) => h.id === host.id);
      const hosts = exists ? s.hosts.map((h) => (h.id === host.id ? host : h)) : [...s.hosts, host];
      // A host that failed to connect at start gives way to one that lists, unless the user picked it.
      return { hosts, selectedHostId: s.chosen ? s.selectedHostId ?? host.id : preferredHost(hosts, s.selectedHostId) };
    });
  },

  async add(uri, name) {
    const host = await unwrap(api().hosts.add(name ? { uri, name } : { uri }));
    get().apply(host);
    set({ selectedHostId: host.id, chosen: true });
    return host;
  },

  async remove(hostId) {
    await unwrap(api().hosts.remove({ hostId }));
    set((s) => {
      const hosts = s.hosts.filter((h) => h.id !== hostId);
      return { hosts, selectedHostId: s.selectedHostId === hostId ? (hosts[0]?.id ?? null) : s.selectedHostId };
    });
  },

  async connect(hostId) {
    try {
      const host = await unwrap(api().hosts.connect({ hostId }));
      get().apply(host);
      set((s) => {
        const rest = { ...s.connectErrors };
        delete rest[hostId];
        return { connectErrors: rest };
      });
    } catch (e) {
      set((s) => ({ connectErrors: { ...s.connectErrors, [hostId]: toApiError(e) } }));
    }
  },
}));

export function useSelectedHost(): HostStatus | null {
  return useHosts((s) => s.hosts.find((h) => h.id === s.selectedHostId) ?? null);
}

/** Why the host is not usable: the last connect's error here, else the one main recorded. */
export function hostFailure(host: HostStatus, connectError: ApiError | undefined): ApiError | null {
  return connectError ?? (host.state === 'error' ? host.failure : null);
}

/** True when this computer's user may not use the host's local libvirt (the group/polkit advice fits). */
export function isPermissionDenied(host: HostStatus, connectError: ApiError | undefined): boolean {
  return hostFailure(host, connectError)?.code === 'host_permission_denied';
}
