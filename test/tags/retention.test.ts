// Retention: only read feed items past their feed's period; starred, tagged, saved never.

import { describe, expect, it } from 'vitest';
import type { ArticleRecord, Feed } from '../../src/model/index.js';
import { planRetention } from '../../src/tags/index.js';

const NOW = new Date('2024-06-30T12:00:00.000Z');
const daysAgo = (n: number) => new Date(NOW.getTime() - n * 86_400_000).toISOString();

function item(id: string, over: Partial<ArticleRecord>): ArticleRecord {
  return { id, source: 'feed', feedId: 'f1', read: true, starred: false, tags: [], savedAt: null, publishedAt: daysAgo(40), addedAt: daysAgo(40), ...over } as ArticleRecord;
}

function feed(id: string, retentionDays: number | null): Feed {
  return { id, title: `Feed ${id}`, retentionDays } as Feed;
}

describe('tags: retention', () => {
  it('removes only read, untouched feed items older than the period', () => {
    const articles = [
      item('old-read', {}),
      item('old-unread', { read: false }),
      item('old-starred', { starred: true }),
      item('old-tagged', { tags: ['keep'] }),
      item('old-saved', { savedAt: daysAgo(40) }),
      item('new-read', { publishedAt: daysAgo(5), addedAt: daysAgo(5) }),
      item('fetched-late', { publishedAt: daysAgo(400), addedAt: daysAgo(2) }),
      item('other-feed', { feedId: 'f2' }),
      item('no-feed', { feedId: null }),
    ];
    expect(planRetention(articles, { f1: feed('f1', 30), f2: feed('f2', null) }, NOW)).toEqual([{ feedId: 'f1', title: 'Feed f1', ids: ['old-read'] }]);
  });

  it('is off by default and ignores nonsense periods', () => {
    const articles = [item('a', {})];
    expect(planRetention(articles, { f1: feed('f1', null) }, NOW)).toEqual([]);
    expect(planRetention(articles, { f1: feed('f1', 0) }, NOW)).toEqual([]);
    expect(planRetention(articles, { f1: feed('f1', -3) }, NOW)).toEqual([]);
    expect(planRetention(articles, { f1: feed('f1', Number.NaN) }, NOW)).toEqual([]);
  });
});
