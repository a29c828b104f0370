// sortDate and sortKey: the date an article stands at in time, and the key "newest first" sorts by.

import { describe, expect, it } from 'vitest';
import { feedRank, isFirstSeen, sortDate, sortKey } from '../../src/search/execute.js';
import type { ArticleRecord } from '../../src/model/index.js';

const at = (patch: Partial<ArticleRecord>) =>
  ({ id: 'a', publishedAt: null, savedAt: null, addedAt: '2026-03-02T10:00:00.500Z', ...patch }) as ArticleRecord;
const newestFirst = (records: ArticleRecord[]) =>
  records.map((a) => [a.id, sortKey(a)] as const).sort((x, y) => (x[1] < y[1] ? 1 : x[1] > y[1] ? -1 : x[0] < y[0] ? -1 : 1)).map(([id]) => id);

describe('sortDate', () => {
  it('is the publication date; the first-seen time without one or for a date after it; the saved time for a saved page', () => {
    expect(sortDate(at({ publishedAt: '2011-05-01T10:00:00.000Z' }))).toBe('2011-05-01T10:00:00.000Z');
    expect(sortDate(at({}))).toBe('2026-03-02T10:00:00.500Z');
    expect(sortDate(at({ publishedAt: '2099-01-01T00:00:00.000Z' }))).toBe('2026-03-02T10:00:00.500Z');
    expect(sortDate(at({ publishedAt: '2015-01-01T00:00:00.000Z', savedAt: '2026-03-01T08:00:00.000Z' }))).toBe('2026-03-01T08:00:00.000Z');
    expect([at({}), at({ publishedAt: '2099-01-01T00:00:00.000Z' }), at({ publishedAt: '2011-05-01T10:00:00.000Z' })].map(isFirstSeen)).toEqual([true, true, false]);
  });
});

describe('sortKey', () => {
  const refresh = Date.parse('2026-03-02T10:00:00.900Z');

  it('keeps the feed order among items of one date, and puts a later refresh first', () => {
    const date = '2011-05-01T10:00:00.000Z';
    const first = [0, 1, 2].map((i) => at({ id: `z${i}`, publishedAt: date, feedRank: feedRank(refresh, i) }));
    const later = at({ id: 'zz', publishedAt: date, feedRank: feedRank(refresh + 3_600_000, 0) });
    expect(newestFirst([...first].reverse().concat(later))).toEqual(['zz', 'z0', 'z1', 'z2']);
  });

  it('keeps the feed order of undated items even when storing them straddled a second', () => {
    const a = at({ id: 'b', addedAt: '2026-03-02T10:00:00.999Z', feedRank: feedRank(refresh, 0) });
    const b = at({ id: 'a', addedAt: '2026-03-02T10:00:01.002Z', feedRank: feedRank(refresh, 1) });
    expect(newestFirst([b, a])).toEqual(['b', 'a']);
  });

  it('sorts records without a usable rank (saved pages, older archives, damaged values) by date, then id', () => {
    const records = [at({ id: 'b', feedRank: -5 }), at({ id: 'a', feedRank: Number.NaN }), at({ id: 'c', publishedAt: '2011-01-01T00:00:00.000Z' })];
    expect(newestFirst(records)).toEqual(['a', 'b', 'c']);
  });
});
