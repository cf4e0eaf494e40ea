// SHA-256 off the JS thread: GnuTLS's hash, called through koffi on libuv's thread pool. Copies,
// exports and imports hash every byte they move; node:crypto hashes on the JS thread, where an
// 800 MiB export spent half its time (bench exports) while the reads, the writes and libvirt's
// sends waited for it. Here the hash runs beside them on another core. GnuTLS is the library
// libvirt itself links (its TLS transport), so it is wherever libvirt.so.0 is; it hashes as fast
// as node:crypto (both use the CPU's SHA instructions: 816 MiB in 0.48 s on this machine).
//
// Updates run in the order given, one at a time. A buffer must stay unchanged until its update
// has resolved (the bytes are read where they are, not copied).
import koffi from 'koffi';
import { callAsync, type NativeFn } from './lib';

/** gnutls_digest_algorithm_t's GNUTLS_DIG_SHA256. */
const GNUTLS_DIG_SHA256 = 6;
const SHA256_BYTES = 32;

interface GnutlsHash {
  init: NativeFn;
  update: NativeFn;
  deinit: NativeFn;
}

let gnutls: GnutlsHash | null = null;

function library(): GnutlsHash {
  if (!gnutls) {
    const lib = koffi.load('libgnutls.so.30');
    gnutls = {
      init: lib.func('int gnutls_hash_init(_Out_ void **dig, int algorithm)'),
      update: lib.func('int gnutls_hash(void *dig, const void *text, size_t len)'),
      deinit: lib.func('void gnutls_hash_deinit(void *dig, _Out_ uint8_t *digest)'),
    };
  }
  return gnutls;
}

/** A streaming SHA-256; `using` it frees it when no digest was taken (after its updates ran). */
export class Sha256 implements Disposable {
  #handle: unknown;
  /** The last update given: the next waits for it, and so do digest() and the free. */
  #tail: Promise<void> = Promise.resolve();
  #failed: Error | null = null;

  constructor() {
    const out: unknown[] = [null];
    const rc = library().init(out, GNUTLS_DIG_SHA256) as number;
    if (rc < 0 || out[0] === null) throw new Error(`gnutls_hash_init failed (${rc})`);
    this.#handle = out[0];
  }

  /** Adds `data` to the hash, after every earlier update; resolves once it has been read. */
  update(data: Buffer): Promise<void> {
    const handle = this.#live();
    const run = this.#tail.then(async () => {
      if (this.#failed) throw this.#failed;
      const rc = await callAsync<number>(library().update, handle, data, data.length);
      if (rc < 0) throw (this.#failed = new Error(`gnutls_hash failed (${rc})`));
    });
    this.#tail = run.catch(() => undefined);
    return run;
  }

  /** The hash of everything given, in lower-case hex, once the updates ran; the hash is freed. */
  async digest(): Promise<string> {
    const handle = this.#live();
    this.#handle = null;
    await this.#tail;
    const out = Buffer.alloc(SHA256_BYTES);
    library().deinit(handle, out);
    if (this.#failed) throw this.#failed;
    return out.toString('hex');
  }

  #live(): unknown {
    if (this.#handle === null) throw new Error('the hash was already finished');
    return this.#handle;
  }

  [Symbol.dispose](): void {
    const handle = this.#handle;
    if (handle === null) return;
    this.#handle = null;
    // Freed only once no update runs on it.
    void this.#tail.then(() => library().deinit(handle, null));
  }
}
