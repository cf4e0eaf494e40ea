// Ownership of libvirt objects: each wrapper frees its pointer exactly once, on close() or
// `using` disposal; a FinalizationRegistry frees what callers forget, as a safety net only.
// Errors of calls on an object are read from its connection (see errors.ts).
import { callAsync, type NativeFn, type Ptr } from './lib';
import { check, checkAsync } from './errors';

interface Held {
  free: NativeFn;
  ptr: Ptr;
}

const registry = new FinalizationRegistry<Held>(({ free, ptr }) => {
  free(ptr);
});

export abstract class Handle implements Disposable {
  #ptr: Ptr | null;
  readonly #free: NativeFn;
  readonly #token = {};

  protected constructor(ptr: Ptr, free: NativeFn) {
    this.#ptr = ptr;
    this.#free = free;
    registry.register(this, { free, ptr }, this.#token);
  }

  /** The raw pointer; throws once the handle is closed. */
  get ptr(): Ptr {
    if (this.#ptr === null) throw new Error(`${this.constructor.name} is closed`);
    return this.#ptr;
  }

  get closed(): boolean {
    return this.#ptr === null;
  }

  /** The connection whose error record describes this object's failures. */
  protected abstract get connectionPtr(): Ptr;

  /** Checks the result of a sync call (on the JS thread). */
  protected call<T>(operation: string, result: T): Exclude<T, null> {
    return check(operation, this.connectionPtr, result);
  }

  /** Runs `f(this.ptr, ...args)` off the JS thread and checks its int result. */
  protected async callAsync(operation: string, f: NativeFn, ...args: unknown[]): Promise<number> {
    return checkAsync(operation, this.connectionPtr, await callAsync<number>(f, this.ptr, ...args));
  }

  close(): void {
    if (this.#ptr === null) return;
    registry.unregister(this.#token);
    const p = this.#ptr;
    this.#ptr = null;
    this.#free(p);
  }

  [Symbol.dispose](): void {
    this.close();
  }
}

/**
 * A list of handles owned as one (what libvirt's list calls hand out): `using doms =
 * ownAll(conn.listAllDomains())` closes every one of them when the scope ends, however it ends.
 */
export function ownAll<T extends Handle>(handles: T[]): T[] & Disposable {
  return Object.assign(handles, {
    [Symbol.dispose]() {
      for (const h of handles) h.close();
    },
  });
}

/** What an object needs of the connection it came from: the pointer whose error record it reads. */
export interface ConnectionRef {
  readonly ptr: Ptr;
}

/**
 * What a domain and its snapshots need of their connection: also whether its driver runs in this
 * process (the test driver), whose calls they run inline rather than on a pool thread. A narrow
 * type, so the connection imports the objects it makes and never the other way round.
 */
export interface DomainConnectionRef extends ConnectionRef {
  readonly inProcess: boolean;
}

/**
 * A libvirt object that belongs to a connection (domain, pool, volume, network, snapshot): it
 * keeps the connection alive and reads its failures from the connection's error record. Each
 * subclass says only which libvirt function frees it and adds its own calls.
 */
export abstract class ConnectionObject<C extends ConnectionRef = ConnectionRef> extends Handle {
  readonly connection: C;

  protected constructor(ptr: Ptr, free: NativeFn, connection: C) {
    super(ptr, free);
    this.connection = connection;
  }

  protected get connectionPtr(): Ptr {
    return this.connection.ptr;
  }

  /** The UUID text a virXGetUUIDString function writes for this object. */
  protected uuidVia(operation: string, getUuidString: NativeFn): string {
    const buf = Buffer.alloc(37);
    this.call(operation, getUuidString(this.ptr, buf) as number);
    return buf.toString('latin1', 0, 36);
  }
}
