import { randomBytes } from 'node:crypto';

/** A short random id: 12 lowercase hex characters, safe in libvirt names and file names. */
export function newId(): string {
  return randomBytes(6).toString('hex');
}

export function nowIso(): string {
  return new Date().toISOString();
}
