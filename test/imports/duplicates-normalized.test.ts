// The same page written two ways in one file (host case, a fragment) is one entry, as it would be one article.

import { describe, expect, it } from 'vitest';
import { parseImport } from '../../src/imports/index.js';

describe('imports: the same page written two ways', () => {
  it('merges entries whose addresses name the same page once normalized', () => {
    const csv = 'title,url,time_added,tags,status\nFirst,http://Example.com/a#top,1500000000,one,unread\nSecond,http://example.com/a,1400000000,two,archive\n';
    const parsed = parseImport(new TextEncoder().encode(csv), { name: 'pocket.csv' });
    expect(parsed.items).toHaveLength(1);
    expect(parsed.duplicates).toBe(1);
    expect(parsed.items[0]).toMatchObject({ title: 'First', tags: ['one', 'two'], read: true, savedAt: new Date(1400000000 * 1000).toISOString() });
    expect(parsed.problems).toEqual([]);
  });
});
