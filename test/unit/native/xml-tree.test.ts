// The ordered XML tree round-trips what this machine's libvirt writes (kit guests on
// qemu:///system, dumped by test/guest/dump-xml-fixtures.ts, and the test driver): nothing is
// lost or changed in meaning, whatever quotes, entities and layout the input used.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Connection, attrOf, child, el, mapElements, parseDomainXml, parseSnapshotXml, parseTree, renderTree, textOf, withAttrs, withText,
} from '../../../native';

const DIR = join(import.meta.dirname, '../fixtures/libvirt-xml');
const FIXTURES = readdirSync(DIR).filter((f) => f.endsWith('.xml')).map((f) => [f, readFileSync(join(DIR, f), 'utf8')] as const);

describe('the ordered XML tree', () => {
  it('has fixtures of every kind libvirt writes here', () => {
    expect(FIXTURES.map(([f]) => f).sort()).toEqual([
      'kit-inactive.xml', 'kit-live-chain.xml', 'kit-live.xml', 'kit-snapshot-external.xml', 'kit-snapshot-internal.xml',
      'testdriver-domain.xml', 'testdriver-snapshot.xml',
    ]);
  });

  it.each(FIXTURES)('%s: parse → render → parse gives the same tree and the same typed description', (_file, xml) => {
    const tree = parseTree(xml);
    const again = renderTree(tree);
    expect(parseTree(again)).toEqual(tree);
    if (tree.name === 'domain') expect(parseDomainXml(again)).toEqual(parseDomainXml(xml));
    else expect(parseSnapshotXml(again)).toEqual(parseSnapshotXml(xml));
  });

  it('reads entities once, keeps a text element’s own whitespace, and drops only layout', () => {
    const tree = parseTree(`<a x="1 &quot;q&quot; &amp;lt;" y='&#10;&#x41;'>
      <b>  two  spaces &lt;tag&gt; &#9;</b>
      <c/>
    </a>`);
    expect(tree.attrs).toEqual({ x: '1 "q" &lt;', y: '\nA' });
    expect(textOf(child(tree, 'b'))).toBe('  two  spaces <tag> \t');
    expect(tree.children).toHaveLength(2);
    const out = renderTree(tree);
    expect(parseTree(out)).toEqual(tree);
    expect(out).toContain('&amp;lt;');
  });

  it('changes values through the builder, which escapes them', () => {
    const tree = parseTree("<domain type='test'><name>x</name><devices><disk type='file'><source file='/a'/></disk></devices></domain>");
    const edited = mapElements(withAttrs(tree, { type: undefined }), (c) => (c.name === 'name' ? withText(c, `a'b"<c>&`) : c));
    const back = parseTree(renderTree(edited));
    expect(back.attrs).toEqual({});
    expect(textOf(child(back, 'name'))).toBe(`a'b"<c>&`);
    expect(attrOf(child(child(back, 'devices')!, 'disk'), 'type')).toBe('file');
    expect(() => parseTree('not xml')).toThrow();
    expect(renderTree(el('x', { v: '\u0001' }))).toBe('<x v="\uFFFD"/>');
  });

  describe('libvirt takes back what the tree writes', () => {
    let conn: Connection;
    beforeAll(async () => { conn = await Connection.open('test:///default'); });
    afterAll(() => conn.close());

    it('defines the test driver’s own domain, re-rendered under a new name', () => {
      const xml = FIXTURES.find(([f]) => f === 'testdriver-domain.xml')![1];
      const name = `ut-tree-${Date.now().toString(36)}`;
      const tree = parseTree(xml);
      const renamed = mapElements(tree, (c) => (c.name === 'name' ? withText(c, name) : c.name === 'uuid' ? null : c));
      using dom = conn.defineDomain(renderTree(withAttrs(renamed, { id: undefined })));
      expect(parseDomainXml(dom.xml()).disks).toEqual(parseDomainXml(xml).disks);
      dom.undefine();
    });
  });
});
