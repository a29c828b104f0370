// Pocket's last export (2025): pocket.zip with part_000000.csv, part_000001.csv... (10,000 rows
// each, a `cursor` column) and annotations/part_000000.json ([{url, title, highlights:
// [{quote, created_at}]}]). Built here with fflate.

import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { detectFormat, parseImport } from '../../src/imports/index.js';

const text = (value: string): Uint8Array => new TextEncoder().encode(value);

const PART_0 = 'title,url,time_added,cursor,tags,status\nFirst,https://example.com/1,1700000000,a1,x|y,unread\nEvil,javascript:alert(1),1700000000,a2,,unread\n';
const PART_1 = 'title,url,time_added,cursor,tags,status\nSecond,https://example.com/2,1700000100,b1,,archive\nFirst again,https://example.com/1,1690000000,b2,z,archive\n';
const ANNOTATIONS = JSON.stringify([
  { url: 'https://example.com/2', title: 'Second', highlights: [{ quote: 'A line worth keeping', created_at: 1700000500 }, { quote: '  ', created_at: 1 }] },
  { url: 'https://example.com/only-highlighted', title: 'Only here', highlights: [{ quote: 'Q', created_at: 1700000600 }] },
]);

function pocketZip(): Uint8Array {
  return zipSync({ 'part_000001.csv': text(PART_1), 'part_000000.csv': text(PART_0), 'annotations/part_000000.json': text(ANNOTATIONS), '__MACOSX/._part_000000.csv': text('junk') });
}

describe('pocket zip', () => {
  it('is detected as pocket-csv', () => {
    expect(detectFormat(pocketZip(), 'pocket.zip')).toBe('pocket-csv');
  });

  it('reads every part in order, merges duplicates across parts, attaches annotations as highlights', () => {
    const result = parseImport(pocketZip(), { name: 'pocket.zip' });
    expect(result.format).toBe('pocket-csv');
    expect(result.duplicates).toBe(1);
    expect(result.items.map((i) => [i.url, i.read, i.tags, i.line])).toEqual([
      ['https://example.com/1', true, ['x', 'y', 'z'], 2],
      ['https://example.com/2', true, [], 2],
      ['https://example.com/only-highlighted', false, [], 1],
    ]);
    expect(result.items[0]!.savedAt).toBe('2023-07-22T04:26:40.000Z');
    expect(result.items[1]!.highlights).toEqual([{ exact: 'A line worth keeping', note: null, createdAt: '2023-11-14T22:21:40.000Z', color: null }]);
    expect(result.items[2]).toMatchObject({ title: 'Only here', highlights: [{ exact: 'Q' }] });
    expect(result.problems).toEqual([{ line: 3, item: 'javascript:alert(1)', reason: 'part_000000.csv: not a web address (javascript:)' }]);
  });

  it('a zip without part files, forced as pocket-csv, is refused', () => {
    expect(() => parseImport(zipSync({ 'a.txt': text('x') }), { name: 'p.zip', format: 'pocket-csv' })).toThrow(/p\.zip: not a Pocket export \(no part_\*\.csv in the zip\)/);
  });
});
