// The pieces every format shares: dates, web addresses, the CSV reader's line numbers and
// problems, the item cap, the text decoding.

import { describe, expect, it } from 'vitest';
import { ItemCollector, MAX_ITEMS, cleanTitle } from '../../src/imports/collect.js';
import { readCsv } from '../../src/imports/csv.js';
import { isoDate } from '../../src/imports/dates.js';
import { entryLines } from '../../src/imports/json.js';
import { decodeText } from '../../src/imports/text.js';
import { checkWebAddress } from '../../src/imports/urls.js';

const NOW = Date.parse('2026-01-01T00:00:00Z');

describe('isoDate', () => {
  it('reads seconds, milliseconds (by magnitude), ISO with offsets and RFC 2822', () => {
    expect(isoDate(1700000000, NOW)).toBe('2023-11-14T22:13:20.000Z');
    expect(isoDate('1700000000123', NOW)).toBe('2023-11-14T22:13:20.123Z');
    expect(isoDate(' 2023-11-14T23:13:20+01:00 ', NOW)).toBe('2023-11-14T22:13:20.000Z');
    expect(isoDate('Tue, 14 Nov 2023 22:13:20 +0000', NOW)).toBe('2023-11-14T22:13:20.000Z');
  });

  it('is null for absurd or unreadable dates, never a throw', () => {
    for (const value of [0, -5, '1989-12-31T23:59:59Z', NOW / 1000 + 2 * 86400, 'next tuesday', '', null, undefined, {}, Number.NaN, Infinity, '1e400', '9'.repeat(400)]) {
      expect(isoDate(value, NOW)).toBeNull();
    }
    expect(isoDate(NOW / 1000 + 3600, NOW)).not.toBeNull();
  });
});

describe('checkWebAddress', () => {
  it('keeps trimmed http(s) and names the scheme of anything else', () => {
    expect(checkWebAddress('  https://example.com/a \n')).toEqual({ url: 'https://example.com/a' });
    expect(checkWebAddress('HTTP://EXAMPLE.COM')).toEqual({ url: 'HTTP://EXAMPLE.COM' });
    expect(checkWebAddress('data:text/html,<script>')).toEqual({ reason: 'not a web address (data:)' });
    expect(checkWebAddress('file:///etc/passwd')).toEqual({ reason: 'not a web address (file:)' });
    expect(checkWebAddress('example.com/no-scheme')).toEqual({ reason: 'not a web address' });
    expect(checkWebAddress('http://')).toEqual({ reason: 'not a web address (malformed)' });
    expect(checkWebAddress('   ')).toEqual({ reason: 'no web address' });
  });
});

describe('readCsv', () => {
  it('counts lines across blank lines and quoted newlines, and lists rows of the wrong width', () => {
    const table = readCsv('a,b\r\n\r\n1,2\r\n"x\r\ny",3\r\n\r\n4,5,6\r\n7\n8,9\n');
    expect(table.header).toEqual(['a', 'b']);
    expect(table.rows.map((r) => [r.line, r.fields])).toEqual([[3, ['1', '2']], [4, ['x\ny', '3']], [9, ['8', '9']]]);
    expect(table.problems).toEqual([
      { line: 7, item: null, reason: '3 fields where the header has 2' },
      { line: 8, item: null, reason: '1 fields where the header has 2' },
    ]);
  });

  it('an empty text has no header and no rows', () => {
    expect(readCsv('')).toEqual({ header: [], rows: [], problems: [] });
  });
});

describe('ItemCollector', () => {
  it(`keeps at most ${MAX_ITEMS} items and says so once`, () => {
    const items = new ItemCollector('pocket-csv');
    for (let i = 0; i <= MAX_ITEMS + 5; i++) items.add({ url: `https://example.com/${i}`, line: i + 2 });
    const result = items.result();
    expect(result.items).toHaveLength(MAX_ITEMS);
    expect(result.problems).toEqual([{ line: MAX_ITEMS + 2, item: null, reason: `more than ${MAX_ITEMS} entries: the rest are not imported` }]);
  });

  it('merges highlights of duplicates without repeating a quote, and keeps the earliest date', () => {
    const items = new ItemCollector('wallabag');
    const h = (exact: string) => ({ exact, note: null, createdAt: null, color: null });
    items.add({ url: 'https://example.com/a', savedAt: '2024-01-02T00:00:00.000Z', highlights: [h('one')], line: 1 });
    items.add({ url: 'https://example.com/a', savedAt: '2024-01-01T00:00:00.000Z', starred: true, highlights: [h('one'), h('two')], line: 2 });
    const [item] = items.result().items;
    expect(item).toMatchObject({ savedAt: '2024-01-01T00:00:00.000Z', starred: true, line: 1 });
    expect(item!.highlights.map((x) => x.exact)).toEqual(['one', 'two']);
  });

  it('caps a title to one line of at most 1,000 characters', () => {
    expect(cleanTitle(`a\n\t b ${'x'.repeat(2000)}`)).toHaveLength(1000);
    expect(cleanTitle(' \n ')).toBeNull();
  });
});

describe('decodeText', () => {
  it('drops a UTF-8 BOM and reads invalid UTF-8 as windows-1252', () => {
    expect(decodeText(Buffer.from([0xef, 0xbb, 0xbf, 0x68, 0xc3, 0xa9]))).toBe('hé');
    expect(decodeText(Buffer.from([0x93, 0x68, 0xe9, 0x94]))).toBe('“hé”');
  });

  it('reads UTF-16 with its BOM (a CSV saved as "Unicode" by Windows tools)', () => {
    expect(decodeText(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('url,title\né', 'utf16le')]))).toBe('url,title\né');
    const be = Buffer.from('url', 'utf16le').swap16();
    expect(decodeText(Buffer.concat([Buffer.from([0xfe, 0xff]), be]))).toBe('url');
  });
});

describe('entryLines', () => {
  it('finds the line each entry of the root array starts on, past strings with brackets and escapes', () => {
    const text = '[\n  {"a": "x]\\"[\\n{"},\n  {"b": [1,\n 2]},\n\n  3, "s"\n]';
    expect(entryLines(text, null)).toEqual([2, 3, 6, 6]);
  });

  it('finds the entries of a keyed array in the root object only', () => {
    const text = '{"other": [1, 2],\n "nested": {"bookmarks": [9]},\n "bookmarks": [\n  {"x": 1},\n  {"y": 2}\n ]\n}';
    expect(entryLines(text, 'bookmarks')).toEqual([4, 5]);
  });
});
