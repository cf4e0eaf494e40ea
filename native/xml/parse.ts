// One configured XML parser for everything libvirt returns. Attributes keep their names with
// an "@" prefix; text is under "#text"; elements that may repeat are always arrays.
import { XMLParser } from 'fast-xml-parser';

export type XmlObject = { [key: string]: XmlValue };
export type XmlValue = string | number | boolean | XmlObject | XmlValue[] | undefined;

const ALWAYS_ARRAY = new Set([
  'disk', 'interface', 'graphics', 'hostdev', 'controller', 'enum', 'value', 'feature', 'guest',
  'arch', 'domain', 'machine', 'model', 'vcpu', 'loader', 'snapshot', 'channel',
]);

/**
 * Entities as libvirt writes them: the five XML ones and numeric character references (libvirt
 * writes a line break inside an attribute as &#10;), decoded once.
 */
export const ENTITY_OPTIONS = { processEntities: true, htmlEntities: true } as const;

const parser = new XMLParser({
  ...ENTITY_OPTIONS,
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  textNodeName: '#text',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  isArray: (name, jpath) => ALWAYS_ARRAY.has(name) && !String(jpath).endsWith('domainsnapshot.domain') && String(jpath) !== 'domain',
});

export function parseXml(xml: string): XmlObject {
  return parser.parse(xml) as XmlObject;
}

export function obj(v: XmlValue): XmlObject | undefined {
  if (Array.isArray(v)) return obj(v[0]);
  return typeof v === 'object' && v !== null ? v : undefined;
}

export function arr(v: XmlValue): XmlObject[] {
  if (v === undefined) return [];
  const list = Array.isArray(v) ? v : [v];
  return list.map((x) => (typeof x === 'object' && x !== null && !Array.isArray(x) ? x : { '#text': x as string }));
}

/** Text content of an element that may be plain text or carry attributes. */
export function text(v: XmlValue): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (Array.isArray(v)) return text(v[0]);
  if (typeof v === 'object') return text(v['#text']);
  return String(v);
}

export function attr(o: XmlObject | undefined, name: string): string | undefined {
  const v = o?.[`@${name}`];
  return v === undefined ? undefined : String(v);
}
