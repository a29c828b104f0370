// The "started" view (Continue reading) lists the articles read most recently first, by the
// time their progress last changed (progressAt), as Kindle, Apple Books and Readeck do; those
// with progress but no progressAt (records from before it was kept) come after, furthest read
// first. sort:progress (Furthest read first) keeps its meaning. Hostile records: a progressAt
// that is not a time counts as none; a progressAt on an article not started does not start it.

import { describe, expect, it } from 'vitest';
import { parseQuery } from '../../src/search/query.js';
import { catalogOf, day, ids, rec } from './progress-fixture.js';

// By date, newest first: the order of RECORDS.
const RECORDS = [
  rec('never', 20),
  rec('finished', 19, 1, day(27)),
  rec('oldRecordFar', 18, 0.9),
  rec('readMonday', 17, 0.2, day(23)),
  rec('readSunday', 16, 0.95, day(22)),
  rec('garbledTime', 15, 0.5, 'last tuesday'),
  rec('readToday', 14, 0.1, day(27)),
  rec('oldRecordNear', 13, 0.3),
  rec('timeButNotStarted', 12, undefined, day(27)),
  rec('readTuesday', 2, 0.6, day(24)),
];

describe('sort:recent (Continue reading)', () => {
  it('is an operator of the query language, and a typo names it', () => {
    expect(parseQuery('is:started sort:recent').sort).toBe('recent');
    expect(() => parseQuery('sort:recnt')).toThrow(/sort:recent/);
  });

  for (const withList of [true, false]) {
    it(`lists the started articles most recently read first, old records after by progress, then the rest by date (${withList ? 'cached date order' : 'no cached order'})`, () => {
      const catalog = catalogOf(RECORDS, withList);
      expect(ids('is:started sort:recent', catalog)).toEqual(['readToday', 'readTuesday', 'readMonday', 'readSunday', 'oldRecordFar', 'garbledTime', 'oldRecordNear']);
      expect(ids('sort:recent', catalog)).toEqual([
        'readToday', 'readTuesday', 'readMonday', 'readSunday', 'oldRecordFar', 'garbledTime', 'oldRecordNear',
        'never', 'finished', 'timeButNotStarted',
      ]);
    });
  }

  it('pages across the boundaries (with a time, without one, not started)', () => {
    const catalog = catalogOf(RECORDS, true);
    expect(ids('sort:recent', catalog, { offset: 3, limit: 2 })).toEqual(['readSunday', 'oldRecordFar']);
    expect(ids('sort:recent', catalog, { offset: 6, limit: 2 })).toEqual(['oldRecordNear', 'never']);
  });

  it('leaves sort:progress (Furthest read first) as it was', () => {
    const catalog = catalogOf(RECORDS, true);
    expect(ids('is:started sort:progress', catalog)).toEqual(['readSunday', 'oldRecordFar', 'readTuesday', 'garbledTime', 'oldRecordNear', 'readMonday', 'readToday']);
  });
});
