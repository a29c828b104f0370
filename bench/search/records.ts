// Catalog records for the search bench's documents: what execute() needs of an article (the
// date breaks ties in score, the record's presence says the article still exists).

import type { ArticleRecord } from '../../src/model/index.js';

export function records(docs: readonly { id: string; title: string }[], lang: (i: number) => string | null = () => 'en'): Record<string, ArticleRecord> {
  const out: Record<string, ArticleRecord> = {};
  docs.forEach((d, i) => {
    const date = new Date(Date.UTC(2020, 0, 1) + i * 3_600_000).toISOString();
    out[d.id] = {
      id: d.id, source: 'feed', feedId: null, guid: null, url: null, title: d.title, byline: null, siteName: null, lang: lang(i),
      publishedAt: date, excerpt: null, wordCount: 600, readingMinutes: 3, leadImage: null, enclosures: [], suggestedTags: [],
      contentHash: 'h', extraction: { status: 'done', reason: null, attempts: 1, at: date },
      read: false, starred: false, tags: [], savedAt: null, addedAt: date,
    };
  });
  return out;
}
