// libvirt XML as an ordered tree, for changing documents libvirt gave us before handing them
// back (a snapshot's domain as a new VM, a snapshot's new description). Parsed by fast-xml-parser
// in preserveOrder mode into the builder's own nodes, changed as values, and written by the
// builder, which escapes every text and attribute: nothing depends on libvirt's quoting,
// attribute order or line breaks, and nothing is edited with a regular expression.
import { XMLParser } from 'fast-xml-parser';
import { renderXml, type XmlChild, type XmlNode } from './builder';
import { ENTITY_OPTIONS } from './parse';

const parser = new XMLParser({
  ...ENTITY_OPTIONS,
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  // Text is kept as it is (a description's spaces are the user's); layout whitespace between
  // elements is dropped below.
  trimValues: false,
  ignorePiTags: true,
});

/** One entry of fast-xml-parser's ordered output: `{ tag: [children], ':@': { attr: value } }` or `{ '#text': … }`. */
type OrderedEntry = Record<string, unknown>;

function isEntryList(v: unknown): v is OrderedEntry[] {
  return Array.isArray(v) && v.every((e) => typeof e === 'object' && e !== null && !Array.isArray(e));
}

function attrsOf(entry: OrderedEntry): Record<string, string> {
  const raw = entry[':@'];
  const out: Record<string, string> = {};
  if (typeof raw === 'object' && raw !== null) for (const [k, v] of Object.entries(raw)) out[k] = String(v);
  return out;
}

function toChildren(entries: OrderedEntry[]): (XmlNode | string)[] {
  const kids: (XmlNode | string)[] = [];
  for (const entry of entries) {
    if ('#text' in entry) {
      kids.push(String(entry['#text']));
      continue;
    }
    const name = Object.keys(entry).find((k) => k !== ':@');
    const inner = name === undefined ? undefined : entry[name];
    if (name === undefined || !isEntryList(inner)) continue;
    kids.push({ name, attrs: attrsOf(entry), children: toChildren(inner) });
  }
  // Layout between elements is not content: only an element of text alone keeps its whitespace.
  return kids.some((k) => typeof k !== 'string') ? kids.filter((k) => typeof k !== 'string' || k.trim() !== '') : kids;
}

/** The document's root element. */
export function parseTree(xml: string): XmlNode {
  const parsed: unknown = parser.parse(xml);
  const root = isEntryList(parsed) ? toChildren(parsed).find((k): k is XmlNode => typeof k !== 'string') : undefined;
  if (!root) throw new Error('not an XML document');
  return root;
}

export function renderTree(node: XmlNode): string {
  return renderXml(node);
}

export function isElement(c: XmlChild): c is XmlNode {
  return typeof c === 'object' && c !== null;
}

export function elements(node: XmlNode): XmlNode[] {
  return node.children.filter(isElement);
}

/** The first child element of that name. */
export function child(node: XmlNode, name: string): XmlNode | undefined {
  return elements(node).find((c) => c.name === name);
}

export function childrenNamed(node: XmlNode, name: string): XmlNode[] {
  return elements(node).filter((c) => c.name === name);
}

export function attrOf(node: XmlNode | undefined, name: string): string | undefined {
  const v = node?.attrs[name];
  return v === undefined ? undefined : String(v);
}

/** The element's text (its text children joined). */
export function textOf(node: XmlNode | undefined): string | undefined {
  if (!node) return undefined;
  return node.children.filter((c): c is string | number => typeof c === 'string' || typeof c === 'number').join('');
}

/** A copy with the attributes merged in (undefined removes one). */
export function withAttrs(node: XmlNode, attrs: Record<string, string | number | undefined>): XmlNode {
  const merged: Record<string, string | number | undefined> = { ...node.attrs, ...attrs };
  for (const [k, v] of Object.entries(merged)) if (v === undefined) delete merged[k];
  return { ...node, attrs: merged };
}

/** A copy with new children. */
export function withChildren(node: XmlNode, children: XmlChild[]): XmlNode {
  return { ...node, children };
}

/** A copy whose only child is this text. */
export function withText(node: XmlNode, text: string | number): XmlNode {
  return { ...node, children: [String(text)] };
}

/**
 * A copy with each child element passed through `f`: a node replaces it, null drops it. Text
 * children stay where they are.
 */
export function mapElements(node: XmlNode, f: (c: XmlNode) => XmlNode | null): XmlNode {
  const children: XmlChild[] = [];
  for (const c of node.children) {
    if (!isElement(c)) children.push(c);
    else {
      const next = f(c);
      if (next !== null) children.push(next);
    }
  }
  return { ...node, children };
}

/** A copy without the elements of that name, at any depth. */
export function withoutDeep(node: XmlNode, name: string): XmlNode {
  return mapElements(node, (c) => (c.name === name ? null : withoutDeep(c, name)));
}
