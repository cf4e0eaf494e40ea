// Every failing libvirt call becomes a LibvirtError with libvirt's code, domain, message and the
// operation that failed. libvirt keeps its last error per thread and copies it into the
// connection (virDispatchError) before returning, so:
//  - a sync call (JS thread) reads the JS thread's own record: exact;
//  - an async call ran on a worker thread and reads the connection's copy, which libvirt fills
//    from any thread (concurrent failures on one connection may swap messages: libvirt's limit);
//  - an async open has no connection yet: while one runs, libvirt's error handler is
//    virCopyLastError, which copies each raised error into one static record.
//
// There is deliberately no JS error handler: koffi runs a JS callback invoked on another thread
// on the JS thread and blocks the calling thread until it returns, while libvirt raises errors
// with locks held (the RPC client's, a domain object's). A sync call on the JS thread waiting for
// such a lock would deadlock. The installed handler is virResetError, a no-op for NULL; it only
// stops libvirt's default handler from printing every error to stderr.
import { fn, koffi, libcCalloc, symbol, virError, whenLoaded, type Ptr } from './lib';
import { VIR_ERR } from './constants';

export interface LibvirtErrorInfo {
  code: number;
  domain: number;
  message: string;
}

export class LibvirtError extends Error {
  readonly code: number;
  readonly domain: number;
  readonly operation: string;
  readonly libvirtMessage: string;
  /**
   * The URI of the connection the failed call went over (null for an open, or a call on no
   * connection): whether a dropped link was this machine's daemon or a remote host's.
   */
  readonly uri: string | null;

  constructor(operation: string, info: LibvirtErrorInfo, uri: string | null = null) {
    super(`${operation}: ${info.message}`);
    this.name = 'LibvirtError';
    this.code = info.code;
    this.domain = info.domain;
    this.operation = operation;
    this.libvirtMessage = info.message;
    this.uri = uri;
  }

  /** The libvirt name of the code, e.g. "NO_DOMAIN", or the number when unknown. */
  get codeName(): string {
    return codeNames.get(this.code) ?? String(this.code);
  }

  is(code: number): boolean {
    return this.code === code;
  }
}

const codeNames = new Map<number, string>(Object.entries(VIR_ERR).map(([k, v]): [number, string] => [v, k]));

const virConnGetLastError = fn('virError *virConnGetLastError(virConnect *conn)');
const virGetLastError = fn('virError *virGetLastError(void)');
const virSetErrorFunc = fn('void virSetErrorFunc(void *userData, void *handler)');
const virResetError = fn('void virResetError(void *err)');

const silence = (): void => virSetErrorFunc(null, symbol('virResetError'));
whenLoaded(silence);

/** The URI each open connection was opened with, by its pointer (see LibvirtError.uri). */
const connectionUris = new Map<Ptr, string>();

/** Remembers the URI of a connection just opened, for the errors of calls over it. */
export function noteConnectionUri(conn: Ptr, uri: string): void {
  connectionUris.set(conn, uri);
}

/** Forgets a connection being closed (libvirt may reuse its address). */
export function forgetConnectionUri(conn: Ptr): void {
  connectionUris.delete(conn);
}

const openErrorRecord = libcCalloc(1, koffi.sizeof(virError));
let opensInFlight = 0;

function decodeError(p: unknown): LibvirtErrorInfo | null {
  if (p === null || p === undefined) return null;
  const e = koffi.decode(p, virError) as { code: number; domain: number; message: string | null };
  if (e.code === 0) return null;
  return { code: e.code, domain: e.domain, message: e.message ?? `libvirt error ${e.code}` };
}

const unknownError: LibvirtErrorInfo = { code: VIR_ERR.INTERNAL_ERROR, domain: 0, message: 'unknown libvirt error' };

/** The error of a sync call that just failed on the JS thread. */
export function lastError(operation: string, conn: Ptr | null): LibvirtError {
  const info = decodeError(virGetLastError()) ?? (conn !== null ? decodeError(virConnGetLastError(conn)) : null) ?? unknownError;
  return new LibvirtError(operation, info, conn !== null ? connectionUris.get(conn) ?? null : null);
}

/** The error of an async call on `conn` that just failed on a worker thread. */
export function lastAsyncError(operation: string, conn: Ptr): LibvirtError {
  return new LibvirtError(operation, decodeError(virConnGetLastError(conn)) ?? unknownError, connectionUris.get(conn) ?? null);
}

/** Throws unless `result` is a success value (non-negative number, non-null pointer/string). */
export function check<T>(operation: string, conn: Ptr | null, result: T): Exclude<T, null> {
  if (result === null || (typeof result === 'number' && result < 0)) throw lastError(operation, conn);
  return result as Exclude<T, null>;
}

/** check() for the result of an async call. */
export function checkAsync<T>(operation: string, conn: Ptr, result: T): Exclude<T, null> {
  if (result === null || (typeof result === 'number' && result < 0)) throw lastAsyncError(operation, conn);
  return result as Exclude<T, null>;
}

/**
 * Runs an async connection open with the open-error record installed, so a failure on the
 * worker thread reports libvirt's own error.
 */
export async function captureOpenError<T>(operation: string, open: () => Promise<T | null>): Promise<T> {
  if (opensInFlight++ === 0) {
    // No open in flight: nothing writes the record, so its old strings can be freed.
    virResetError(openErrorRecord);
    virSetErrorFunc(openErrorRecord, symbol('virCopyLastError'));
  }
  let result: T | null;
  try {
    result = await open();
  } finally {
    if (--opensInFlight === 0) silence();
  }
  if (result === null) throw new LibvirtError(operation, decodeError(openErrorRecord) ?? unknownError);
  return result;
}
