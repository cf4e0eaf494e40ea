import { describe, expect, it } from 'vitest';
import { koffi, libcCalloc, virTypedParameter } from '../../../native/lib';
import { takeTypedParams } from '../../../native/typed-params';
import { VIR_TYPED_PARAM, jobOperationName, jobTypeName } from '../../../native';

// An array laid out as virDomainGetJobStats returns it, allocated with the C allocator that
// virTypedParamsFree releases (libvirt's virTypedParamsAdd* crash in Debian's 9.0 build).
const strdup = koffi.load('libc.so.6').func('void *strdup(const char *s)');

type Entry = [string, number, Record<string, unknown>];

function cParams(entries: Entry[]): unknown {
  const size = koffi.sizeof(virTypedParameter);
  const arr = libcCalloc(entries.length, size);
  entries.forEach(([field, type, value], i) => {
    const v = type === VIR_TYPED_PARAM.STRING ? { s: strdup(String(value.s)) } : value;
    koffi.encode(arr, i * size, virTypedParameter, { field, type, value: v });
  });
  return arr;
}

describe('virTypedParameter decoding', () => {
  it('decodes every type of the union and frees the array', () => {
    const entries: Entry[] = [
      ['operation', VIR_TYPED_PARAM.INT, { i: 6 }],
      ['memory_total', VIR_TYPED_PARAM.ULLONG, { ul: 536870912n }],
      ['memory_processed', VIR_TYPED_PARAM.ULLONG, { ul: 2n ** 40n + 7n }],
      ['delta', VIR_TYPED_PARAM.LLONG, { l: -5n }],
      ['rate', VIR_TYPED_PARAM.DOUBLE, { d: 1.5 }],
      ['success', VIR_TYPED_PARAM.BOOLEAN, { b: 1 }],
      ['errmsg', VIR_TYPED_PARAM.STRING, { s: 'disk <full>' }],
      ['iteration', VIR_TYPED_PARAM.UINT, { ui: 4000000000 }],
    ];
    const map = takeTypedParams(cParams(entries), entries.length);
    expect(Object.fromEntries(map)).toEqual({
      operation: 6, memory_total: 536870912, memory_processed: 2 ** 40 + 7, delta: -5, rate: 1.5, success: true,
      errmsg: 'disk <full>', iteration: 4000000000,
    });
  });

  it('handles an empty result', () => {
    expect(takeTypedParams(null, 0).size).toBe(0);
  });

  it('names job types and operations', () => {
    expect(jobTypeName(1)).toBe('bounded');
    expect(jobTypeName(3)).toBe('completed');
    expect(jobOperationName(6)).toBe('snapshot');
    expect(jobOperationName(7)).toBe('snapshot-revert');
    expect(jobOperationName(10)).toBe('snapshot-delete');
    expect(jobOperationName(42)).toBe('unknown');
  });
});
