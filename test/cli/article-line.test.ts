// A line of `tidings list` shows the date the list sorts by (saved, else published, else first
// seen), and says "seen" when the feed gave no usable date, as the app's list does.

import { describe, expect, it } from 'vitest';
import type { ArticleSummary } from '../../src/api.js';
import { articleLine } from '../../src/cli/commands/articles.js';

function summary(dates: Pick<ArticleSummary, 'publishedAt' | 'savedAt' | 'addedAt'>): ArticleSummary {
  return {
    id: 'abcdef0123456789', source: 'feed', feedId: 'f1', guid: null, url: 'https://x.example/1', title: 'Episode 1',
    byline: null, siteName: null, lang: null, excerpt: null, wordCount: 10, readingMinutes: 1, leadImage: null,
    enclosures: [], suggestedTags: [], contentHash: null, extraction: { status: 'feed', reason: null, attempts: 0, at: null },
    read: false, starred: false, tags: [], feedTitle: 'Old podcast', ...dates,
  } as ArticleSummary;
}

describe('cli: a line of the article list', () => {
  it('shows the publication date of a feed item fetched much later', () => {
    expect(articleLine(summary({ publishedAt: '2011-03-04T10:00:00.000Z', savedAt: null, addedAt: '2026-11-28T09:00:00.000Z' })))
      .toBe('abcdef0123456789 •  2011-03-04  Episode 1 — Old podcast');
  });

  it('says "seen" for an item whose feed gave no usable date', () => {
    expect(articleLine(summary({ publishedAt: null, savedAt: null, addedAt: '2026-11-28T09:00:00.000Z' })))
      .toBe('abcdef0123456789 •  seen 2026-11-28  Episode 1 — Old podcast');
  });

  it('shows the saved time of a saved page', () => {
    expect(articleLine(summary({ publishedAt: '2011-03-04T10:00:00.000Z', savedAt: '2026-11-27T08:00:00.000Z', addedAt: '2026-11-27T08:00:00.000Z' })))
      .toContain(' 2026-11-27  ');
  });
});
