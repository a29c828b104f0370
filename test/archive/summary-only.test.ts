// Summary-only feeds (issue 11 item 8): a feed whose items are only teasers ("Read more", "[…]",
// "Weiterlesen", a few lines and no content of their own) gets each new item's page extracted
// with Readability, automatically; a full-text feed with one short news flash does not (the
// decision is the feed's, not the item's); the user can say 'never' or 'always' per feed, and
// the old `fetchFullArticle` keeps working. Pages come from a server on 127.0.0.1.

import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Archive } from '../../src/api.js';
import { openArchive } from '../../src/archive/index.js';
import { fullTextChanges, fullTextMode, isSummaryOnly, isTeaser } from '../../src/archive/summary-only.js';
import type { ParsedItem } from '../../src/feeds/index.js';
import { type LocalServer, startServer } from '../net/local-server.js';

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/feeds');
const paragraphs = (topic: string) =>
  Array.from({ length: 8 }, (_, i) => `<p>${topic} paragraph ${i + 1}: the council met on a wet Tuesday and agreed, after a long debate, to keep the old library open on Sundays for the whole town.</p>`).join('');
const page = (title: string) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body><article><h1>${title}</h1>${paragraphs(title)}</article></body></html>`;

let server: LocalServer;
const hits = new Map<string, number>();

beforeAll(async () => {
  server = await startServer((req, res) => {
    const url = req.url ?? '/';
    hits.set(url, (hits.get(url) ?? 0) + 1);
    const fixture = (name: string) =>
      readFileSync(path.join(FIXTURES, name), 'utf8').replaceAll('PAGE_BASE', server.origin).replace('FULL_BODY_1', paragraphs('Harbour')).replace('FULL_BODY_2', paragraphs('Dunes'));
    if (url.startsWith('/teasers.rss')) return res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(fixture('summary-only-read-more-teasers.rss'));
    if (url.startsWith('/full.rss')) return res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(fixture('full-text-with-news-flash.rss'));
    if (url.endsWith('.html')) return res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page(`Page ${url.slice(1, -5)}`));
    res.writeHead(404).end();
  });
});

afterAll(async () => {
  await server.close();
});

beforeEach(() => hits.clear());

async function fresh(): Promise<{ archive: Archive; dir: string }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tidings-summary-only-'));
  return { archive: await openArchive(dir), dir };
}

/** Until the extraction queue is empty (it was filled before refresh/addFeed returned). */
async function settled(archive: Archive): Promise<void> {
  for (let i = 0; i < 400; i++) {
    const s = await archive.extractionStatus();
    if (s.queued + s.running === 0) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('the extraction queue never emptied');
}

async function feedArticles(archive: Archive, feedId: string) {
  return (await archive.listArticles({ feedId, limit: 100 })).items;
}

const item = (over: Partial<ParsedItem>): ParsedItem => ({
  guid: null, link: 'https://example.org/a', title: 'A story', author: null, published: null, contentHtml: null, summary: null, categories: [], enclosures: [], fallbackKey: null, ...over,
});
const words = (n: number) => Array.from({ length: n }, (_, i) => `word${i}`).join(' ');

describe('teaser detection', () => {
  it('knows "read more" endings in many languages, [...] and ellipses', () => {
    for (const ending of ['Read more', 'Continue reading →', '[…]', '[...]', '...', '…', 'Weiterlesen', 'Lire la suite', 'Leia mais', 'Czytaj dalej', 'Leer más', 'Read more »']) {
      expect(isTeaser(item({ contentHtml: `<p>${words(200)} ${ending}</p>`, summary: 'x' })), ending).toBe(true);
    }
  });

  it('a short summary with no content of its own, or content equal to the summary, is a teaser', () => {
    expect(isTeaser(item({ summary: 'The ferry is an hour late tonight.' }))).toBe(true);
    expect(isTeaser(item({ summary: '<p>Same words here.</p>', contentHtml: 'Same   words here.' }))).toBe(true);
    expect(isTeaser(item({}))).toBe(true); // a title and a link only
    expect(isTeaser(item({ contentHtml: `<p>${words(40)}</p>` }))).toBe(true); // one short text, no summary
    expect(isTeaser(item({ summary: 'x', contentHtml: `<p>${words(150)} Leia mais (09/24/2018 - 19h22)</p>` }))).toBe(true);
  });

  it('full content, a podcast episode and a video page are not teasers', () => {
    expect(isTeaser(item({ summary: 'Short.', contentHtml: `<p>${words(30)}</p>` }))).toBe(false);
    expect(isTeaser(item({ summary: words(300) }))).toBe(false);
    expect(isTeaser(item({ summary: 'Episode 4', enclosures: [{ url: 'https://example.org/4.mp3', type: 'audio/mpeg', length: 1 }] }))).toBe(false);
    expect(isTeaser(item({ link: 'https://www.youtube.com/watch?v=abc', summary: 'A video' }))).toBe(false);
  });

  it('decides per feed: most linked items teasers', () => {
    const full = item({ contentHtml: `<p>${words(500)}</p>` });
    const teaser = item({ summary: 'Short teaser. Read more' });
    expect(isSummaryOnly([full, teaser, full])).toBe(false);
    expect(isSummaryOnly([teaser, teaser, full])).toBe(true);
    expect(isSummaryOnly([item({ link: null, summary: 'x' })])).toBe(false); // nothing to fetch
    expect(isSummaryOnly([])).toBe(false);
  });

  it('maps the old switch onto the three modes', () => {
    expect(fullTextMode({ fetchFullArticle: false })).toBe('auto');
    expect(fullTextMode({ fetchFullArticle: true })).toBe('always');
    expect(fullTextMode({ fetchFullArticle: true, fullText: 'never' })).toBe('never');
    expect(fullTextChanges({ fetchFullArticle: false })).toEqual({ fullText: 'never', fetchFullArticle: false });
    expect(fullTextChanges({ fetchFullArticle: false, fullText: 'auto' })).toEqual({ fullText: 'auto', fetchFullArticle: false });
    expect(fullTextChanges({})).toEqual({});
  });
});

describe('archive: summary-only feeds get their full text', () => {
  it('extracts the pages of a teaser feed automatically', async () => {
    const { archive } = await fresh();
    const added = await archive.addFeed(server.url('/teasers.rss'));
    if (added.status !== 'added') throw new Error(added.status);
    await settled(archive);
    const items = await feedArticles(archive, added.feed.id);
    expect(items).toHaveLength(3);
    for (const a of items) {
      expect(a.extraction.status, a.title).toBe('done');
      expect((await archive.getArticle(a.id)).text).toContain('paragraph 8');
    }
    // The feed's own title stays the article's title.
    expect(items.map((a) => a.title).sort()).toEqual(['Bridge reopens after repairs', 'Library keeps Sunday hours', 'Neue Buslinie']);
    await archive.close();
  });

  it('does not fetch the page of a short news flash in a full-text feed', async () => {
    const { archive } = await fresh();
    const added = await archive.addFeed(server.url('/full.rss'));
    if (added.status !== 'added') throw new Error(added.status);
    await settled(archive);
    const items = await feedArticles(archive, added.feed.id);
    expect(items.map((a) => a.extraction.status)).toEqual(['feed', 'feed', 'feed']);
    expect([...hits.keys()].filter((u) => u.endsWith('.html'))).toEqual([]);
    await archive.close();
  });

  it("a feed added with fetchFullArticle false is 'auto', not turned off (the add dialog's unchecked box)", async () => {
    const { archive } = await fresh();
    const added = await archive.addFeed(server.url('/teasers.rss?unchecked'), { fetchFullArticle: false });
    if (added.status !== 'added') throw new Error(added.status);
    expect(added.feed).toMatchObject({ fullText: 'auto', fetchFullArticle: false });
    await archive.close();
  });

  it("never fetches for a feed set to 'never'; 'always' and the old fetchFullArticle fetch every item", async () => {
    const { archive } = await fresh();
    const never = await archive.addFeed(server.url('/teasers.rss'), { fullText: 'never' });
    if (never.status !== 'added') throw new Error(never.status);
    expect(never.feed).toMatchObject({ fullText: 'never', fetchFullArticle: false });
    await settled(archive);
    expect((await feedArticles(archive, never.feed.id)).every((a) => a.extraction.status === 'feed')).toBe(true);
    expect([...hits.keys()].filter((u) => u.endsWith('.html'))).toEqual([]);

    const always = await archive.addFeed(server.url('/full.rss?old'), { fetchFullArticle: true });
    if (always.status !== 'added') throw new Error(always.status);
    expect(always.feed).toMatchObject({ fullText: 'always', fetchFullArticle: true });
    await settled(archive);
    expect((await feedArticles(archive, always.feed.id)).map((a) => a.extraction.status)).toEqual(['done', 'done', 'done']);

    // The old switch turned off is the user saying no; the new field can give 'auto' back.
    expect(await archive.updateFeed(always.feed.id, { fetchFullArticle: false })).toMatchObject({ fullText: 'never', fetchFullArticle: false });
    expect(await archive.updateFeed(always.feed.id, { fullText: 'auto' })).toMatchObject({ fullText: 'auto', fetchFullArticle: false });
    await expect(archive.updateFeed(always.feed.id, { fullText: 'sometimes' as never })).rejects.toThrow();
    await archive.close();
  });

  it('an archive without the field opens as before; a damaged value is dropped, not the feed', async () => {
    const { archive, dir } = await fresh();
    const added = await archive.addFeed(server.url('/full.rss?v'), { fullText: 'never' });
    if (added.status !== 'added') throw new Error(added.status);
    await archive.close();
    const file = path.join(dir, 'library.json');
    const data = JSON.parse(readFileSync(file, 'utf8'));
    data.feeds[added.feed.id].fullText = 'sometimes';
    writeFileSync(file, JSON.stringify(data));
    const again = await openArchive(dir);
    const [feed] = await again.listFeeds();
    expect(feed).toMatchObject({ id: added.feed.id, fetchFullArticle: false });
    expect(feed!.fullText).toBe('auto'); // dropped; the summary says how it acts
    expect((await feedArticles(again, added.feed.id))).toHaveLength(3);
    await again.close();
  });
});
