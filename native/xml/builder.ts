// Builds libvirt XML from values that are never trusted: every text and attribute is escaped,
// and characters XML 1.0 cannot carry at all (most C0 controls, lone surrogates) are replaced.
export type XmlChild = XmlNode | string | number | null | undefined | false;

export interface XmlNode {
  readonly name: string;
  readonly attrs: Readonly<Record<string, string | number | undefined>>;
  readonly children: readonly XmlChild[];
}

// eslint-disable-next-line no-control-regex
const INVALID_XML_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const NAME = /^[A-Za-z_][A-Za-z0-9_.:-]*$/;

/** Text safe for an XML text node or attribute value. */
export function escapeXml(value: string): string {
  return value
    .replace(INVALID_XML_CHARS, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

export function el(name: string, attrs: XmlNode['attrs'] = {}, ...children: XmlChild[]): XmlNode {
  if (!NAME.test(name)) throw new Error(`invalid XML element name: ${name}`);
  for (const key of Object.keys(attrs)) if (!NAME.test(key)) throw new Error(`invalid XML attribute name: ${key}`);
  return { name, attrs, children };
}

export function renderXml(node: XmlNode, indent = ''): string {
  const attrs = Object.entries(node.attrs)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([k, v]) => ` ${k}="${escapeXml(String(v))}"`)
    .join('');
  const kids = node.children.filter((c): c is XmlNode | string | number => c !== null && c !== undefined && c !== false);
  if (kids.length === 0) return `${indent}<${node.name}${attrs}/>`;
  if (kids.every((c) => typeof c !== 'object')) {
    return `${indent}<${node.name}${attrs}>${kids.map((c) => escapeXml(String(c))).join('')}</${node.name}>`;
  }
  const inner = kids
    .map((c) => (typeof c === 'object' ? renderXml(c, `${indent}  `) : `${indent}  ${escapeXml(String(c))}`))
    .join('\n');
  return `${indent}<${node.name}${attrs}>\n${inner}\n${indent}</${node.name}>`;
}
