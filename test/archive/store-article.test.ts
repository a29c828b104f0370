// Storing articles, one or a feed's worth at once: files first, then records, then one call of
// each hook and one event; each article's outcome is its own. A small fake context around the
// real article files, so the order of the steps can be watched.

import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ArchiveEvent } from '../../src/api.js';
import type { ArchiveContext } from '../../src/archive/context.js';
import { type NewArticle, storeArticle, storeArticles } from '../../src/archive/store-article.js';
import type { LibraryData } from '../../src/model/index.js';
import { ArticleFiles } from '../../src/store/index.js';

let dir: string;
let files: ArticleFiles;
let data: LibraryData;
let log: string[];
let events: ArchiveEvent[];
let ctx: ArchiveContext;

beforeEach(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'tidings-store-article-'));
  files = new ArticleFiles(dir);
  await files.init();
  data = { articles: {}, tombstones: {}, feedSeen: {} } as unknown as LibraryData;
  log = [];
  events = [];
  ctx = {
    data,
    files,
    library: {
      change<T>(mutate: (d: LibraryData) => T): T {
        // Every file written so far must be on disk before a record names it.
        log.push(`change (files: ${readdirSync(files.articlesDir).filter((n) => n.endsWith('.txt')).length})`);
        return mutate(data);
      },
    },
    runHooks: async (kind: string, ids: string[]) => void log.push(`${kind} ${ids.join(',')}`),
    emit: (event: ArchiveEvent) => void events.push(event),
  } as unknown as ArchiveContext;
});

afterEach(() => rmSync(dir, { recursive: true, force: true }));

function article(id: string, text: string): NewArticle {
  return {
    content: {
      id, source: 'feed', feedId: 'f', guid: id, url: null, title: text, byline: null, siteName: null, lang: null, publishedAt: null,
      excerpt: null, wordCount: 1, readingMinutes: 1, leadImage: null, enclosures: [], suggestedTags: [],
      extraction: { status: 'feed', reason: null, attempts: 0, at: null },
    },
    html: `<p>${text}</p>`,
    text,
  };
}

const ID = (n: number) => `${String(n).padStart(15, '0')}a`;

describe('storeArticles', () => {
  it('writes all files, then all records in one change, then one hook call and one event', async () => {
    const results = await storeArticles(ctx, [article(ID(1), 'one'), article(ID(2), 'two'), article(ID(3), 'three')]);
    expect(results.map((r) => r.status === 'fulfilled' && r.value.outcome)).toEqual(['created', 'created', 'created']);
    expect(log).toEqual(['change (files: 3)', `added ${ID(1)},${ID(2)},${ID(3)}`]);
    expect(events).toEqual([{ type: 'changed', what: 'articles', ids: [ID(1), ID(2), ID(3)] }]);
    expect(await files.readHtml(ID(2))).toBe('<p>two</p>');
    expect(readdirSync(files.articlesDir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('gives each article its own outcome: unchanged, deleted, updated, failed', async () => {
    await storeArticle(ctx, article(ID(1), 'one'));
    await storeArticle(ctx, article(ID(2), 'two'));
    data.tombstones[ID(3)] = '2026-01-01T00:00:00.000Z';
    log = [];
    events = [];
    const results = await storeArticles(ctx, [article(ID(1), 'one'), article(ID(2), 'two, edited'), article(ID(3), 'gone'), article('not-an-id', 'x'), article(ID(4), 'new')]);
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value.outcome : String(r.reason)))).toEqual([
      'unchanged', 'updated', 'deleted', 'Error: store: not-an-id: not an article id', 'created',
    ]);
    expect(log).toEqual(['change (files: 3)', `added ${ID(4)}`, `changed ${ID(2)}`]);
    expect(events).toEqual([{ type: 'changed', what: 'articles', ids: [ID(4), ID(2)] }]);
    expect(data.articles['not-an-id']).toBeUndefined();
    expect(data.articles[ID(3)]).toBeUndefined();
    expect(await files.readText(ID(2))).toBe('two, edited');
  });

  it('stores an id given twice one after the other, as if one at a time', async () => {
    const results = await storeArticles(ctx, [article(ID(1), 'first'), article(ID(1), 'second')]);
    expect(results.map((r) => r.status === 'fulfilled' && r.value.outcome)).toEqual(['created', 'updated']);
    expect(await files.readText(ID(1))).toBe('second');
    expect(data.articles[ID(1)]!.title).toBe('second');
  });

  it('keeps an article deleted while its files were being written deleted', async () => {
    const slow = { ...ctx, files: { writeMany: async (articles: { id: string }[]) => {
      data.tombstones[ID(1)] = 'now';
      return articles.map(() => null);
    } } } as unknown as ArchiveContext;
    expect(await storeArticle(slow, article(ID(1), 'one'))).toEqual({ id: ID(1), outcome: 'deleted' });
    expect(data.articles[ID(1)]).toBeUndefined();
    expect(log).toEqual(['change (files: 0)']);
  });
});
