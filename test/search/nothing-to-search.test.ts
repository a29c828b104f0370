// A query with nothing the search can look for (an emoji, punctuation: no word, no operator)
// parses to no terms at all, and "every term matches" then held for every article: a rule
// "🍕 → tag pizza" tagged every new article, "tag what matches 🍕" the whole library. Matching
// (rules, tagging) refuses such a query with a clear error instead.

import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ArticleRecord } from '../../src/model/index.js';
import { SearchService } from '../../src/search/index.js';

function article(i: number): ArticleRecord {
  const id = i.toString(16).padStart(16, '0');
  const date = new Date(Date.UTC(2023, 0, 1) + i * 60_000).toISOString();
  return {
    id, source: 'url', feedId: null, guid: null, url: null, title: `quasar ${i}`, byline: null, siteName: null, lang: null,
    publishedAt: date, excerpt: null, wordCount: 0, readingMinutes: 1, leadImage: null, enclosures: [], suggestedTags: [],
    contentHash: null, extraction: { status: 'done', reason: null, attempts: 1, at: null },
    read: false, starred: false, tags: [], savedAt: null, addedAt: date,
  };
}

describe('search service: a query with nothing to search for', () => {
  it('is refused for matching (rules, tagging) rather than matching every article', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tidings-nothing-'));
    const textDir = path.join(dir, 'articles');
    mkdirSync(textDir);
    const articles = Object.fromEntries(Array.from({ length: 5 }, (_, i) => article(i)).map((a) => [a.id, a]));
    for (const id of Object.keys(articles)) writeFileSync(path.join(textDir, `${id}.txt`), 'body text');
    const service = new SearchService({
      articles: () => articles, feeds: () => ({}), textDir, readText: async () => 'body text', indexDir: path.join(dir, 'index'), emit: () => undefined,
    });
    await service.ready();
    for (const query of ['🍕', '!!! ???', '— …']) {
      await expect(service.matching(query)).rejects.toMatchObject({ kind: 'invalid', message: expect.stringMatching(/nothing to search for/) });
      await expect(service.matchingAmong(query, Object.keys(articles))).rejects.toMatchObject({ kind: 'invalid' });
    }
    // A real query still matches.
    expect(await service.matching('quasar')).toHaveLength(5);
    expect(await service.matchingAmong('pizza OR quasar', Object.keys(articles))).toHaveLength(5);
    await service.close();
  });
});
