// A domain's identity read from a bare pointer: what Domain wraps, and what event callbacks
// (events.ts, block-job.ts) read from the pointer libvirt lends them. Below domain.ts, so the
// modules domain.ts uses need not import it back.
import { fn, type Ptr } from './lib';

const virDomainGetName = fn('const char *virDomainGetName(virDomain *dom)');
const virDomainGetUUIDString = fn('int virDomainGetUUIDString(virDomain *dom, _Out_ char *buf)');
const virDomainGetID = fn('unsigned int virDomainGetID(virDomain *dom)');

/** A domain's name from its pointer, or null on failure (also for pointers lent to event callbacks). */
export function domainNameOf(ptr: Ptr): string | null {
  return virDomainGetName(ptr) as string | null;
}

/** A domain's UUID string from its pointer, or null on failure. */
export function domainUuidOf(ptr: Ptr): string | null {
  const buf = Buffer.alloc(37);
  return (virDomainGetUUIDString(ptr, buf) as number) < 0 ? null : buf.toString('latin1', 0, 36);
}

/** A running domain's id from its pointer, or -1 when it is not running. */
export function domainIdOf(ptr: Ptr): number {
  const id = virDomainGetID(ptr) as number;
  return id === 0xffffffff ? -1 : id;
}
