#!/usr/bin/env node
// Draws build/icon.png (512×512 RGBA) with nothing but node:zlib: a dark rounded tile with three
// stacked, offset snapshot "frames" — the app's idea in one picture. Run: node build/make-icon.mjs
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const SIZE = 512;
const SS = 4; // supersamples per axis, for smooth edges

function crc32(buf) {
  let c = ~0;
  for (const byte of buf) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** Inside a rounded rectangle (x, y, w, h, radius)? */
function inRoundRect(px, py, [x, y, w, h, r]) {
  if (px < x || py < y || px > x + w || py > y + h) return false;
  const cx = Math.min(Math.max(px, x + r), x + w - r);
  const cy = Math.min(Math.max(py, y + r), y + h - r);
  return (px - cx) ** 2 + (py - cy) ** 2 <= r * r;
}

const TILE = { rect: [16, 16, 480, 480, 96], color: [30, 31, 34] };
const FRAMES = [
  { rect: [168, 96, 248, 184, 28], hole: [188, 116, 208, 144, 16], color: [64, 120, 160] },
  { rect: [132, 164, 248, 184, 28], hole: [152, 184, 208, 144, 16], color: [56, 168, 196] },
  { rect: [96, 232, 248, 184, 28], hole: null, color: [96, 214, 200] },
];
// A small "lens" on the front frame.
const LENS = { c: [220, 324], r: 46, ring: 30, color: [30, 31, 34] };

function colorAt(px, py) {
  let color = null;
  if (inRoundRect(px, py, TILE.rect)) color = TILE.color;
  for (const f of FRAMES) {
    if (inRoundRect(px, py, f.rect) && !(f.hole && inRoundRect(px, py, f.hole))) color = f.color;
  }
  const d = Math.hypot(px - LENS.c[0], py - LENS.c[1]);
  if (d <= LENS.r && d >= LENS.ring) color = LENS.color;
  return color;
}

const raw = Buffer.alloc(SIZE * (SIZE * 4 + 1));
for (let y = 0; y < SIZE; y++) {
  raw[y * (SIZE * 4 + 1)] = 0; // filter: none
  for (let x = 0; x < SIZE; x++) {
    let r = 0, g = 0, b = 0, a = 0;
    for (let sy = 0; sy < SS; sy++) {
      for (let sx = 0; sx < SS; sx++) {
        const c = colorAt(x + (sx + 0.5) / SS, y + (sy + 0.5) / SS);
        if (!c) continue;
        r += c[0]; g += c[1]; b += c[2]; a += 1;
      }
    }
    const o = y * (SIZE * 4 + 1) + 1 + x * 4;
    raw[o] = a ? Math.round(r / a) : 0;
    raw[o + 1] = a ? Math.round(g / a) : 0;
    raw[o + 2] = a ? Math.round(b / a) : 0;
    raw[o + 3] = Math.round((a / (SS * SS)) * 255);
  }
}

const ihdr = Buffer.alloc(13);
ihdr.writeUInt32BE(SIZE, 0);
ihdr.writeUInt32BE(SIZE, 4);
ihdr[8] = 8; // bit depth
ihdr[9] = 6; // RGBA
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', ihdr),
  chunk('IDAT', deflateSync(raw, { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
]);
writeFileSync(new URL('./icon.png', import.meta.url), png);
console.log(`build/icon.png: ${png.length} bytes`);
