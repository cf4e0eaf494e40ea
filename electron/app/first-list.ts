// The window app's start order: the list from the store first, then the hosts. Connecting a host
// and reconciling it is libvirt's work (the test driver parses its whole definition file, a
// daemon answers every VM's and snapshot's XML), and loading libvirt itself holds main's thread;
// on a small machine that would share the cores with the page drawing its first rows. So the
// hosts wait until the window has its whole first list: the first snapshots.list without a
// `limit` (the page asks for the newest rows first, then for all of them) has been answered and
// its answer sent. A window that asks for none (no host whose list it shows) does not hold them
// back for longer than MAX_WAIT_MS.
import type { Handlers } from '../ipc/contract';

export const MAX_WAIT_MS = 2000;

export interface FirstListGate {
  /** Resolves after the first whole snapshots.list has been answered, or MAX_WAIT_MS after the gate was made. */
  readonly opened: Promise<void>;
  /** `handlers` with a snapshots.list that opens the gate once it has answered a whole list. */
  watch(handlers: Handlers): Handlers;
}

/** A request for all of a filter's rows, not a first page of them. */
function asksWholeList(request: unknown): boolean {
  return typeof request === 'object' && request !== null && (request as { limit?: unknown }).limit === undefined;
}

export function firstListGate(maxWaitMs = MAX_WAIT_MS): FirstListGate {
  let open: () => void = () => undefined;
  const opened = new Promise<void>((ok) => { open = ok; });
  const timer = setTimeout(open, maxWaitMs);
  void opened.then(() => clearTimeout(timer));
  return {
    opened,
    watch: (handlers) => {
      const list = handlers['snapshots.list'];
      return {
        ...handlers,
        'snapshots.list': async (request) => {
          try {
            return await list(request);
          } finally {
            // After the answer has gone out: what the gate starts would run before it otherwise.
            if (asksWholeList(request)) setImmediate(open);
          }
        },
      };
    },
  };
}
