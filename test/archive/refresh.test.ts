// A feed's refresh as its steps (src/archive/refresh.ts): fetch, decode and parse, identify,
// sanitize, store, index, rules, retention, then the background queues. Each step is a
// dependency: here the real parser and the real store (on real article files, under a small
// fake context), and steps that note when they are called, so the order can be watched.

import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ArchiveEvent } from '../../src/api.js';
import type { ArchiveContext } from '../../src/archive/context.js';
import type { Cleaned } from '../../src/archive/feed-items.js';
import { refreshFeed, type RefreshSteps } from '../../src/archive/refresh.js';
import { storeArticles } from '../../src/archive/store-article.js';
import { parseBody, type FeedFetch } from '../../src/feeds/index.js';
import { sha256 } from '../../src/model/identity.js';
import type { Feed, LibraryData } from '../../src/model/index.js';
import { ArticleFiles } from '../../src/store/index.js';

let dir: string;
let files: ArticleFiles;
let data: LibraryData;
let log: string[];
let events: ArchiveEvent[];
let ctx: ArchiveContext;

const FEED = { id: 'f', url: 'https://x.example/feed', title: 'X', siteUrl: null, fetchFullArticle: false, fullText: 'never', errorCount: 0, http: { etag: null, lastModified: null, bodyHash: null } } as unknown as Feed;

beforeEach(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'tidings-refresh-steps-'));
  files = new ArticleFiles(dir);
  await files.init();
  data = { articles: {}, tombstones: {}, feedSeen: {}, feeds: { f: FEED } } as unknown as LibraryData;
  log = [];
  events = [];
  ctx = {
    data,
    files,
    library: {
      change<T>(mutate: (d: LibraryData) => T): T {
        log.push(`store (files on disk: ${readdirSync(files.articlesDir).filter((n) => n.endsWith('.txt')).length})`);
        return mutate(data);
      },
    },
    runHooks: async (kind: string) => void log.push(`hook ${kind}`),
    emit: (event: ArchiveEvent) => void events.push(event),
  } as unknown as ArchiveContext;
});

afterEach(() => rmSync(dir, { recursive: true, force: true }));

function rss(items: string[]): Uint8Array {
  const body = items.map((html, n) => `<item><guid>g${n + 1}</guid><title>Item ${n + 1}</title><link>https://x.example/${n + 1}</link><description><![CDATA[${html}]]></description></item>`);
  return Buffer.from(`<?xml version="1.0"?><rss version="2.0"><channel><title>X</title><link>https://x.example/</link>${body.join('')}</channel></rss>`);
}

/** A fetch step that found a new body. */
function changed(body: Uint8Array): FeedFetch {
  return {
    status: 'changed', body, contentType: 'application/rss+xml', url: FEED.url, contentLocation: null,
    done: (newArticles, learned) => ({ outcome: { status: 'ok', newArticles }, patch: { ...learned, lastError: null } }),
    failed: (error) => ({ outcome: { status: 'failed', error: String((error as Error).message) }, patch: { lastError: String((error as Error).message) } }),
  };
}

/** Sanitizing as a stand-in for the workers: the text is the HTML without tags. */
const plainSanitize = async (html: string): Promise<Cleaned> => ({ html, text: html.replace(/<[^>]+>/g, ''), wordCount: 2, leadImage: null });

function steps(fetched: FeedFetch, overrides: Partial<RefreshSteps> = {}): RefreshSteps {
  const note = (name: string) => (ids: string[]) => void log.push(`${name} ${ids.join(',')}`);
  return {
    fetch: async () => {
      log.push('fetch');
      return fetched;
    },
    parse: async (body, type, url, location) => {
      log.push('parse');
      return parseBody(body, type, url, location);
    },
    known: (feed) => ({ seen: new Set(data.feedSeen?.[feed.id] ?? []), articles: data.articles, tombstones: data.tombstones }),
    sanitize: async (html) => {
      log.push('sanitize');
      return plainSanitize(html);
    },
    store: {
      articles: (inputs) => storeArticles(ctx, inputs, { quiet: true }),
      change: (mutate) => ctx.library.change(mutate),
      seen: (feedId) => data.feedSeen?.[feedId] ?? [],
    },
    index: async ({ added, changed: updated }) => void log.push(`index +${added.length} ~${updated.length}`),
    rules: async (ids) => note('rules')(ids),
    retention: async (feed) => void log.push(`retention ${feed.id}`),
    images: { add: note('images') },
    fullTexts: { add: note('full texts') },
    enclosures: { add: note('enclosures') },
    updateFeed: (id, patch) => void log.push(`feed ${id} ${Object.keys(patch).join(',')}`),
    emit: (event) => {
      if (event.type === 'changed') log.push(`event ${event.what}`);
      events.push(event);
    },
    ...overrides,
  };
}

const idsOf = () => Object.keys(data.articles);

describe('refreshFeed', () => {
  it('runs its steps in order: fetch, parse, sanitize, store, index, event, rules, retention, queues, the feed', async () => {
    const outcome = await refreshFeed(FEED, steps(changed(rss(['<p>one</p>', '<p>two</p>']))));
    expect(outcome).toEqual({ status: 'ok', newArticles: 2 });
    const ids = idsOf().join(',');
    expect(log).toEqual([
      'fetch', 'parse', 'sanitize', 'sanitize',
      'store (files on disk: 2)', // the records once both articles' files are durable
      'store (files on disk: 2)', // what the feed remembers of its items
      'index +2 ~0', 'event articles', `rules ${ids}`, 'retention f',
      `images ${ids}`, `enclosures ${ids}`, 'feed f siteUrl,lastError', // the site the feed names, learned
    ]);
    // The refresh runs the index and rules itself: the store's hooks are not called.
    expect(log.some((l) => l.startsWith('hook'))).toBe(false);
  });

  it('ends after the fetch when the feed did not change, and still applies retention', async () => {
    const notModified: FeedFetch = { status: 'not-modified', outcome: { status: 'not-modified' }, patch: { lastError: null } };
    expect(await refreshFeed(FEED, steps(notModified))).toEqual({ status: 'not-modified' });
    expect(log).toEqual(['fetch', 'retention f', 'feed f lastError']);
  });

  it('writes nothing on the feed when the fetch step has nothing to write (asked to wait by Retry-After)', async () => {
    const waiting: FeedFetch = { status: 'failed', outcome: { status: 'failed', error: 'wait' }, patch: {} };
    expect(await refreshFeed(FEED, steps(waiting))).toEqual({ status: 'failed', error: 'wait' });
    expect(log).toEqual(['fetch', 'retention f']);
  });

  it('fails the feed and stores nothing when the body does not parse', async () => {
    const outcome = await refreshFeed(FEED, steps(changed(Buffer.from('<html><body>not a feed</body></html>'))));
    expect(outcome.status).toBe('failed');
    expect(idsOf()).toEqual([]);
    expect(log.at(-1)).toBe('feed f lastError');
    expect(log).not.toContain('index +0 ~0');
  });

  it('queues full texts for a summary-only feed, only for items with a page', async () => {
    const always = { ...FEED, fullText: 'always' } as Feed;
    await refreshFeed(always, steps(changed(rss(['<p>teaser</p>']))));
    expect(log).toContain(`full texts ${idsOf().join(',')}`);
  });

  it('stores an item at once with its images remote, and hands it to the image queue with their places', async () => {
    const html = '<p>one</p><img src="https://img.example/a.png" alt="a">';
    const url = 'https://img.example/a.png';
    const sanitize = async (input: string): Promise<Cleaned> => ({ ...(await plainSanitize(input)), html, leadImage: url, pending: { at: [html.indexOf(url), url.length], urls: [url] } });
    await refreshFeed(FEED, steps(changed(rss([html])), { sanitize }));
    const [id] = idsOf();
    expect(readFileSync(path.join(files.articlesDir, `${id}.html`), 'utf8')).toBe(html);
    expect(data.articles[id!]!.leadImage).toBe(url);
    expect(data.articles[id!]!.imagesPending).toEqual({ html: sha256(html), at: [html.indexOf(url), url.length], urls: [url], network: 'public' });
    expect(log).toContain(`images ${id}`);
  });

  it("stores a feed's new items together; one whose cleaning fails is skipped for good, one that failed for a passing reason is tried again", async () => {
    let passing = true;
    const sanitize = async (html: string): Promise<Cleaned> => {
      if (html.includes('item 2')) throw new Error('extract: boom');
      if (html.includes('item 3') && passing) throw new Error('extract: the extraction pool was closed');
      return plainSanitize(html);
    };
    const body = rss(['<p>item 1</p>', '<p>item 2</p>', '<p>item 3</p>']);
    const first = await refreshFeed(FEED, steps(changed(body), { sanitize }));
    expect(first).toEqual({
      status: 'failed',
      error: 'feeds: https://x.example/feed: 1 item(s) could not be stored for now and will be tried again at the next refresh (1 stored): extract: the extraction pool was closed',
    });
    // The one stored is indexed, announced and offered to the rules all the same.
    expect(log.filter((l) => l.startsWith('index'))).toEqual(['index +1 ~0']);
    expect(events.filter((e) => e.type === 'notice')).toEqual([
      { type: 'notice', level: 'warning', message: 'feeds: https://x.example/feed: 1 item(s) skipped: they cannot be stored and will not be tried again (1 stored): extract: boom' },
    ]);
    expect(Object.values(data.articles).map((a) => a.title).sort()).toEqual(['Item 1']);
    // The passing failure is not remembered: the next refresh stores it; the skipped one stays skipped.
    passing = false;
    expect(await refreshFeed(FEED, steps(changed(body), { sanitize }))).toEqual({ status: 'ok', newArticles: 1 });
    expect(Object.values(data.articles).map((a) => a.title).sort()).toEqual(['Item 1', 'Item 3']);
  });

  it("skips an item whose files cannot be written while the others' can, and remembers it", async () => {
    const writeMany = files.writeMany.bind(files);
    (ctx as { files: unknown }).files = {
      writeMany: async (articles: { id: string; html: string; text: string }[]) => {
        const errors = await writeMany(articles);
        return articles.map((a, i) => (a.html.includes('item 1') ? new Error('store: disk full') : errors[i]));
      },
    };
    expect(await refreshFeed(FEED, steps(changed(rss(['<p>item 1</p>', '<p>item 2</p>']))))).toEqual({ status: 'ok', newArticles: 1 });
    expect(Object.values(data.articles).map((a) => a.title)).toEqual(['Item 2']);
    expect(data.feedSeen!.f).toHaveLength(4);
    expect(JSON.stringify(events)).toContain('1 item(s) skipped');
  });
});
