import { inflateSync } from 'node:zlib';
import * as zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { PNG_SIGNATURE, crc32, encodePng, parsePpm, pngSize, ppmToPng } from '../../../native';

function ppm(width: number, height: number, pixel: (x: number, y: number) => [number, number, number], header?: string): Buffer {
  const body = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) body.set(pixel(x, y), (y * width + x) * 3);
  }
  return Buffer.concat([Buffer.from(header ?? `P6\n${width} ${height}\n255\n`, 'latin1'), body]);
}

/** Reads back an 8-bit RGB PNG with filter 0 rows (what encodePng writes), checking every CRC. */
function decodePng(png: Buffer): { width: number; height: number; rgb: Buffer } {
  expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
  let pos = 8;
  const idat: Buffer[] = [];
  let width = 0;
  let height = 0;
  for (;;) {
    const len = png.readUInt32BE(pos);
    const type = png.toString('latin1', pos + 4, pos + 8);
    const data = png.subarray(pos + 8, pos + 8 + len);
    expect(png.readUInt32BE(pos + 8 + len)).toBe(crc32(png.subarray(pos + 4, pos + 8), data));
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      expect([data[8], data[9], data[10], data[11], data[12]]).toEqual([8, 2, 0, 0, 0]);
    } else if (type === 'IDAT') idat.push(data);
    else if (type === 'IEND') break;
    pos += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * 3;
  const rgb = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    expect(raw[y * (stride + 1)]).toBe(0);
    raw.copy(rgb, y * stride, y * (stride + 1) + 1, (y + 1) * (stride + 1));
  }
  return { width, height, rgb };
}

describe('PPM to PNG', () => {
  it('converts pixels exactly', () => {
    const src = ppm(37, 11, (x, y) => [x * 6, y * 20, (x * y) % 256]);
    const png = ppmToPng(src);
    expect(pngSize(png)).toEqual({ width: 37, height: 11 });
    const back = decodePng(png);
    expect(back.rgb.equals(parsePpm(src).rgb)).toBe(true);
  });

  it('accepts header comments and rejects what it cannot convert', () => {
    const withComment = ppm(2, 1, () => [1, 2, 3], 'P6 # made by qemu\n2 1\n# another\n255\n');
    expect(parsePpm(withComment)).toMatchObject({ width: 2, height: 1 });
    expect(() => parsePpm(Buffer.from('P3\n1 1\n255\n0 0 0\n'))).toThrow(/P6/);
    expect(() => parsePpm(ppm(1, 1, () => [0, 0, 0], 'P6\n1 1\n65535\n'))).toThrow(/maxval/);
    expect(() => parsePpm(Buffer.from('P6\n4 4\n255\n\0\0\0'))).toThrow(/truncated/);
    expect(() => parsePpm(Buffer.from('P6\n0 4\n255\n'))).toThrow(/dimensions/);
    expect(() => pngSize(Buffer.from('GIF89a'))).toThrow(/not a PNG/);
  });

  it('computes CRC-32 like zlib', () => {
    const data = Buffer.from('IHDR and some more bytes \u00ff', 'latin1');
    expect(crc32(Buffer.alloc(0))).toBe(0);
    expect(crc32(Buffer.from('123456789', 'latin1'))).toBe(0xcbf43926);
    const zcrc = (zlib as { crc32?: (d: Buffer) => number }).crc32;
    if (zcrc) expect(crc32(data)).toBe(zcrc(data));
    expect(crc32(data.subarray(0, 5), data.subarray(5))).toBe(crc32(data));
  });

  it('encodes a 1x1 image', () => {
    const png = encodePng({ width: 1, height: 1, rgb: Buffer.from([255, 0, 0]) });
    expect(decodePng(png).rgb).toEqual(Buffer.from([255, 0, 0]));
  });
});
