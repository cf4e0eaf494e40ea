// libvirt's default event loop, pumped off the JS thread, and the events it delivers: domain
// lifecycle events (and, through domainEventSource, block-job events) and a connection's close
// (daemon restart, keepalive timeout).
//
// virEventRegisterDefaultImpl must run before a connection is opened: a remote connection
// registers its socket with the loop at open time, and one opened earlier never sees events.
// Once registered, the loop must keep running while such connections live: the daemon pings
// them (keepalive) and drops a connection that has not answered for ~30 s. Connection.open
// therefore retains the loop for every connection opened after registration, and the loop stops
// by itself when the last of them closes (or at stopEventLoop()), so the process can exit.
//
// The pump is one koffi `.async` call of virEventRunDefaultImpl after another; it holds one
// libuv pool thread (raise UV_THREADPOOL_SIZE). A 500 ms timeout makes every pass return, so
// stopping takes at most one pass (and it is woken at once by rescheduling that timeout to 0).
// Callbacks run on the pump thread; koffi forwards them to the JS thread and blocks the pump
// until they return. libvirt holds no lock of its own while it dispatches them.
import { callAsync, fn, koffi, type Ptr } from './lib';
import type { TypeObject } from 'koffi';
import { check } from './errors';
import { domainIdOf, domainNameOf, domainUuidOf } from './domain-ptr';
import {
  VIR_CONNECT_CLOSE_REASON, VIR_DOMAIN_EVENT, VIR_DOMAIN_EVENT_CRASHED, VIR_DOMAIN_EVENT_DEFINED,
  VIR_DOMAIN_EVENT_ID, VIR_DOMAIN_EVENT_PMSUSPENDED, VIR_DOMAIN_EVENT_RESUMED, VIR_DOMAIN_EVENT_SHUTDOWN,
  VIR_DOMAIN_EVENT_STARTED, VIR_DOMAIN_EVENT_STOPPED, VIR_DOMAIN_EVENT_SUSPENDED, VIR_DOMAIN_EVENT_UNDEFINED,
} from './constants';

const virEventRegisterDefaultImpl = fn('int virEventRegisterDefaultImpl(void)');
const virEventRunDefaultImpl = fn('int virEventRunDefaultImpl(void)');
const virEventAddTimeout = fn('int virEventAddTimeout(int frequency, void *cb, void *opaque, void *ff)');
const virEventUpdateTimeout = fn('void virEventUpdateTimeout(int timer, int frequency)');
const virEventRemoveTimeout = fn('int virEventRemoveTimeout(int timer)');
const virConnectDomainEventRegisterAny = fn(
  'int virConnectDomainEventRegisterAny(virConnect *conn, virDomain *dom, int eventID, void *cb, void *opaque, void *freecb)',
);
const virConnectDomainEventDeregisterAny = fn('int virConnectDomainEventDeregisterAny(virConnect *conn, int callbackID)');
const virConnectRegisterCloseCallback = fn('int virConnectRegisterCloseCallback(virConnect *conn, void *cb, void *opaque, void *freecb)');
const virConnectUnregisterCloseCallback = fn('int virConnectUnregisterCloseCallback(virConnect *conn, void *cb)');

const TimeoutProto = koffi.proto('void virEventTimeoutCallback(int timer, void *opaque)');
const LifecycleProto = koffi.proto('int virConnectDomainEventCallback(void *conn, void *dom, int event, int detail, void *opaque)');
const CloseProto = koffi.proto('void virConnectCloseFunc(void *conn, int reason, void *opaque)');

const PUMP_WAKE_MS = 500;

// --- the loop -------------------------------------------------------------------------------

let implRegistered = false;
let wakeTimer = -1;
let wakeCallback: bigint | null = null;
let pumping: Promise<void> | null = null;
let wanted = false;
let manual = false;
let retainers = 0;
let pumpError: Error | null = null;

/** Registers libvirt's default event implementation (once per process). */
export function registerEventImpl(): void {
  if (implRegistered) return;
  check('virEventRegisterDefaultImpl', null, virEventRegisterDefaultImpl() as number);
  implRegistered = true;
}

/** True once the default implementation is registered: connections opened since need the pump. */
export function eventImplRegistered(): boolean {
  return implRegistered;
}

export function eventLoopRunning(): boolean {
  return pumping !== null && wanted;
}

/** The error that stopped the pump, if virEventRunDefaultImpl ever failed. */
export function eventLoopError(): Error | null {
  return pumpError;
}

function startPump(): void {
  registerEventImpl();
  wanted = true;
  if (pumping) return;
  if (wakeCallback === null) wakeCallback = koffi.register(() => undefined, koffi.pointer(TimeoutProto));
  if (wakeTimer < 0) wakeTimer = check('virEventAddTimeout', null, virEventAddTimeout(PUMP_WAKE_MS, wakeCallback, null, null) as number);
  pumping = (async () => {
    try {
      while (wanted) {
        const rc = await callAsync<number>(virEventRunDefaultImpl);
        if (rc < 0) {
          pumpError = new Error('virEventRunDefaultImpl failed');
          break;
        }
      }
    } finally {
      wanted = false;
      pumping = null;
    }
  })();
}

async function stopPump(): Promise<void> {
  wanted = false;
  const running = pumping;
  if (running) {
    if (wakeTimer >= 0) virEventUpdateTimeout(wakeTimer, 0);
    await running;
  }
  // A new start may have begun while this one waited.
  if (pumping) return;
  if (wakeTimer >= 0) {
    virEventRemoveTimeout(wakeTimer);
    wakeTimer = -1;
  }
  // Nothing dispatches without the pump, except close callbacks: keep trampolines in use.
  if (wakeCallback !== null) {
    koffi.unregister(wakeCallback);
    wakeCallback = null;
  }
  releaseIdleTrampolines();
}

/**
 * Registers the default implementation (if needed) and starts pumping it. Call before opening
 * connections whose events you want; `Connection.open(uri, { events: true })` does it for you.
 */
export function ensureEventLoop(): void {
  startPump();
}

/** Starts the loop and keeps it running until stopEventLoop(), even with no connection open. */
export function startEventLoop(): void {
  manual = true;
  startPump();
}

/**
 * Stops pumping (at most one 500 ms pass, usually at once) and releases the callback
 * trampolines no subscription uses. Call at shutdown after closing connections; a later
 * open or subscription starts the loop again.
 */
export async function stopEventLoop(): Promise<void> {
  manual = false;
  await stopPump();
}

/**
 * Keeps the loop running for one user (a connection opened after registration); the returned
 * function releases it, and the last release stops the loop unless startEventLoop() was called.
 */
export function retainEventLoop(): () => void {
  retainers++;
  startPump();
  let released = false;
  return () => {
    if (released) return;
    released = true;
    retainers--;
    if (retainers === 0 && !manual) void stopPump();
  };
}

// --- domain lifecycle events ------------------------------------------------------------------

export type DomainEventType =
  | 'defined' | 'undefined' | 'started' | 'suspended' | 'resumed' | 'stopped' | 'shutdown' | 'pmsuspended' | 'crashed';

const eventTypeNames = new Map<number, DomainEventType>(
  Object.entries(VIR_DOMAIN_EVENT).map(([k, v]): [number, DomainEventType] => [v, k.toLowerCase() as DomainEventType]),
);

function detailTable(values: Record<string, number>): Map<number, string> {
  return new Map(Object.entries(values).map(([k, v]): [number, string] => [v, k.toLowerCase().replace(/_/g, '-')]));
}

const detailNames = new Map<number, Map<number, string>>([
  [VIR_DOMAIN_EVENT.DEFINED, detailTable(VIR_DOMAIN_EVENT_DEFINED)],
  [VIR_DOMAIN_EVENT.UNDEFINED, detailTable(VIR_DOMAIN_EVENT_UNDEFINED)],
  [VIR_DOMAIN_EVENT.STARTED, detailTable(VIR_DOMAIN_EVENT_STARTED)],
  [VIR_DOMAIN_EVENT.SUSPENDED, detailTable(VIR_DOMAIN_EVENT_SUSPENDED)],
  [VIR_DOMAIN_EVENT.RESUMED, detailTable(VIR_DOMAIN_EVENT_RESUMED)],
  [VIR_DOMAIN_EVENT.STOPPED, detailTable(VIR_DOMAIN_EVENT_STOPPED)],
  [VIR_DOMAIN_EVENT.SHUTDOWN, detailTable(VIR_DOMAIN_EVENT_SHUTDOWN)],
  [VIR_DOMAIN_EVENT.PMSUSPENDED, detailTable(VIR_DOMAIN_EVENT_PMSUSPENDED)],
  [VIR_DOMAIN_EVENT.CRASHED, detailTable(VIR_DOMAIN_EVENT_CRASHED)],
]);

export interface DomainLifecycleEvent {
  /** "started", "stopped", ... (virDomainEventType in lower case). */
  type: DomainEventType | 'unknown';
  /** The type's detail in lower case with dashes: "booted", "from-snapshot", "destroyed"... */
  detail: string;
  /** The raw virDomainEventType and detail codes. */
  event: number;
  detailCode: number;
  domain: { name: string; uuid: string; /** -1 when not running */ id: number };
}

/** Names a lifecycle event from its raw codes. */
export function describeLifecycle(event: number, detail: number): { type: DomainEventType | 'unknown'; detail: string } {
  return {
    type: eventTypeNames.get(event) ?? 'unknown',
    detail: detailNames.get(event)?.get(detail) ?? String(detail),
  };
}

export type LifecycleListener = (e: DomainLifecycleEvent) => void;

export type CloseReason = 'error' | 'eof' | 'keepalive' | 'client';
export type CloseListener = (reason: CloseReason) => void;

interface Registration<L> {
  key: string;
  connPtr: Ptr;
  /** libvirt's id for it (callback id, or 0 for a close callback). */
  nativeId: number;
  /** Each listener with the function that releases its hold on the event loop. */
  listeners: Map<L, () => void>;
  /** The Connection, kept alive while someone listens on it. */
  owner: object;
}

let nextRegId = 1;

/**
 * JS listeners multiplexed on native registrations, one per key. libvirt tracks a callback by
 * (connection, function, event id, domain) and refuses a second registration of the same one
 * ("event callback already tracked"); a connection has only one close callback.
 */
class Registry<L> {
  readonly #regs = new Map<number, Registration<L>>();
  readonly #ids = new Map<string, number>();
  trampoline: bigint | null = null;

  constructor(
    private readonly proto: TypeObject,
    private readonly handler: (...args: never[]) => unknown,
    /** Registers the native callback with `opaque` as its routing id; returns libvirt's id. */
    private readonly attach: (connPtr: Ptr, trampoline: bigint, opaque: number) => number,
    private readonly detach: (connPtr: Ptr, nativeId: number, trampoline: bigint) => void,
  ) {}

  get size(): number {
    return this.#regs.size;
  }

  listeners(opaque: unknown): L[] {
    return [...(this.#regs.get(Number(opaque))?.listeners.keys() ?? [])];
  }

  subscribe(owner: object, connPtr: Ptr, key: string, listener: L, hold: () => () => void): () => void {
    let id = this.#ids.get(key);
    if (id === undefined) {
      if (this.trampoline === null) this.trampoline = koffi.register(this.handler, koffi.pointer(this.proto));
      id = nextRegId++;
      const nativeId = this.attach(connPtr, this.trampoline, id);
      this.#regs.set(id, { key, connPtr, nativeId, listeners: new Map(), owner });
      this.#ids.set(key, id);
    }
    const regId = id;
    const reg = this.#regs.get(regId);
    if (reg && !reg.listeners.has(listener)) reg.listeners.set(listener, hold());
    return () => {
      const r = this.#regs.get(regId);
      const release = r?.listeners.get(listener);
      if (!r || !release) return;
      r.listeners.delete(listener);
      if (r.listeners.size === 0) this.#drop(regId);
      release();
    };
  }

  dropConnection(connPtr: Ptr): void {
    for (const [id, reg] of [...this.#regs]) if (reg.connPtr === connPtr) this.#drop(id);
  }

  /** Unregisters the trampoline once nothing uses it (only when nothing can dispatch). */
  releaseIdle(): void {
    if (this.#regs.size === 0 && this.trampoline !== null) {
      koffi.unregister(this.trampoline);
      this.trampoline = null;
    }
  }

  #drop(id: number): void {
    const r = this.#regs.get(id);
    if (!r) return;
    this.#regs.delete(id);
    this.#ids.delete(r.key);
    // Fails only when the connection is already dead; the callback went with it then.
    if (this.trampoline !== null) this.detach(r.connPtr, r.nativeId, this.trampoline);
    for (const release of r.listeners.values()) release();
  }
}

function report(e: unknown): void {
  // A listener's error must not unwind into libvirt's dispatch (koffi would swallow it).
  queueMicrotask(() => {
    throw e;
  });
}

/** Calls every listener with `value`; a listener's error is reported, never thrown into libvirt. */
export function deliver<T>(listeners: Array<(v: T) => void>, value: T): void {
  for (const l of listeners) {
    try {
      l(value);
    } catch (err) {
      report(err);
    }
  }
}

// --- domain events (lifecycle here, block jobs in block-job.ts) -----------------------------

// Every source of domain events, so a closing connection drops them all.
const sources: { dropConnection(connPtr: Ptr): void; releaseIdle(): void }[] = [];

// The domain of the registration being attached (registrations are made synchronously).
let pendingDomainFilter: Ptr | null = null;

export interface DomainEventSource<L> {
  /** The listeners of the registration `opaque` routes to (for the native callback). */
  listeners(opaque: unknown): L[];
  /**
   * Subscribes to this event of every domain (or of `domain` only) on a connection; returns the
   * unsubscribe function. `owner` (the Connection) is kept alive while subscribed.
   */
  subscribe(owner: object, connPtr: Ptr, listener: L, domain: { ptr: Ptr; uuid: string } | null): () => void;
}

/**
 * One virConnectDomainEventRegisterAny event id with its C callback prototype and the handler
 * that turns libvirt's arguments into listener calls (its last argument is the routing opaque).
 */
export function domainEventSource<L>(eventId: number, proto: TypeObject, handler: (...args: never[]) => unknown): DomainEventSource<L> {
  const registry = new Registry<L>(
    proto,
    handler,
    (connPtr, trampoline, opaque) => check(
      'virConnectDomainEventRegisterAny',
      connPtr,
      virConnectDomainEventRegisterAny(connPtr, pendingDomainFilter, eventId, trampoline, BigInt(opaque), null) as number,
    ),
    (connPtr, callbackId) => virConnectDomainEventDeregisterAny(connPtr, callbackId),
  );
  sources.push(registry);
  return {
    listeners: (opaque) => registry.listeners(opaque),
    subscribe(owner, connPtr, listener, domain) {
      if (!implRegistered) {
        throw new Error('domain events need the event loop registered before the connection is opened: open it with { events: true } or call ensureEventLoop() first');
      }
      pendingDomainFilter = domain?.ptr ?? null;
      try {
        return registry.subscribe(owner, connPtr, `${connPtr}:${domain?.uuid ?? '*'}`, listener, retainEventLoop);
      } finally {
        pendingDomainFilter = null;
      }
    },
  };
}

function onLifecycle(_conn: unknown, dom: Ptr, event: number, detail: number, opaque: unknown): number {
  const listeners = lifecycle.listeners(opaque);
  if (listeners.length === 0) return 0;
  // The domain pointer is only valid during this call: read what listeners need now.
  deliver(listeners, {
    ...describeLifecycle(event, detail),
    event,
    detailCode: detail,
    domain: { name: domainNameOf(dom) ?? '', uuid: domainUuidOf(dom) ?? '', id: domainIdOf(dom) },
  });
  return 0;
}

const closeReasonNames = new Map<number, CloseReason>(
  Object.entries(VIR_CONNECT_CLOSE_REASON).map(([k, v]): [number, CloseReason] => [v, k.toLowerCase() as CloseReason]),
);

function onClose(_conn: unknown, reason: number, opaque: unknown): void {
  const listeners = close.listeners(opaque);
  // Listeners typically reconnect: let libvirt finish closing before they run.
  setImmediate(() => deliver(listeners, closeReasonNames.get(reason) ?? 'error'));
}

const lifecycle = domainEventSource<LifecycleListener>(VIR_DOMAIN_EVENT_ID.LIFECYCLE, LifecycleProto, onLifecycle);

const close = new Registry<CloseListener>(
  CloseProto,
  onClose,
  (connPtr, trampoline, opaque) => {
    check('virConnectRegisterCloseCallback', connPtr, virConnectRegisterCloseCallback(connPtr, trampoline, BigInt(opaque), null) as number);
    return 0;
  },
  (connPtr, _id, trampoline) => virConnectUnregisterCloseCallback(connPtr, trampoline),
);

/**
 * Subscribes to lifecycle events of every domain (or of `domain` only) on a connection; returns
 * the unsubscribe function. `owner` (the Connection) is kept alive while subscribed.
 */
export function subscribeLifecycle(
  owner: object, connPtr: Ptr, listener: LifecycleListener, domain: { ptr: Ptr; uuid: string } | null = null,
): () => void {
  return lifecycle.subscribe(owner, connPtr, listener, domain);
}

/**
 * Calls `listener` when libvirt closes the connection by itself (daemon restart or crash,
 * keepalive timeout, I/O error): callers reconnect. Returns the unsubscribe function. Drivers
 * without a remote side (test:///) never call it.
 */
export function subscribeClose(owner: object, connPtr: Ptr, listener: CloseListener): () => void {
  return close.subscribe(owner, connPtr, String(connPtr), listener, () => (implRegistered ? retainEventLoop() : () => undefined));
}

/**
 * Drops every subscription on a connection that is about to be closed. libvirt wants callbacks
 * deregistered before virConnectClose.
 */
export function dropConnectionEvents(connPtr: Ptr): void {
  for (const source of sources) source.dropConnection(connPtr);
  close.dropConnection(connPtr);
}

function releaseIdleTrampolines(): void {
  for (const source of sources) source.releaseIdle();
  close.releaseIdle();
}
