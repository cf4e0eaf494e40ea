import type { ServiceEventName, ServiceEvents } from '../api';

type Listener<E extends ServiceEventName> = (payload: ServiceEvents[E]) => void;

/** Typed in-process events; a throwing listener never breaks the operation that emitted. */
export class EventBus {
  private readonly listeners = new Map<ServiceEventName, Set<Listener<ServiceEventName>>>();

  on<E extends ServiceEventName>(event: E, listener: Listener<E>): () => void {
    const set = this.listeners.get(event) ?? new Set();
    set.add(listener as Listener<ServiceEventName>);
    this.listeners.set(event, set);
    return () => set.delete(listener as Listener<ServiceEventName>);
  }

  emit<E extends ServiceEventName>(event: E, payload: ServiceEvents[E]): void {
    for (const l of this.listeners.get(event) ?? []) {
      try {
        l(payload);
      } catch {
        // A listener's failure is its own business.
      }
    }
  }
}
