// The definition inside a QEMU save image, renamed as the file passes to the copy VM's host: the
// name and UUID change, the rest of the definition and the cookie stay, the header's length and
// the QEMU state after it do not move; anything that is not a libvirt save image is refused.
import { describe, expect, it } from 'vitest';
import { savedDomainRewrite, withSavedDomain } from '../../../../electron/services/copies/save-image-header';

const HEADER = 92;
const XML = "<domain type='qemu'>\n  <name>src-vm</name>\n  <uuid>11111111-2222-3333-4444-555555555555</uuid>\n  <memory unit='KiB'>1024</memory>\n</domain>\n";
const COOKIE = '<qemu-migration><name>src-vm</name></qemu-migration>\n';

/** A save image's head as libvirt writes it: header, definition, cookie, 64 KiB of zeros. */
function saveHead(cookie = true): Buffer {
  const xml = Buffer.from(`${XML}\0`);
  const ck = cookie ? Buffer.from(`${COOKIE}\0`) : Buffer.alloc(0);
  const dataLen = xml.length + ck.length + 65536;
  const head = Buffer.alloc(HEADER + dataLen);
  head.write('LibvirtQemudSave', 0, 'latin1');
  head.writeUInt32LE(2, 16);
  head.writeUInt32LE(dataLen, 20);
  head.writeUInt32LE(1, 24);
  head.writeUInt32LE(cookie ? xml.length : 0, 32);
  xml.copy(head, HEADER);
  ck.copy(head, HEADER + xml.length);
  return head;
}

const copyVm = { name: 'src-vm-2', uuid: '6f1c1d52-7a3e-4a8e-9d55-0c3f7e1b2a90' };

describe('save image header', () => {
  it('renames the saved definition in place: same length, the cookie moved after it, its offset updated', () => {
    const head = saveHead();
    const out = withSavedDomain(head, copyVm);
    expect(out.length).toBe(head.length);
    expect(out.subarray(0, 32).equals(head.subarray(0, 32))).toBe(true);
    const xmlEnd = out.indexOf(0, HEADER);
    const xml = out.toString('utf8', HEADER, xmlEnd);
    expect(xml).toContain('<name>src-vm-2</name>');
    expect(xml).toContain(`<uuid>${copyVm.uuid}</uuid>`);
    expect(xml).toMatch(/<memory unit=["']KiB["']>1024<\/memory>/);
    const cookieAt = out.readUInt32LE(32);
    expect(cookieAt).toBe(xmlEnd - HEADER + 1);
    expect(out.toString('utf8', HEADER + cookieAt, out.indexOf(0, HEADER + cookieAt))).toBe(COOKIE);
  });

  it('works without a cookie, and the relay asks for exactly the header and its data', () => {
    const head = saveHead(false);
    const r = savedDomainRewrite(copyVm);
    expect(r.length(head.subarray(0, r.peek))).toBe(head.length);
    const out = r.rewrite(head);
    expect(out.readUInt32LE(32)).toBe(0);
    expect(out.toString('utf8', HEADER, out.indexOf(0, HEADER))).toContain(copyVm.uuid);
  });

  it('refuses what is not a libvirt save image, and a definition that would not fit', () => {
    expect(() => savedDomainRewrite(copyVm).length(Buffer.alloc(HEADER))).toThrow(/not a libvirt QEMU save image/);
    const head = saveHead(false);
    const tight = head.subarray(0, HEADER + Buffer.byteLength(XML) + 1);
    tight.writeUInt32LE(Buffer.byteLength(XML) + 1, 20);
    expect(() => withSavedDomain(tight, { ...copyVm, name: 'a-much-longer-name-than-the-old-one' })).toThrow(/does not fit/);
  });
});
