// Ownership of libvirt objects: each wrapper frees its pointer exactly once, on close() or
// `using` disposal; a FinalizationRegistry frees what callers forget, as a safety net only.
import type { NativeFn, Ptr } from './lib';

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
