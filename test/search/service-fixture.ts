// A search service over a data folder of generated articles ("quasar N", one a minute from
// 2023-01-01), for the service's tests. `read`: which of them are read.

import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ArticleRecord } from '../../src/model/index.js';
import { SearchService } from '../../src/search/index.js';

export function quasar(i: number, read = false): ArticleRecord {
  const id = i.toString(16).padStart(16, '0');
  const date = new Date(Date.UTC(2023, 0, 1) + i * 60_000).toISOString();
  return {
    id, source: 'url', feedId: null, guid: null, url: null, title: `quasar ${i}`, byline: null, siteName: null, lang: null,
    publishedAt: date, excerpt: null, wordCount: 0, readingMinutes: 1, leadImage: null, enclosures: [], suggestedTags: [],
    contentHash: null, extraction: { status: 'done', reason: null, attempts: 1, at: null },
    read, starred: false, tags: [], savedAt: null, addedAt: date,
  };
}

export function serviceOver(prefix: string, list: ArticleRecord[]): { service: SearchService; articles: Record<string, ArticleRecord> } {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  const textDir = path.join(dir, 'articles');
  mkdirSync(textDir);
  const articles = Object.fromEntries(list.map((a) => [a.id, a]));
  for (const id of Object.keys(articles)) writeFileSync(path.join(textDir, `${id}.txt`), 'body text');
  const service = new SearchService({
    articles: () => articles, feeds: () => ({}), textDir, readText: async () => 'body text', indexDir: path.join(dir, 'index'), emit: () => undefined,
  });
  return { service, articles };
}
