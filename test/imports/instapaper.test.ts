// Instapaper's CSV (URL,Title,Selection,Folder,Timestamp,Tags): folders to state or tags, the
// selection to a highlight, the Tags column as a JSON array string or absent, windows-1252.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseImport } from '../../src/imports/index.js';

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/imports');

function parse(name: string) {
  return parseImport(readFileSync(path.join(FIXTURES, name)), { name });
}

describe('instapaper', () => {
  it('maps Unread/Archive/Starred to state, other folders to a tag, Selection to a highlight, JSON tags', () => {
    const result = parse('instapaper-selection-and-folders.csv');
    expect(result.format).toBe('instapaper');
    expect(result.problems).toEqual([]);
    const [unread, archived, starred, cooking] = result.items;
    expect(unread).toMatchObject({ url: 'https://example.com/i1', title: 'Unread one', read: false, starred: false, tags: [], highlights: [], savedAt: '2023-11-14T22:13:20.000Z' });
    expect(archived).toMatchObject({ read: true, tags: ['history', 'long read'] });
    expect(archived!.highlights).toEqual([{ exact: 'A sentence, quoted "exactly".', note: null, createdAt: null, color: null }]);
    expect(starred).toMatchObject({ read: false, starred: true, tags: [] });
    expect(cooking).toMatchObject({ read: false, starred: false, tags: ['recipes', 'Cooking'] });
  });

  it('reads an older export without Tags, saved as windows-1252 with CRLF', () => {
    const result = parse('instapaper-windows-1252.csv');
    expect(result.format).toBe('instapaper');
    expect(result.items).toHaveLength(1);
    expect(result.items[0]).toMatchObject({ title: 'Café “crème” brûlée', tags: [], savedAt: '2014-05-13T16:53:20.000Z' });
  });

  it('a Tags cell that is not JSON is split on commas', () => {
    const text = 'URL,Title,Selection,Folder,Timestamp,Tags\nhttps://example.com/x,X,,Unread,1700000000,"a, b"\n';
    expect(parseImport(Buffer.from(text), { name: 'i.csv' }).items[0]!.tags).toEqual(['a', 'b']);
  });
});
