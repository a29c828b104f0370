// The search service's list: a list with filters only (a view, a folder) answers from the
// records at once, without waiting for the index being built; one with words waits for it.

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
    read: i % 2 === 0, starred: false, tags: [], savedAt: null, addedAt: date,
  };
}

describe('search service: lists', () => {
  it('answers a list with filters only before the index is built, newest first; a query waits for the index', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tidings-service-list-'));
    const textDir = path.join(dir, 'articles');
    mkdirSync(textDir);
    const articles = Object.fromEntries(Array.from({ length: 40 }, (_, i) => article(i)).map((a) => [a.id, a]));
    for (const id of Object.keys(articles)) writeFileSync(path.join(textDir, `${id}.txt`), 'body text');
    const service = new SearchService({
      articles: () => articles, feeds: () => ({}), textDir, readText: async () => 'body text', indexDir: path.join(dir, 'index'), emit: () => undefined,
    });
    const order: string[] = [];
    const ready = service.ready().then(() => order.push('index ready'));
    const unread = service.list({ view: 'unread' }, { offset: 0, limit: 5 }).then((page) => (order.push('unread list'), page));
    const queried = service.list({ query: 'quasar', view: 'unread' }, { offset: 0, limit: 50 }).then((page) => (order.push('query'), page));
    const [page, withWords] = await Promise.all([unread, queried, ready]);
    expect(order[0]).toBe('unread list');
    expect(order.indexOf('query')).toBeGreaterThan(order.indexOf('index ready'));
    expect(page.total).toBe(20);
    expect(page.hits.map((h) => h.id)).toEqual([39, 37, 35, 33, 31].map((i) => i.toString(16).padStart(16, '0')));
    expect(page.hits.every((h) => h.score === undefined && h.snippet === undefined)).toBe(true);
    expect(withWords.total).toBe(20);
    await service.close();
  });
});
