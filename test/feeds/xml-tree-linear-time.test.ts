// The lenient feed tree (src/feeds/xml-tree.ts) stays linear on the shapes that make a naive
// tree builder quadratic: end tags that match nothing under a deep nest, a namespace declared at
// every level, a tag or CDATA section that never ends. Generous timeouts: a quadratic reading
// of these takes minutes, a linear one well under a second.

import { describe, expect, it } from 'vitest';
import { parseXmlTree } from '../../src/feeds/xml-tree.js';

const N = 100_000;

describe('parseXmlTree in linear time', () => {
  it('end tags that match nothing, under a deep nest', { timeout: 20_000 }, () => {
    const tree = parseXmlTree(`<rss>${'<a>'.repeat(N)}${'</b>'.repeat(N)}`, null);
    expect(tree.mismatched).toBe(true);
    expect(tree.truncated).toBe(true);
  });

  it('a new namespace prefix declared at every level', { timeout: 20_000 }, () => {
    const xml = `<rss>${Array.from({ length: N / 4 }, (_, i) => `<a xmlns:p${i}="urn:${i}">`).join('')}`;
    expect(parseXmlTree(xml, null).root?.name).toBe('rss');
  });

  it('a start tag, a comment and a CDATA section that never end', { timeout: 20_000 }, () => {
    for (const tail of ['<item title="', '<!--', '<![CDATA[']) {
      const tree = parseXmlTree(`<rss><channel>${tail}${'x<'.repeat(N)}`, null);
      expect(tree.truncated).toBe(true);
    }
  });

  it('keeps what closed before the document was cut', () => {
    const tree = parseXmlTree('<rss><channel><item><title>a &amp; b</title></item><item><title>cut', null);
    const items = tree.root!.children[0]!.children;
    expect(items.map((i) => [i.closed, i.children[0]!.text])).toEqual([[true, 'a & b'], [false, 'cut']]);
  });
});
