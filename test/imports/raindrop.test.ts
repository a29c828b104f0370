// Raindrop.io's CSV: comma-separated tags in one quoted cell, folder paths to tags, favourites
// to stars, the highlights cell to highlights (with their notes), ISO or Unix `created`.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseImport } from '../../src/imports/index.js';

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/imports');

describe('raindrop', () => {
  it('reads tags inside quotes, folders, favourites, notes and highlights', () => {
    const name = 'raindrop-tags-in-quotes.csv';
    const result = parseImport(readFileSync(path.join(FIXTURES, name)), { name });
    expect(result.format).toBe('raindrop');
    expect(result.problems).toEqual([]);
    const [first, second, third] = result.items;
    expect(first).toMatchObject({
      url: 'https://example.com/r1',
      title: 'Saved, "quoted" title',
      note: 'First note line\nSecond',
      tags: ['reading', 'go', 'Research', 'Go'],
      starred: true,
      read: false,
      savedAt: '2024-01-02T03:04:05.123Z',
      line: 2,
    });
    expect(first!.highlights).toEqual([
      { exact: 'First highlight', note: 'my thought', createdAt: null, color: null },
      { exact: 'Second highlight', note: null, createdAt: null, color: null },
    ]);
    expect(second).toMatchObject({ url: 'https://example.com/r2', title: null, tags: [], starred: false, savedAt: '2024-01-02T03:04:05.000Z', line: 6 });
    expect(third).toMatchObject({ tags: ['single', 'Apps', 'AI Tools'], starred: false, savedAt: '2024-01-02T00:00:00.000Z' });
  });
});
