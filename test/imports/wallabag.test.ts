// Wallabag's JSON export: content kept as untrusted HTML (sanitized by the archive), archived and
// starred, annotations to highlights with notes; prototype keys in the file change nothing.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseImport } from '../../src/imports/index.js';

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/imports');

function parse(name: string) {
  return parseImport(readFileSync(path.join(FIXTURES, name)), { name });
}

describe('wallabag', () => {
  it('reads state, tags, content, authors and annotations', () => {
    const result = parse('wallabag-annotations.json');
    expect(result.format).toBe('wallabag');
    expect(result.items).toHaveLength(2);
    const [first, third] = result.items;
    expect(first).toMatchObject({ url: 'https://example.com/w1', title: 'A long read &amp; more', read: true, starred: false, tags: ['science', 'space'], savedAt: '2023-11-14T22:13:20.000Z' });
    expect(first!.content).toEqual({
      html: '<p>Stars are <b>far</b> away.</p><script>alert(1)</script><img src=x onerror=alert(2)>',
      byline: 'Ada Writer, Bo Editor',
      publishedAt: '2023-11-01T08:00:00.000Z',
      lang: 'en',
      siteName: 'example.com',
      excerpt: null,
    });
    expect(first!.highlights).toEqual([
      { exact: 'Stars are far away.', note: 'so true', createdAt: '2023-11-15T08:00:00.000Z', color: null },
      { exact: 'far', note: null, createdAt: '2023-11-15T08:01:00.000Z', color: null },
    ]);
    expect(third).toMatchObject({ url: 'https://example.com/w3', read: false, starred: true, content: null, savedAt: null });
    expect(result.items.map((i) => i.line)).toEqual([2, 37]);
    expect(result.problems).toEqual([{ line: 27, item: 'javascript:alert(document.cookie)', reason: 'not a web address (javascript:)' }]);
  });

  it('ignores __proto__ and constructor keys: nothing is polluted and no field comes from them', () => {
    const result = parse('wallabag-proto-keys.json');
    expect(result.items.map((i) => [i.url, i.read])).toEqual([['https://example.com/p1', false]]);
    expect(result.problems.map((p) => p.reason)).toEqual(['no web address']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('is_archived');
  });

  it('a file that is not JSON, forced as wallabag, is refused naming the line', () => {
    expect(() => parseImport(Buffer.from('[\n{"url": "https://x"},\n{oops}\n]'), { name: 'w.json', format: 'wallabag' })).toThrow(/import: w\.json: line 3: not a Wallabag export/);
    expect(() => parseImport(Buffer.from('{"bookmarks": []}'), { name: 'w.json', format: 'wallabag' })).toThrow(/not a Wallabag export \(expected a JSON array of entries\)/);
  });
});
