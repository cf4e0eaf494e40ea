// The one place libvirt.so.0 is loaded and its opaque types declared. Each native module
// declares the functions it needs with `fn()`; pointers come back from koffi as BigInts.
// libvirt.so.0 loads on the first call into it, not on import: loading it and the libraries it
// links costs a process ~11 ms, which a command that only reads the metadata (`snapvisor list`)
// need not pay. Types are koffi's alone and are declared at once.
import koffi, { type LibraryHandle } from 'koffi';

// koffi runs every call on a stack of its own; async calls get 128 KiB by default, little for
// libvirt's RPC client and libxml2 on a worker thread. Settings can only change before the
// first library is loaded, so this is skipped when someone loaded one earlier.
try {
  koffi.config({ ...koffi.config(), async_stack_size: 1 << 20, async_heap_size: 1 << 20 });
} catch {
  /* another module loaded a library first: keep koffi's defaults */
}

let libvirt: LibraryHandle | undefined;
const onLoad: (() => void)[] = [];

function library(): LibraryHandle {
  if (!libvirt) {
    libvirt = koffi.load('libvirt.so.0');
    for (const f of onLoad.splice(0)) f();
  }
  return libvirt;
}

/** Runs `f` as soon as libvirt.so.0 is loaded (now, if it is). */
export function whenLoaded(f: () => void): void {
  if (libvirt) f();
  else onLoad.push(f);
}

export type Ptr = bigint;

for (const name of [
  'virConnect', 'virDomain', 'virDomainSnapshot', 'virStoragePool', 'virStorageVol',
  'virStream', 'virNetwork',
]) {
  koffi.opaque(name);
}

// libvirt's error record (virterror.h). Returned by pointer, owned by libvirt: copy, never free.
export const virError = koffi.struct('virError', {
  code: 'int',
  domain: 'int',
  message: 'const char *',
  level: 'int',
  conn: 'void *',
  dom: 'void *',
  str1: 'const char *',
  str2: 'const char *',
  str3: 'const char *',
  int1: 'int',
  int2: 'int',
  net: 'void *',
});

// virTypedParameter (libvirt-common.h): a name, a type tag and a value union; 96 bytes.
export const virTypedParameterValue = koffi.union('virTypedParameterValue', {
  i: 'int',
  ui: 'unsigned int',
  l: 'long long',
  ul: 'unsigned long long',
  d: 'double',
  b: 'char',
  s: 'char *',
});
export const virTypedParameter = koffi.struct('virTypedParameter', {
  field: 'char[80]',
  type: 'int',
  value: virTypedParameterValue,
});

export type NativeFn = ReturnType<LibraryHandle['func']>;

/** Declares a libvirt function from its C prototype; koffi parses it on the function's first call. */
export function fn(prototype: string): NativeFn {
  let declared: NativeFn | undefined;
  const real = (): NativeFn => (declared ??= library().func(prototype));
  const call = (...args: unknown[]): unknown => real()(...args);
  return Object.defineProperties(call, {
    async: { value: (...args: unknown[]): unknown => real().async(...args) },
    info: { get: () => real().info },
  }) as NativeFn;
}

let qemuLib: LibraryHandle | null | undefined;

/**
 * Declares a function of libvirt-qemu.so.0 (QEMU-specific calls such as the guest agent), or
 * returns null when that library is not installed.
 */
export function qemuFn(prototype: string): NativeFn | null {
  if (qemuLib === undefined) {
    try {
      qemuLib = koffi.load('libvirt-qemu.so.0');
    } catch {
      qemuLib = null;
    }
  }
  return qemuLib === null ? null : qemuLib.func(prototype);
}

/** Runs a declared function on libuv's thread pool so the JS thread keeps moving. */
export function callAsync<T>(f: NativeFn, ...args: unknown[]): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    f.async(...args, (err: unknown, result: T) => (err ? reject(err) : resolve(result)));
  });
}

/**
 * Reads an out-array of libvirt object pointers (`virXPtr **`), hands each to `wrap`, and frees
 * the array itself. libvirt 9.0 does not export virFree, so libc's free releases the array.
 */
export function takePointerArray<T>(arrayPtr: unknown, count: number, type: string, wrap: (p: Ptr) => T): T[] {
  if (count <= 0 || arrayPtr === null) {
    if (arrayPtr !== null) libcFree(arrayPtr);
    return [];
  }
  const items = koffi.decode(arrayPtr, type, count) as Ptr[];
  libcFree(arrayPtr);
  return items.map(wrap);
}

/** A pointer to an exported libvirt function, for libvirt calls that take one. */
export function symbol(name: string): unknown {
  return library().symbol(name);
}

/** Reads an out-array of C strings that libvirt allocated, freeing each and the array. */
export function takeStringArray(arrayPtr: unknown, count: number): string[] {
  if (arrayPtr === null) return [];
  const ptrs = koffi.decode(arrayPtr, 'void *', Math.max(count, 0)) as unknown[];
  const out = ptrs.map((p) => koffi.decode(p, 'char', -1) as string);
  for (const p of ptrs) libcFree(p);
  libcFree(arrayPtr);
  return out;
}

const libc = koffi.load('libc.so.6');
export const libcFree = libc.func('void free(void *ptr)');
/** Zeroed C memory that is never moved or collected (free it with libcFree). */
export const libcCalloc = libc.func('void *calloc(size_t n, size_t size)');

export { koffi };
