// Every failing libvirt call becomes a LibvirtError with libvirt's code, domain, message and the
// operation that failed. libvirt keeps its last error per thread, and async calls run on worker
// threads, so errors are captured by an error handler (which libvirt calls on the failing thread
// and koffi forwards to the JS thread) and, for calls with a connection, from
// virConnGetLastError, which libvirt fills from any thread.
import { fn, koffi, virError, type Ptr } from './lib';
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

  constructor(operation: string, info: LibvirtErrorInfo) {
    super(`${operation}: ${info.message}`);
    this.name = 'LibvirtError';
    this.code = info.code;
    this.domain = info.domain;
    this.operation = operation;
    this.libvirtMessage = info.message;
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

const ErrorHandler = koffi.proto('void virErrorFunc(void *userData, virError *error)');

let lastRaised: LibvirtErrorInfo | null = null;

function decodeError(p: unknown): LibvirtErrorInfo | null {
  if (p === null || p === undefined) return null;
  const e = koffi.decode(p, virError) as { code: number; domain: number; message: string | null };
  if (e.code === 0) return null;
  return { code: e.code, domain: e.domain, message: e.message ?? `libvirt error ${e.code}` };
}

// Installing a handler also stops libvirt's default one from printing every error to stderr.
const handler = koffi.register((_user: unknown, err: unknown) => {
  lastRaised = decodeError(err);
}, koffi.pointer(ErrorHandler));
virSetErrorFunc(null, handler);

/**
 * The error for a call that just failed. The connection's copy is exact from any thread; the
 * handler's record is the newest error anywhere (covers failed opens, which have no connection);
 * the JS thread's own record last, for sync calls raised before the handler ran.
 */
export function lastError(operation: string, conn: Ptr | null): LibvirtError {
  const info =
    (conn !== null ? decodeError(virConnGetLastError(conn)) : null) ??
    lastRaised ??
    decodeError(virGetLastError()) ?? { code: VIR_ERR.INTERNAL_ERROR, domain: 0, message: 'unknown libvirt error' };
  return new LibvirtError(operation, info);
}

/** Throws unless `result` is a success value (non-negative number, non-null pointer/string). */
export function check<T>(operation: string, conn: Ptr | null, result: T): Exclude<T, null> {
  if (result === null || (typeof result === 'number' && result < 0)) throw lastError(operation, conn);
  return result as Exclude<T, null>;
}
