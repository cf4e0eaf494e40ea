// Service events → a transport's send function (webContents.send in main, the page in e2e).
import type { SnapvisorServices } from '../services/api';
import { EVENTS, type EventName, type EventPayload } from './contract';

export type SendEvent = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

/** Forwards every contract event; returns the function that stops forwarding. */
export function forwardEvents(services: Pick<SnapvisorServices, 'on'>, send: SendEvent): () => void {
  const offs = EVENTS.map((event) => services.on(event, (payload) => send(event, payload)));
  return () => { for (const off of offs) off(); };
}
