// Several async libvirt calls in flight on one connection. The remote driver multiplexes calls
// on its one socket and libvirtd serves up to max_client_requests (5 by default) of a client's
// calls at once, so a few calls in flight hide the round trips a serial loop waits through;
// more than the daemon serves only queue (and hold libuv pool threads while they wait).
// On the in-process test driver they gain nothing but cost nothing much either.

/** How many calls a connection gets in flight by default: what libvirtd serves at once. */
export const CALLS_IN_FLIGHT = 5;

/**
 * How many of those one domain gets: the QEMU driver holds a domain's lock while it answers a
 * call about it, so the daemon works on several domains at once, and on one domain in turn.
 */
export const CALLS_PER_DOMAIN = 2;

export type CallSlots = <T>(call: () => Promise<T>) => Promise<T>;

/** Runs the calls given to it, at most `limit` at a time, in the order they were given. */
export function callSlots(limit = CALLS_IN_FLIGHT): CallSlots {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async <T>(call: () => Promise<T>): Promise<T> => {
    if (running >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
    running++;
    try {
      return await call();
    } finally {
      running--;
      waiting.shift()?.();
    }
  };
}

/** Slots for calls about one domain, within the connection's `slots`. */
export function domainSlots(slots: CallSlots, limit = CALLS_PER_DOMAIN): CallSlots {
  const own = callSlots(limit);
  return (call) => own(() => slots(call));
}

/**
 * Maps `items` through async `fn`, at most `slots` allows at a time, results in item order.
 * After a failure no further call starts, and the calls already running are waited for before
 * the first failure is thrown: nothing is left running against handles the caller then closes.
 */
export async function mapInFlight<T, R>(items: readonly T[], fn: (item: T) => Promise<R>, slots: CallSlots = callSlots()): Promise<R[]> {
  let failure: { error: unknown } | null = null;
  const results = await Promise.all(items.map((item) => slots(async (): Promise<R | undefined> => {
    if (failure) return undefined;
    try {
      return await fn(item);
    } catch (e) {
      failure ??= { error: e };
      return undefined;
    }
  })));
  if (failure) throw (failure as { error: unknown }).error;
  return results as R[];
}
