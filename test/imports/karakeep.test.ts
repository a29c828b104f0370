// Karakeep's (Hoarder's) JSON export: links become items; text notes and files have no web
// address and are listed as problems, never crashes.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseImport } from '../../src/imports/index.js';

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/imports');

describe('karakeep', () => {
  it('imports links with their state, note and tags; text, asset and empty bookmarks are problems', () => {
    const name = 'karakeep-text-and-link.json';
    const result = parseImport(readFileSync(path.join(FIXTURES, name)), { name });
    expect(result.format).toBe('karakeep');
    expect(result.items).toHaveLength(2);
    expect(result.items[0]).toMatchObject({ url: 'https://example.com/k1', title: 'A link', tags: ['reading', 'tech'], note: 'remember this', read: true, starred: false, savedAt: '2023-11-14T22:13:20.000Z' });
    expect(result.items[1]).toMatchObject({ url: 'https://example.com/k4', read: false, starred: true, line: 6 });
    expect(result.problems).toEqual([
      { line: 4, item: 'Buy milk', reason: 'no web address: text notes are not imported' },
      { line: 5, item: 'A picture', reason: 'no web address: files are not imported' },
      { line: 7, item: 'Empty', reason: 'no web address' },
    ]);
  });

  it('a JSON object without bookmarks, forced as karakeep, is refused', () => {
    expect(() => parseImport(Buffer.from('{"items": []}'), { name: 'k.json', format: 'karakeep' })).toThrow(/k\.json: not a Karakeep export/);
  });
});
