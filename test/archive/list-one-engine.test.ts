// One engine for lists and queries (issue 14, item 7): a list's view, feed, folder and tag give
// the same articles, in the same order, as the query-language string that says the same, with
// and without words; and the plain list (no filter, no query) is still newest first.

import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Archive, ListQuery } from '../../src/api.js';
import { openArchive } from '../../src/archive/index.js';
import type { Feed } from '../../src/model/index.js';
import { shortHash } from '../../src/model/identity.js';
import { SCHEMA_VERSION } from '../../src/store/index.js';
import { emptyLibrary } from '../../src/store/defaults.js';

function feed(title: string, folder: string | null): Feed {
  const siteUrl = `https://${title.toLowerCase().replace(/\W/g, '')}.example/`;
  return {
    id: shortHash(`feed ${title}`), url: `${siteUrl}feed`, siteUrl, title, folder, fetchFullArticle: false, refreshMinutes: null,
    retentionDays: null, http: { etag: null, lastModified: null, bodyHash: null }, createdAt: '2023-01-01T00:00:00.000Z', lastFetchedAt: null,
    lastSuccessAt: null, lastError: null, errorCount: 0, nextFetchAt: null, gone: false,
  };
}

const FEEDS = [feed('Daily Planet', 'News'), feed('Gazette', 'News'), feed('Ars Technica', 'Tech'), feed('Loose Blog', null)];
const WORDS = ['gpu', 'quasar', 'model', 'news', 'open', 'source', 'data'];
const TAGS = ['ai', 'AI', 'gpu', 'polska'];

/** 120 articles over the four feeds (and saved pages), half of them dated today. */
function writeArchive(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tidings-one-engine-'));
  const data = emptyLibrary(SCHEMA_VERSION);
  data.seeded = true;
  FEEDS.forEach((f) => (data.feeds[f.id] = f));
  mkdirSync(path.join(dir, 'articles'), { recursive: true });
  const midnight = new Date();
  midnight.setHours(0, 0, 0, 0);
  for (let i = 0; i < 120; i++) {
    const id = shortHash(`one engine ${i}`);
    const from = i % 5 === 4 ? null : FEEDS[i % 4]!;
    const text = Array.from({ length: 12 }, (_, k) => WORDS[(i * 3 + k * k) % WORDS.length]).join(' ');
    // Even articles: today (minutes after midnight); odd ones: days before.
    const date = new Date(i % 2 === 0 ? midnight.getTime() + (i + 1) * 1000 : midnight.getTime() - (i + 1) * 3_600_000).toISOString();
    writeFileSync(path.join(dir, 'articles', `${id}.txt`), text);
    writeFileSync(path.join(dir, 'articles', `${id}.html`), `<p>${text}</p>`);
    data.articles[id] = {
      id, source: from ? 'feed' : 'url', feedId: from?.id ?? null, guid: from ? `g${i}` : null,
      url: `${from?.siteUrl ?? 'https://saved.example/'}a/${i}`, title: `${WORDS[i % WORDS.length]} ${i}`, byline: null, siteName: null, lang: null,
      publishedAt: date, excerpt: null, wordCount: 12, readingMinutes: 1, leadImage: null, enclosures: [], suggestedTags: [],
      contentHash: shortHash(text), extraction: { status: 'done', reason: null, attempts: 1, at: date },
      read: i % 3 === 0, starred: i % 7 === 0, tags: i % 4 === 1 ? [TAGS[i % TAGS.length]!] : i % 6 === 0 ? ['ai'] : [],
      savedAt: from ? null : date, addedAt: date,
    };
  }
  writeFileSync(path.join(dir, 'library.json'), JSON.stringify(data));
  return dir;
}

describe('archive: a list query and its query-language string, one engine', () => {
  let archive: Archive;
  beforeAll(async () => {
    archive = await openArchive(writeArchive());
  });
  afterAll(async () => {
    await archive?.close();
  });

  const page = async (query: ListQuery) => {
    const got = await archive.listArticles({ limit: 1000, ...query });
    return { total: got.total, ids: got.items.map((a) => a.id), scores: got.items.map((a) => a.score) };
  };

  it.each<[ListQuery, string]>([
    [{ view: 'unread', folder: 'News', tag: 'ai', query: 'gpu' }, 'gpu is:unread folder:News tag:ai'],
    [{ view: 'today', folder: 'News', tag: 'AI', query: 'quasar OR model' }, 'quasar OR model is:today folder:News tag:ai'],
    [{ view: 'starred', folder: 'Tech', query: 'gpu sort:date' }, 'gpu is:starred folder:Tech sort:date'],
    [{ view: 'saved', tag: 'ai', query: 'data OR gpu' }, 'data OR gpu is:saved tag:AI'],
    [{ feedId: FEEDS[0]!.id, view: 'today', query: 'news' }, 'news feed:"Daily Planet" is:today'],
  ])('%j gives what its query string gives', async (list, text) => {
    const viaList = await page(list);
    const viaText = await page({ query: text });
    expect(viaList.total).toBeGreaterThan(0);
    expect(viaList).toEqual(viaText);
  });

  it.each<[ListQuery, string]>([
    [{ view: 'today', folder: 'News', tag: 'ai' }, 'is:today folder:News tag:ai'],
    [{ view: 'unread', folder: 'Tech' }, 'is:unread folder:Tech'],
    [{ view: 'today' }, 'is:today'],
    [{ feedId: FEEDS[2]!.id }, 'feed:"Ars Technica"'],
  ])('%j without words lists what its query string lists, newest first', async (list, text) => {
    const viaList = await page(list);
    const viaText = await page({ query: text });
    expect(viaList.total).toBeGreaterThan(0);
    expect(viaList.ids).toEqual(viaText.ids);
    expect(viaList.total).toBe(viaText.total);
    // A plain list has no scores; the same filters typed are a query, scored 0.
    expect(viaList.scores.every((s) => s === undefined)).toBe(true);
  });

  it('lists everything newest first without a query or filter, paged', async () => {
    const all = await page({});
    expect(all.total).toBe(120);
    const second = await archive.listArticles({ offset: 10, limit: 5 });
    expect(second.items.map((a) => a.id)).toEqual(all.ids.slice(10, 15));
    const today = await page({ view: 'today' });
    expect(today.total).toBe(60);
    expect(all.ids.slice(0, 60)).toEqual(today.ids);
  });
});
