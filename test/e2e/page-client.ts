// The e2e transport's page side: window.snapvisor built by the same createApiClient the preload
// uses, over POSTs to the page's own origin (invoke, answered by the harness's handlers) and a
// page function the harness calls (events).
// Bundled to an IIFE by the harness and installed as an init script before the app loads.
import { createApiClient, type Channel, type EventName, type Result } from '../../electron/ipc/contract';

interface HarnessGlobals {
  /** The transport: one request to the harness, its Result back. */
  __snapvisorInvoke(channel: Channel, request: unknown): Promise<Result<unknown>>;
  __snapvisorEmit?: (event: EventName, payload: unknown) => void;
}

const g = globalThis as unknown as HarnessGlobals;
const listeners = new Map<EventName, Set<(payload: unknown) => void>>();

g.__snapvisorInvoke = async (channel, request) => {
  const reply = await fetch('/__ipc', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ channel, request }) });
  return (await reply.json()) as Result<unknown>;
};

g.__snapvisorEmit = (event, payload) => {
  for (const listener of listeners.get(event) ?? []) listener(payload);
};

const api = createApiClient(
  // Looked up per call, so a benchmark may wrap the transport to time it.
  (channel, request) => g.__snapvisorInvoke(channel, request),
  (event, listener) => {
    const set = listeners.get(event) ?? new Set();
    listeners.set(event, set);
    // A wrapper per subscription, so the same listener subscribed twice unsubscribes once.
    const wrapped = (payload: unknown) => listener(payload);
    set.add(wrapped);
    return () => { set.delete(wrapped); };
  },
);

// Like contextBridge.exposeInMainWorld: a read-only, non-configurable property.
Object.defineProperty(globalThis, 'snapvisor', { value: api, writable: false, configurable: false, enumerable: true });
