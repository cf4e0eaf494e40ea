// virTypedParameter arrays that libvirt allocates (job stats, ...): decoded into a plain map
// and released with virTypedParamsFree, which frees string values too.
import { fn, koffi, virTypedParameter } from './lib';
import { VIR_TYPED_PARAM } from './constants';

const virTypedParamsFree = fn('void virTypedParamsFree(void *params, int nparams)');

export type TypedValue = number | string | boolean;

interface RawParam {
  field: string;
  type: number;
  value: { i: number; ui: number; l: number | bigint; ul: number | bigint; d: number; b: number; s: string | null };
}

function valueOf(p: RawParam): TypedValue {
  switch (p.type) {
    case VIR_TYPED_PARAM.INT: return p.value.i;
    case VIR_TYPED_PARAM.UINT: return p.value.ui;
    // 64-bit counters are bytes or ms: exact in a double up to 8 PiB.
    case VIR_TYPED_PARAM.LLONG: return Number(p.value.l);
    case VIR_TYPED_PARAM.ULLONG: return Number(p.value.ul);
    case VIR_TYPED_PARAM.DOUBLE: return p.value.d;
    case VIR_TYPED_PARAM.BOOLEAN: return p.value.b !== 0;
    case VIR_TYPED_PARAM.STRING: return p.value.s ?? '';
    default: return Number.NaN;
  }
}

/** Decodes `count` parameters at `ptr` and frees them (the array and its strings). */
export function takeTypedParams(ptr: unknown, count: number): Map<string, TypedValue> {
  const out = new Map<string, TypedValue>();
  if (ptr === null || ptr === undefined) return out;
  try {
    if (count > 0) {
      for (const p of koffi.decode(ptr, virTypedParameter, count) as RawParam[]) out.set(p.field, valueOf(p));
    }
  } finally {
    virTypedParamsFree(ptr, count);
  }
  return out;
}
