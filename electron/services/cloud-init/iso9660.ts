// A small ISO 9660 image with Joliet names: one root directory of a few small files, which is all a
// NoCloud seed is. No npm package writes ISO 9660 (the ones there read it, or drive genisoimage /
// xorriso, which a remote libvirt host's client need not have), so this writes the few structures
// itself (ECMA-119: volume descriptors, path tables, directory records; Joliet: a supplementary
// descriptor with UCS-2 names, read by Linux and Windows alike). Pure: bytes in, bytes out.
// Layout, in 2048-byte sectors: 0–15 system area, 16 primary descriptor, 17 Joliet descriptor,
// 18 terminator, 19–22 path tables (L and M, primary then Joliet), 23 primary root directory,
// 24 Joliet root directory, then each file from a sector boundary.

const SECTOR = 2048;
const FIRST_FILE_SECTOR = 25;

export interface IsoFile {
  /** The file's name as Joliet shows it (Linux and Windows read these): at most 64 characters. */
  name: string;
  data: Uint8Array;
}

export interface IsoImage {
  /** The volume label (blkid's LABEL): at most 16 characters of [A-Za-z0-9_]. */
  volumeId: string;
  files: IsoFile[];
  /** Every date the image records. */
  date: Date;
}

function both16(b: Buffer, at: number, n: number): void {
  b.writeUInt16LE(n, at);
  b.writeUInt16BE(n, at + 2);
}

function both32(b: Buffer, at: number, n: number): void {
  b.writeUInt32LE(n, at);
  b.writeUInt32BE(n, at + 4);
}

function ascii(b: Buffer, at: number, length: number, text: string): void {
  b.fill(0x20, at, at + length);
  b.write(text, at, length, 'latin1');
}

function ucs2(text: string): Buffer {
  return Buffer.from(text, 'utf16le').swap16();
}

/** A UCS-2 big-endian field padded with UCS-2 spaces. */
function ucs2Field(b: Buffer, at: number, length: number, text: string): void {
  for (let i = at; i < at + length; i += 2) b.writeUInt16BE(0x20, i);
  ucs2(text).copy(b, at, 0, length);
}

/** The 17-byte date of a volume descriptor (UTC); `null` for "not specified". */
function longDate(d: Date | null): Buffer {
  const b = Buffer.alloc(17, 0x30);
  b[16] = 0;
  if (!d) return b;
  const p = (n: number, w: number): string => String(n).padStart(w, '0');
  b.write(`${p(d.getUTCFullYear(), 4)}${p(d.getUTCMonth() + 1, 2)}${p(d.getUTCDate(), 2)}${p(d.getUTCHours(), 2)}${p(d.getUTCMinutes(), 2)}${p(d.getUTCSeconds(), 2)}00`, 0, 'latin1');
  return b;
}

/** The 7-byte date of a directory record (UTC). */
function shortDate(d: Date): Buffer {
  return Buffer.from([d.getUTCFullYear() - 1900, d.getUTCMonth() + 1, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), 0]);
}

function directoryRecord(id: Buffer, extent: number, size: number, isDir: boolean, date: Date): Buffer {
  const length = 33 + id.length + (id.length % 2 === 0 ? 1 : 0);
  const r = Buffer.alloc(length);
  r[0] = length;
  both32(r, 2, extent);
  both32(r, 10, size);
  shortDate(date).copy(r, 18);
  r[25] = isDir ? 2 : 0;
  both16(r, 28, 1);
  r[32] = id.length;
  id.copy(r, 33);
  return r;
}

/** A path table of the root alone, little- or big-endian. */
function pathTable(rootSector: number, bigEndian: boolean): Buffer {
  const t = Buffer.alloc(10);
  t[0] = 1;
  if (bigEndian) t.writeUInt32BE(rootSector, 2);
  else t.writeUInt32LE(rootSector, 2);
  if (bigEndian) t.writeUInt16BE(1, 6);
  else t.writeUInt16LE(1, 6);
  return t;
}

/** ISO 9660 level 1 name, as genisoimage makes it: upper case, d-characters, 8.3, version 1. */
export function primaryName(name: string, taken: Set<string>): string {
  const d = (s: string): string => s.toUpperCase().replace(/[^A-Z0-9_]/g, '_');
  const dot = name.lastIndexOf('.');
  const base = d(dot > 0 ? name.slice(0, dot) : name).slice(0, 8) || '_';
  const ext = dot > 0 ? d(name.slice(dot + 1)).slice(0, 3) : '';
  let candidate = `${base}.${ext}`;
  for (let n = 1; taken.has(candidate); n++) candidate = `${base.slice(0, 8 - String(n).length)}${n}.${ext}`;
  taken.add(candidate);
  return candidate;
}

interface Placed {
  primary: Buffer;
  joliet: Buffer;
  extent: number;
  data: Uint8Array;
}

function directory(entries: { id: Buffer; extent: number; size: number }[], self: number, date: Date): Buffer {
  const dir = Buffer.alloc(SECTOR);
  let at = 0;
  // "." and "..": the root is its own parent.
  for (const id of [0, 1]) at += directoryRecord(Buffer.from([id]), self, SECTOR, true, date).copy(dir, at);
  for (const e of [...entries].sort((a, b) => Buffer.compare(a.id, b.id))) {
    const r = directoryRecord(e.id, e.extent, e.size, false, date);
    if (at + r.length > SECTOR) throw new Error('too many files for one directory sector');
    at += r.copy(dir, at);
  }
  return dir;
}

function volumeDescriptor(type: 1 | 2, image: IsoImage, totalSectors: number, rootSector: number, tables: { l: number; m: number }): Buffer {
  const v = Buffer.alloc(SECTOR);
  const joliet = type === 2;
  const text = joliet ? ucs2Field : ascii;
  v[0] = type;
  v.write('CD001', 1, 'latin1');
  v[6] = 1;
  text(v, 8, 32, '');
  text(v, 40, 32, image.volumeId);
  both32(v, 80, totalSectors);
  // Joliet level 3 (UCS-2): escape sequence %/E.
  if (joliet) v.write('%/E', 88, 'latin1');
  both16(v, 120, 1);
  both16(v, 124, 1);
  both16(v, 128, SECTOR);
  both32(v, 132, 10);
  v.writeUInt32LE(tables.l, 140);
  v.writeUInt32BE(tables.m, 148);
  directoryRecord(Buffer.from([0]), rootSector, SECTOR, true, image.date).copy(v, 156);
  for (const [at, length] of [[190, 128], [318, 128], [446, 128], [574, 128], [702, 37], [739, 37], [776, 37]] as const) text(v, at, length - (joliet ? length % 2 : 0), '');
  longDate(image.date).copy(v, 813);
  longDate(image.date).copy(v, 830);
  longDate(null).copy(v, 847);
  longDate(image.date).copy(v, 864);
  v[881] = 1;
  return v;
}

/** The image's bytes, as the chunks they are written in (system area, descriptors, tables, directories, files). */
export function isoImage(image: IsoImage): Buffer[] {
  if (!/^[A-Za-z0-9_]{1,16}$/.test(image.volumeId)) throw new Error('volume id must be 1–16 of [A-Za-z0-9_]');
  const taken = new Set<string>();
  let next = FIRST_FILE_SECTOR;
  const placed: Placed[] = image.files.map((f) => {
    // eslint-disable-next-line no-control-regex -- control characters are what Joliet names may not hold
    if (f.name.length === 0 || f.name.length > 64 || /[\\/:*?"<>|;\0-\x1f]/.test(f.name)) throw new Error(`not a Joliet file name: ${f.name}`);
    const p = { primary: Buffer.from(`${primaryName(f.name, taken)};1`, 'latin1'), joliet: ucs2(f.name), extent: next, data: f.data };
    next += Math.ceil(f.data.length / SECTOR);
    return p;
  });
  const total = next;
  const chunks = [
    Buffer.alloc(16 * SECTOR),
    volumeDescriptor(1, image, total, 23, { l: 19, m: 20 }),
    volumeDescriptor(2, image, total, 24, { l: 21, m: 22 }),
  ];
  const terminator = Buffer.alloc(SECTOR);
  terminator[0] = 255;
  terminator.write('CD001', 1, 'latin1');
  terminator[6] = 1;
  chunks.push(terminator);
  for (const [root, big] of [[23, false], [23, true], [24, false], [24, true]] as const) {
    const sector = Buffer.alloc(SECTOR);
    pathTable(root, big).copy(sector);
    chunks.push(sector);
  }
  chunks.push(directory(placed.map((p) => ({ id: p.primary, extent: p.extent, size: p.data.length })), 23, image.date));
  chunks.push(directory(placed.map((p) => ({ id: p.joliet, extent: p.extent, size: p.data.length })), 24, image.date));
  for (const p of placed) {
    const padded = Buffer.alloc(Math.ceil(p.data.length / SECTOR) * SECTOR);
    Buffer.from(p.data.buffer, p.data.byteOffset, p.data.length).copy(padded);
    chunks.push(padded);
  }
  return chunks;
}
