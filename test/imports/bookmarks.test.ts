// Netscape bookmark files: folders on the path become tags (browser roots left out), TAGS kept,
// TOREAD honoured (absent: read), DD notes attached, non-web links listed as problems, and the
// oddly nested DOM of unclosed DT/P read by order rather than by where elements land.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseImport } from '../../src/imports/index.js';

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/imports');

function parse(name: string) {
  return parseImport(readFileSync(path.join(FIXTURES, name)), { name });
}

describe('bookmarks', () => {
  it('tags each link with the folders on its path, deep and after closed folders, roots left out', () => {
    const result = parse('bookmarks-chrome-nested-folders.html');
    expect(result.format).toBe('bookmarks');
    expect(result.items.map((i) => [i.url, i.tags])).toEqual([
      ['https://example.com/top', []],
      ['https://example.com/work', ['Work']],
      ['https://example.com/deep', ['Work', 'Projects', 'Deep']],
      ['https://example.com/after-projects', ['Work']],
      ['https://example.com/back-at-bar', []],
      ['https://example.com/other', []],
    ]);
    expect(result.items[0]).toMatchObject({ title: 'Top & level', read: true, savedAt: '2020-09-13T12:26:41.000Z' });
    expect(result.items[4]!.title).toBe('Back at bar');
    expect(result.problems.map((p) => p.reason)).toEqual(['not a web address (javascript:)', 'not a web address (place:)']);
  });

  it('reads Pinboard: TOREAD, TAGS, DD notes as text, a duplicate merged', () => {
    const result = parse('bookmarks-pinboard-toread.html');
    expect(result.problems).toEqual([]);
    expect(result.duplicates).toBe(1);
    expect(result.items).toHaveLength(2);
    expect(result.items[0]).toMatchObject({
      url: 'https://example.com/pin1',
      title: 'To read later',
      tags: ['later', 'essay', 'dup'],
      read: true,
      note: 'My note about it <b>not bold</b>',
      savedAt: '2023-07-22T04:26:40.000Z',
    });
    expect(result.items[1]).toMatchObject({ url: 'https://example.com/pin2', read: true, note: null });
  });

  it('an unread Pinboard bookmark stays unread', () => {
    const html = '<!DOCTYPE NETSCAPE-Bookmark-file-1><DL><p><DT><A HREF="https://example.com/u" TOREAD="1">U</A></DL>';
    expect(parseImport(Buffer.from(html), { name: 'b.html' }).items[0]!.read).toBe(false);
  });

  it('survives 3,000 levels of unclosed nesting', () => {
    const depth = 3000;
    let html = '<!DOCTYPE NETSCAPE-Bookmark-file-1>\n<DL><p>\n';
    for (let i = 0; i < depth; i++) html += `<DT><H3>F${i}</H3>\n<DL><p>\n`;
    html += '<DT><A HREF="https://example.com/bottom">Bottom\n';
    const result = parseImport(Buffer.from(html), { name: 'deep.html' });
    expect(result.items).toHaveLength(1);
    // The outermost 100 folders (tags are capped as feed categories are).
    expect(result.items[0]!.tags).toHaveLength(100);
    expect(result.items[0]!.tags.at(-1)).toBe('F99');
  });

  it('HTML without any list, forced as bookmarks, is refused', () => {
    expect(() => parseImport(Buffer.from('<html><body><p>hi</p></body></html>'), { name: 'x.html', format: 'bookmarks' })).toThrow(/x\.html: not a bookmark file/);
  });
});

describe('pocket html (ril_export.html)', () => {
  it('reads Unread and Read Archive lists, decodes entities, a URL-as-title is no title', () => {
    const result = parse('pocket-ril-export.html');
    expect(result.format).toBe('pocket-html');
    expect(result.items.map((i) => [i.url, i.title, i.read, i.tags])).toEqual([
      ['https://example.com/p1?a=1&b=2', 'Café & "Bar" on two lines', false, ['news', 'long read']],
      ['https://example.com/p2', null, false, []],
      ['https://example.com/p3', 'Read before', true, ['old']],
    ]);
    expect(result.items[2]!.savedAt).toBe('2017-07-14T02:40:00.000Z');
    expect(result.problems).toEqual([{ line: null, item: 'javascript:alert(1)', reason: 'not a web address (javascript:)' }]);
  });
});
