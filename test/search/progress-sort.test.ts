// sort:progress ("Continue reading"): the started articles (read past the top, not to the end)
// first, the furthest read first, then the rest newest first. Hostile records: progress missing,
// 0, 1, out of range or not a number (never stored by setReadingProgress, but library.json can
// be edited by hand) count as not started; ties keep the date order.

import { describe, expect, it } from 'vitest';
import { parseQuery } from '../../src/search/query.js';
import { execute } from '../../src/search/execute.js';
import { MemoryIndex } from '../../src/search/memory-index.js';
import { TagWords } from '../../src/search/tag-words.js';
import { catalogOf, ids, rec } from './progress-fixture.js';

// Newest first by date: n10 … n1. Started: s5 (0.5), t5 (0.5, older), far (0.9), barely (0.001).
const RECORDS = [
  rec('missing', 20),
  rec('zero', 19, 0),
  rec('done', 18, 1),
  rec('nan', 17, Number.NaN),
  rec('over', 16, 1.5),
  rec('under', 15, -0.2),
  rec('s5', 12, 0.5),
  rec('t5', 11, 0.5),
  rec('far', 3, 0.9),
  rec('barely', 2, 0.001),
  rec('old', 1),
];

describe('sort:progress', () => {
  it('is an operator of the query language, not negatable, and a typo names it', () => {
    expect(parseQuery('sort:progress').sort).toBe('progress');
    expect(parseQuery('is:started sort:progress').groups).toHaveLength(1);
    expect(() => parseQuery('sort:progres')).toThrow(/sort:progress/);
    expect(() => parseQuery('-sort:progress')).toThrow(/negated/);
  });

  for (const withList of [true, false]) {
    it(`puts started articles first, furthest read first, ties newest first, then the rest newest first (${withList ? 'cached date order' : 'no cached order'})`, () => {
      const catalog = catalogOf(RECORDS, withList);
      expect(ids('sort:progress', catalog)).toEqual(['far', 's5', 't5', 'barely', 'missing', 'zero', 'done', 'nan', 'over', 'under', 'old']);
    });
  }

  it('pages across the boundary between started and the rest', () => {
    const catalog = catalogOf(RECORDS, true);
    expect(ids('sort:progress', catalog, { offset: 3, limit: 3 })).toEqual(['barely', 'missing', 'zero']);
  });

  it('keeps the filters: is:started sort:progress is the Continue reading list', () => {
    const catalog = catalogOf(RECORDS, true);
    expect(ids('is:started sort:progress', catalog)).toEqual(['far', 's5', 't5', 'barely']);
    expect(execute(parseQuery('is:started'), new MemoryIndex(null), new TagWords([]), catalog, { offset: 0, limit: 10 }).total).toBe(4);
  });

  it('leaves the date order alone without it', () => {
    const catalog = catalogOf(RECORDS, true);
    expect(ids('sort:date', catalog)[0]).toBe('missing');
    expect(ids('is:started', catalog)).toEqual(['s5', 't5', 'far', 'barely']);
  });
});
