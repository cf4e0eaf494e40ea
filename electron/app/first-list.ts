// The window app's start order: the list from the store first, then the hosts. Connecting a host
// and reconciling it is libvirt's work (the test driver parses its whole definition file, a
// daemon answers every VM's and snapshot's XML) and it takes a core of a small machine just while
// the window loads its page and draws its first rows; so the hosts wait until the window has
// asked for its first list and got it. A window that asks for none (no host whose list it shows)
// does not hold them back for longer than MAX_WAIT_MS.
import type { Handlers } from '../ipc/contract';

export const MAX_WAIT_MS = 2000;

export interface FirstListGate {
  /** Resolves when the first snapshots.list has been answered, or MAX_WAIT_MS after the gate was made. */
  readonly opened: Promise<void>;
  /** `handlers` with a snapshots.list that opens the gate once it has answered. */
  watch(handlers: Handlers): Handlers;
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
            open();
          }
        },
      };
    },
  };
}
