// Random values come from the Web Crypto global, which Node loads on first use: node:crypto
// would load at import, a few ms of every CLI call, most of which make no id.

/** `bytes` random bytes as lowercase hex. */
export function randomHex(bytes: number): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(bytes))).toString('hex');
}

/** A short random id: 12 lowercase hex characters, safe in libvirt names and file names. */
export function newId(): string {
  return randomHex(6);
}

export function nowIso(): string {
  return new Date().toISOString();
}
