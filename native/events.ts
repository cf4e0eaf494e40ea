// libvirt's default event loop, pumped off the JS thread, and the events it delivers: domain
// lifecycle events and a connection's close (daemon restart, keepalive timeout).
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
import { check } from './errors';
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
const virDomainGetName = fn('const char *virDomainGetName(void *dom)');
const virDomainGetUUIDString = fn('int virDomainGetUUIDString(void *dom, _Out_ char *buf)');
const virDomainGetID = fn('unsigned int virDomainGetID(void *dom)');

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

// libvirt tracks a callback by (connection, function, event id, domain) and refuses a second
// registration of the same one, whatever its opaque: so there is one native registration per
// connection and domain filter, and JS listeners are multiplexed on it.
interface LifecycleReg {
  key: string;
  connPtr: Ptr;
  callbackId: number;
  /** Each listener with the function that releases its hold on the event loop. */
  listeners: Map<LifecycleListener, () => void>;
  owner: object;
}

let nextRegId = 1;
const lifecycleRegs = new Map<number, LifecycleReg>();
const lifecycleIdsByKey = new Map<string, number>();
let lifecycleTrampoline: bigint | null = null;

function report(e: unknown): void {
  // A listener's error must not unwind into libvirt's dispatch (koffi would swallow it).
  queueMicrotask(() => {
    throw e;
  });
}

function onLifecycle(_conn: unknown, dom: unknown, event: number, detail: number, opaque: unknown): number {
  const reg = lifecycleRegs.get(Number(opaque));
  if (!reg) return 0;
  // The domain pointer is only valid during this call: read what listeners need now.
  const uuid = Buffer.alloc(37);
  virDomainGetUUIDString(dom, uuid);
  const id = virDomainGetID(dom) as number;
  const e: DomainLifecycleEvent = {
    ...describeLifecycle(event, detail),
    event,
    detailCode: detail,
    domain: { name: (virDomainGetName(dom) as string | null) ?? '', uuid: uuid.toString('latin1', 0, 36), id: id === 0xffffffff ? -1 : id },
  };
  for (const listener of [...reg.listeners.keys()]) {
    try {
      listener(e);
    } catch (err) {
      report(err);
    }
  }
  return 0;
}

/**
 * Subscribes to lifecycle events of every domain (or of the domain `domainPtr`, whose UUID is
 * `domainUuid`) on a connection; returns the unsubscribe function. `owner` (the Connection) is
 * kept alive while subscribed.
 */
export function subscribeLifecycle(
  owner: object, connPtr: Ptr, listener: LifecycleListener, domain: { ptr: Ptr; uuid: string } | null = null,
): () => void {
  if (!implRegistered) {
    throw new Error('domain events need the event loop registered before the connection is opened: open it with { events: true } or call ensureEventLoop() first');
  }
  const key = `${connPtr}:${domain?.uuid ?? '*'}`;
  let regId = lifecycleIdsByKey.get(key);
  if (regId === undefined) {
    if (lifecycleTrampoline === null) lifecycleTrampoline = koffi.register(onLifecycle, koffi.pointer(LifecycleProto));
    regId = nextRegId++;
    const callbackId = check(
      'virConnectDomainEventRegisterAny',
      connPtr,
      virConnectDomainEventRegisterAny(connPtr, domain?.ptr ?? null, VIR_DOMAIN_EVENT_ID.LIFECYCLE, lifecycleTrampoline, BigInt(regId), null) as number,
    );
    lifecycleRegs.set(regId, { key, connPtr, callbackId, listeners: new Map(), owner });
    lifecycleIdsByKey.set(key, regId);
  }
  const id = regId;
  const reg = lifecycleRegs.get(id);
  if (reg && !reg.listeners.has(listener)) reg.listeners.set(listener, retainEventLoop());
  return () => {
    const r = lifecycleRegs.get(id);
    const release = r?.listeners.get(listener);
    if (!r || !release) return;
    r.listeners.delete(listener);
    if (r.listeners.size === 0) dropLifecycleRegistration(id);
    release();
  };
}

function dropLifecycleRegistration(id: number): void {
  const r = lifecycleRegs.get(id);
  if (!r) return;
  lifecycleRegs.delete(id);
  lifecycleIdsByKey.delete(r.key);
  // Fails only when the connection is already dead; the callback went with it then.
  virConnectDomainEventDeregisterAny(r.connPtr, r.callbackId);
  for (const release of r.listeners.values()) release();
}

// --- connection close -------------------------------------------------------------------------

export type CloseReason = 'error' | 'eof' | 'keepalive' | 'client';

const closeReasonNames = new Map<number, CloseReason>(
  Object.entries(VIR_CONNECT_CLOSE_REASON).map(([k, v]): [number, CloseReason] => [v, k.toLowerCase() as CloseReason]),
);

export type CloseListener = (reason: CloseReason) => void;

interface CloseReg {
  connPtr: Ptr;
  /** Each listener with the function that releases its hold on the event loop. */
  listeners: Map<CloseListener, () => void>;
  owner: object;
}

// One native close callback per connection (libvirt allows only one), keyed by its opaque id.
const closeRegs = new Map<number, CloseReg>();
const closeIdsByConn = new Map<Ptr, number>();
let closeTrampoline: bigint | null = null;

function onClose(_conn: unknown, reason: number, opaque: unknown): void {
  const reg = closeRegs.get(Number(opaque));
  if (!reg) return;
  const name = closeReasonNames.get(reason) ?? 'error';
  // Listeners typically reconnect: let libvirt finish closing before they run.
  setImmediate(() => {
    for (const l of [...reg.listeners.keys()]) {
      try {
        l(name);
      } catch (err) {
        report(err);
      }
    }
  });
}

/**
 * Calls `listener` when libvirt closes the connection by itself (daemon restart or crash,
 * keepalive timeout, I/O error): callers reconnect. Returns the unsubscribe function. Drivers
 * without a remote side (test:///) never call it.
 */
export function subscribeClose(owner: object, connPtr: Ptr, listener: CloseListener): () => void {
  let regId = closeIdsByConn.get(connPtr);
  if (regId === undefined) {
    if (closeTrampoline === null) closeTrampoline = koffi.register(onClose, koffi.pointer(CloseProto));
    regId = nextRegId++;
    check('virConnectRegisterCloseCallback', connPtr, virConnectRegisterCloseCallback(connPtr, closeTrampoline, BigInt(regId), null) as number);
    closeRegs.set(regId, { connPtr, listeners: new Map(), owner });
    closeIdsByConn.set(connPtr, regId);
  }
  const id = regId;
  const reg = closeRegs.get(id);
  if (reg && !reg.listeners.has(listener)) reg.listeners.set(listener, implRegistered ? retainEventLoop() : () => undefined);
  return () => {
    const r = closeRegs.get(id);
    const release = r?.listeners.get(listener);
    if (!r || !release) return;
    r.listeners.delete(listener);
    if (r.listeners.size === 0) dropCloseRegistration(id);
    release();
  };
}

function dropCloseRegistration(id: number): void {
  const r = closeRegs.get(id);
  if (!r) return;
  closeRegs.delete(id);
  closeIdsByConn.delete(r.connPtr);
  virConnectUnregisterCloseCallback(r.connPtr, closeTrampoline);
  for (const release of r.listeners.values()) release();
}

/**
 * Drops every subscription on a connection that is about to be closed. libvirt wants callbacks
 * deregistered before virConnectClose.
 */
export function dropConnectionEvents(connPtr: Ptr): void {
  for (const [id, reg] of [...lifecycleRegs]) {
    if (reg.connPtr === connPtr) dropLifecycleRegistration(id);
  }
  const closeId = closeIdsByConn.get(connPtr);
  if (closeId !== undefined) dropCloseRegistration(closeId);
}

function releaseIdleTrampolines(): void {
  if (lifecycleRegs.size === 0 && lifecycleTrampoline !== null) {
    koffi.unregister(lifecycleTrampoline);
    lifecycleTrampoline = null;
  }
  if (closeRegs.size === 0 && closeTrampoline !== null) {
    koffi.unregister(closeTrampoline);
    closeTrampoline = null;
  }
}
