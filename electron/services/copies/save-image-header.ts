// The domain definition inside a QEMU save image (a memory snapshot's file), rewritten as the file
// passes to another host: libvirt restores a save image only into a domain whose UUID and name
// match the definition saved in it (its ABI check), and the copy VM on the target has its own
// UUID and maybe another name. libvirt's header leaves 64 KiB of zeros after the definition for
// exactly such edits (virDomainSaveImageDefineXML), but that call refuses a new UUID, so the
// header is rewritten in the stream instead, its length unchanged; the QEMU state after it is
// untouched. Pure: bytes in, bytes out.
import { child, parseTree, renderTree, withChildren, withText, isElement } from '../../../native';
import { SnapvisorError } from '../../../shared/errors';
import type { HeadRewrite } from './relay';

const MAGIC = 'LibvirtQemudSave';
/** magic[16], then uint32s in host order: version, data_len, was_running, compressed, cookieOffset, unused[14]. */
const HEADER = 16 + 4 * 19;

function invalid(detail: string): SnapvisorError {
  return new SnapvisorError('transfer_mismatch', { detail });
}

function dataLength(start: Buffer): number {
  if (start.length < HEADER || start.toString('latin1', 0, 16) !== MAGIC) throw invalid('not a libvirt QEMU save image');
  const version = start.readUInt32LE(16);
  if (version < 1 || version > 2) throw invalid(`save image version ${version}`);
  return start.readUInt32LE(20);
}

/** The saved definition with the copy VM's name and UUID. */
function renamed(xml: string, vm: { name: string; uuid: string }): string {
  const domain = parseTree(xml);
  if (domain.name !== 'domain' || !child(domain, 'uuid') || !child(domain, 'name')) throw invalid('save image without a domain definition');
  return renderTree(withChildren(domain, domain.children.map((c) => {
    if (!isElement(c)) return c;
    if (c.name === 'name') return withText(c, vm.name);
    if (c.name === 'uuid') return withText(c, vm.uuid);
    return c;
  })));
}

/** The header and definition area with the definition renamed; the same length, the cookie moved after it. */
export function withSavedDomain(head: Buffer, vm: { name: string; uuid: string }): Buffer {
  const dataLen = dataLength(head);
  if (head.length < HEADER + dataLen) throw invalid('short save image header');
  const data = head.subarray(HEADER, HEADER + dataLen);
  const version = head.readUInt32LE(16);
  const cookieOffset = version >= 2 ? head.readUInt32LE(32) : 0;
  const xmlEnd = data.indexOf(0);
  if (xmlEnd < 0) throw invalid('unterminated domain definition in the save image');
  const cookie = cookieOffset > 0 ? data.subarray(cookieOffset, Math.max(cookieOffset, data.indexOf(0, cookieOffset) + 1)) : Buffer.alloc(0);
  const xml = Buffer.from(`${renamed(data.toString('utf8', 0, xmlEnd), vm)}\0`, 'utf8');
  if (xml.length + cookie.length > dataLen) throw invalid('the renamed definition does not fit the save image header');
  const out = Buffer.alloc(HEADER + dataLen);
  head.copy(out, 0, 0, HEADER);
  xml.copy(out, HEADER);
  cookie.copy(out, HEADER + xml.length);
  if (cookieOffset > 0) out.writeUInt32LE(xml.length, 32);
  return out;
}

/** The relay's head rewrite that gives a memory snapshot's save image the copy VM's name and UUID. */
export function savedDomainRewrite(vm: { name: string; uuid: string }): HeadRewrite {
  return {
    peek: HEADER,
    length: (start) => HEADER + dataLength(start),
    rewrite: (head) => withSavedDomain(head, vm),
  };
}
