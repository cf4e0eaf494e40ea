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

interface HostsState {
  hosts: HostStatus[];
  load: LoadState;
  selectedHostId: string | null;
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
  connectErrors: {},

  async fetch() {
    set({ load: { status: 'loading' } });
    try {
      const hosts = await unwrap(api().hosts.list({}));
      const current = get().selectedHostId;
      const connected = hosts.filter((h) => h.state === 'connected');
      const keep = hosts.some((h) => h.id === current) ? current : null;
      const last = rememberedHostId();
      const preferred = keep ?? connected.find((h) => h.id === last)?.id ?? connected[0]?.id ?? hosts[0]?.id ?? null;
      remember(preferred);
      set({ hosts, load: { status: 'ready' }, selectedHostId: preferred });
    } catch (e) {
      set({ load: { status: 'error', error: toApiError(e) } });
    }
  },

  select(hostId) {
    remember(hostId);
    set({ selectedHostId: hostId });
    const host = get().hosts.find((h) => h.id === hostId);
    if (host && (host.state === 'disconnected' || host.state === 'error')) void get().connect(hostId);
  },

  apply(host) {
    set((s) => {
      const exists = s.hosts.some((h) => h.id === host.id);
      const hosts = exists ? s.hosts.map((h) => (h.id === host.id ? host : h)) : [...s.hosts, host];
      return { hosts, selectedHostId: s.selectedHostId ?? host.id };
    });
  },

  async add(uri, name) {
    const host = await unwrap(api().hosts.add(name ? { uri, name } : { uri }));
    get().apply(host);
    set({ selectedHostId: host.id });
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
