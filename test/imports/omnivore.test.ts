// Omnivore's export zip, built here with fflate: metadata pages in number order, content as
// untrusted HTML, highlights from markdown quotes with notes, labels to tags, archived to read;
// and what a hostile zip carries (`../` names, absolute paths, backslashes, a declared bomb)
// listed as problems while the rest imports.

import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { parseImport } from '../../src/imports/index.js';
import { parseOmnivore } from '../../src/imports/omnivore.js';

const text = (value: string): Uint8Array => new TextEncoder().encode(value);

const PAGE_ONE = [
  { id: '1', slug: 'first-slug', title: 'First', author: 'Ann Author', description: 'About first', url: 'https://example.com/o1', state: 'Archived', labels: ['alpha', 'beta'], savedAt: '2024-03-01T10:00:00.000Z', publishedAt: '2024-02-01T00:00:00.000Z' },
  { id: '2', slug: 'second-slug', title: 'Second', url: 'https://example.com/o2', state: 'Succeeded', labels: [], savedAt: '2024-03-02T10:00:00.000Z' },
];
const PAGE_TWO = [
  { id: '3', slug: 'third', title: 'Third', url: 'file:///etc/passwd', state: 'Succeeded', labels: [] },
  { id: '4', slug: 'gone', title: 'Gone', url: 'https://example.com/gone', state: 'Deleted', labels: [] },
];

// As Omnivore's exporter writes them: a page note first, a quote whose second line is a lazy
// continuation and whose blank line became `> `, its labels, its note; then a bare quote.
const HIGHLIGHTS = 'A note on the page\n\n> The first quote\nover two lines\n> second paragraph \n\n#label #other\n\nMy note on it\n\n> A second quote ';

function omnivoreZip(extra: Record<string, Uint8Array> = {}): Uint8Array {
  return zipSync({
    'metadata_10_to_20.json': text(JSON.stringify(PAGE_TWO)),
    'metadata_0_to_10.json': text(JSON.stringify(PAGE_ONE)),
    'content/first-slug.html': text('<p>Hello <script>alert(1)</script></p>'),
    'highlights/first-slug.md': text(HIGHLIGHTS),
    ...extra,
  });
}

/** The zip with `entry`'s uncompressed size in the central directory set to `size`. */
function declareSize(zip: Uint8Array, entry: string, size: number): Uint8Array {
  const copy = zip.slice();
  const view = new DataView(copy.buffer);
  for (let i = 0; i + 46 < copy.length; i++) {
    if (view.getUint32(i, true) !== 0x02014b50) continue;
    const length = view.getUint16(i + 28, true);
    if (new TextDecoder().decode(copy.subarray(i + 46, i + 46 + length)) === entry) view.setUint32(i + 24, size, true);
  }
  return copy;
}

describe('omnivore', () => {
  it('reads metadata pages in number order with content, highlights, labels and state', () => {
    const result = parseImport(omnivoreZip(), { name: 'omnivore.zip' });
    expect(result.format).toBe('omnivore');
    expect(result.items.map((i) => i.url)).toEqual(['https://example.com/o1', 'https://example.com/o2']);
    const [first, second] = result.items;
    expect(first).toMatchObject({ title: 'First', read: true, tags: ['alpha', 'beta'], savedAt: '2024-03-01T10:00:00.000Z', line: null });
    expect(first!.content).toEqual({ html: '<p>Hello <script>alert(1)</script></p>', byline: 'Ann Author', publishedAt: '2024-02-01T00:00:00.000Z', lang: null, siteName: null, excerpt: 'About first' });
    expect(first!.highlights).toEqual([
      { exact: 'The first quote\nover two lines\nsecond paragraph', note: 'My note on it', createdAt: null, color: null },
      { exact: 'A second quote', note: null, createdAt: null, color: null },
    ]);
    expect(first!.note).toBe('A note on the page');
    expect(second).toMatchObject({ read: false, content: null, highlights: [], note: null });
    expect(result.problems).toEqual([
      { line: null, item: 'file:///etc/passwd', reason: 'not a web address (file:)' },
      { line: null, item: 'https://example.com/gone', reason: 'deleted in Omnivore: not imported' },
    ]);
  });

  it('lists ../, absolute and backslash entry names as problems and never reads them', () => {
    const zip = omnivoreZip({
      'content/../../evil.html': text('<p>evil</p>'),
      '/etc/metadata_0_to_1.json': text('[]'),
      'content\\win.html': text('x'),
      '../metadata_5_to_6.json': text(JSON.stringify([{ slug: 'x', url: 'https://example.com/evil' }])),
    });
    const result = parseImport(zip, { name: 'omnivore.zip' });
    expect(result.items.map((i) => i.url)).toEqual(['https://example.com/o1', 'https://example.com/o2']);
    const reasons = result.problems.filter((p) => p.reason.startsWith('entry name')).map((p) => [p.item, p.reason]);
    expect(reasons).toEqual([['/etc/metadata_0_to_1.json', 'entry name with an absolute path'], ['../metadata_5_to_6.json', 'entry name with ".."']]);
  });

  it('refuses an entry declared bigger than what is left of the unpacking budget, and reads the rest', () => {
    const zip = declareSize(omnivoreZip(), 'content/first-slug.html', 0xfffffff0);
    const result = parseImport(zip, { name: 'bomb.zip' });
    expect(result.items).toHaveLength(2);
    expect(result.items[0]!.content).toBeNull();
    expect(result.problems[0]).toEqual({ line: null, item: 'content/first-slug.html', reason: 'unpacks to more than 1024 MB in all' });
  });

  it('an entry bigger than its declared size is cut to it, not unpacked whole', () => {
    const zip = declareSize(omnivoreZip({ 'content/second-slug.html': new Uint8Array(5_000_000).fill(0x61) }), 'content/second-slug.html', 10);
    const result = parseOmnivore(zip, 'o.zip', 1_000_000);
    expect(result.items[1]!.content!.html).toBe('aaaaaaaaaa');
  });

  it('a zip without metadata is not an Omnivore export; a file that is no zip is refused', () => {
    expect(() => parseImport(zipSync({ 'a.txt': text('x') }), { name: 'a.zip', format: 'omnivore' })).toThrow(/a\.zip: not an Omnivore export/);
    expect(() => parseImport(text('hello'), { name: 'a.zip', format: 'omnivore' })).toThrow(/a\.zip: not a readable zip/);
  });
});
