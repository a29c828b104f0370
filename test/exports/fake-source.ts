// An export source over records and HTML in memory, for the format tests.

import type { ArticleRecord } from '../../src/model/index.js';
import type { ExportSource } from '../../src/exports/index.js';

let n = 0;

export function article(fields: Partial<ArticleRecord> = {}): ArticleRecord {
  n++;
  return {
    id: n.toString(16).padStart(16, '0'), source: 'url', feedId: null, guid: null, url: `https://example.com/${n}`, title: `Article ${n}`,
    byline: null, siteName: null, lang: 'en', publishedAt: null, excerpt: null, wordCount: 10, readingMinutes: 1, leadImage: null,
    enclosures: [], suggestedTags: [], contentHash: null, extraction: { status: 'done', reason: null, attempts: 1, at: null },
    read: false, starred: false, tags: [], savedAt: '2024-05-06T07:08:09.000Z', addedAt: '2024-05-06T07:08:09.000Z', ...fields,
  };
}

export function fakeSource(items: { article: ArticleRecord; html: string; text?: string }[], assets: Record<string, string> = {}): ExportSource {
  const byId = new Map(items.map((i) => [i.article.id, i]));
  return {
    articles: items.map((i) => i.article),
    library: { schemaVersion: 1, settings: {} as ExportSource['library']['settings'], feeds: {}, rules: [], savedSearches: [] },
    readHtml: async (id) => byId.get(id)!.html,
    readText: async (id) => byId.get(id)!.text ?? '',
    assetPath: (name) => assets[name] ?? null,
    progress: () => undefined,
  };
}
