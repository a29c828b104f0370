// A feed's "notify" flag (issue 16: desktop notifications for its new articles) in library.json:
// an older feed without it opens unchanged (off), a boolean is kept, a damaged value is dropped
// (off again) without losing the feed.

import { describe, expect, it } from 'vitest';
import { validateLibrary } from '../../src/store/validate.js';

function doc(extra: Record<string, unknown>) {
  return {
    schemaVersion: 1,
    settings: { refreshMinutes: 60, maxConcurrentFetches: 8, maxPerHost: 2, downloadImages: true, theme: 'system', fontSize: 18 },
    feeds: {
      f1: {
        id: 'f1', url: 'https://x.example/feed', siteUrl: null, title: 'X', folder: null, fetchFullArticle: false, refreshMinutes: null, retentionDays: null,
        http: { etag: null, lastModified: null, bodyHash: null }, createdAt: '2024-01-01T00:00:00.000Z', lastFetchedAt: null, lastSuccessAt: null,
        lastError: null, errorCount: 0, nextFetchAt: null, gone: false, ...extra,
      },
    },
    tombstones: {}, rules: [], savedSearches: [], seeded: true, articles: {},
  } as Record<string, unknown>;
}

const feed = (d: Record<string, unknown>) => (d.feeds as Record<string, Record<string, unknown>>).f1!;

describe('a feed\'s notify flag in library.json', () => {
  it('leaves an older feed without it as it is', () => {
    const d = doc({});
    expect(validateLibrary(d)).toEqual([]);
    expect(feed(d).notify).toBeUndefined();
  });
  it('keeps a boolean', () => {
    const d = doc({ notify: true });
    expect(validateLibrary(d)).toEqual([]);
    expect(feed(d).notify).toBe(true);
  });
  it('drops a damaged value, keeping the feed', () => {
    const d = doc({ notify: 'yes' });
    validateLibrary(d);
    expect(feed(d)).toBeDefined();
    expect(feed(d).notify).toBeUndefined();
  });
});
