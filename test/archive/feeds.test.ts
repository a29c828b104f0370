// The feed part of the archive end to end: a real archive in a temp folder, feeds served by a
// local server on 127.0.0.1. Subscribing, refreshing politely, no duplicates, failures kept per
// feed, discovery, OPML, removal.

import { mkdtempSync, rmSync } from 'node:fs';
import type http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Archive, ArchiveEvent } from '../../src/api.js';
import { openArchive } from '../../src/archive/index.js';
import { Extractor } from '../../src/extract/index.js';
import { FeedParser } from '../../src/feeds/index.js';
import { fixture, fixtureBytes } from '../feeds/fixtures.js';
import { type LocalServer, startServer } from '../net/local-server.js';

type Route = (req: http.IncomingMessage, res: http.ServerResponse) => void;

let dir: string;
let archive: Archive;
let server: LocalServer;
let routes: Record<string, Route>;
let hits: Record<string, number>;

beforeEach(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'tidings-feeds-'));
  archive = await openArchive(dir);
  routes = {};
  hits = {};
  server = await startServer((req, res) => {
    const route = routes[req.url ?? ''];
    hits[req.url ?? ''] = (hits[req.url ?? ''] ?? 0) + 1;
    if (route) route(req, res);
    else res.writeHead(404).end('not here');
  });
});

afterEach(async () => {
  await archive.close();
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

function rss(title: string, items: { guid?: string; link: string; title: string; body?: string }[]): string {
  const xml = items
    .map((i) => `<item><title>${i.title}</title><link>${i.link}</link>${i.guid ? `<guid>${i.guid}</guid>` : ''}<description>${i.body ?? `<p>${i.title} body</p>`.replace(/</g, '&lt;')}</description></item>`)
    .join('');
  return `<?xml version="1.0"?><rss version="2.0"><channel><title>${title}</title><link>https://site.example/</link>${xml}</channel></rss>`;
}

/** Serves `body` with an ETag; answers 304 to a matching If-None-Match. */
function withEtag(body: () => string, etag: () => string): Route {
  return (req, res) => {
    if (req.headers['if-none-match'] === etag()) return void res.writeHead(304).end();
    res.writeHead(200, { 'content-type': 'application/rss+xml', etag: etag() }).end(body());
  };
}

function plain(body: string | Buffer, type = 'application/rss+xml'): Route {
  return (_req, res) => void res.writeHead(200, { 'content-type': type }).end(body);
}

/** Until the full texts queued for teaser items are done (these test items are one-line teasers). */
async function extractionIdle(): Promise<void> {
  for (let i = 0; i < 400; i++) {
    const status = await archive.extractionStatus();
    if (status.queued + status.running === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('the extraction queue never emptied');
}

async function articlesOf(feedId: string) {
  return (await archive.listArticles({ feedId, limit: 1000 })).items;
}

describe('addFeed and refresh', () => {
  it('subscribes to a feed URL and stores its items sanitized, with tags suggested and enclosures kept', async () => {
    routes['/pod.xml'] = plain(fixture('categories-mixed-and-enclosures.xml'));
    const result = await archive.addFeed(server.url('/pod.xml'), { folder: 'Audio' });
    expect(result.status).toBe('added');
    if (result.status !== 'added') return;
    expect(result.newArticles).toBe(1);
    expect(result.feed).toMatchObject({ title: 'Podcast & Categories', folder: 'Audio', siteUrl: 'https://pod.example/', unread: 1, total: 1 });
    const [item] = await articlesOf(result.feed.id);
    expect(item).toMatchObject({ source: 'feed', title: 'Episode 1', byline: 'Grace', suggestedTags: ['Science', 'Audio'], tags: [], extraction: { status: 'feed' } });
    expect(item!.enclosures).toHaveLength(2);
    const detail = await archive.getArticle(item!.id);
    expect(detail.text).toContain('The full show notes.');
  });

  it('never stores hostile item HTML raw', async () => {
    routes['/evil.xml'] = plain(fixture('hostile-item-html.xml'));
    const result = await archive.addFeed(server.url('/evil.xml'));
    if (result.status !== 'added') throw new Error('not added');
    const [item] = await articlesOf(result.feed.id);
    const { html } = await archive.getArticle(item!.id);
    expect(html).toContain('Text');
    expect(html).not.toMatch(/<script|onerror|onclick|javascript:|<iframe/i);
  });

  it('sends the stored ETag, takes 304 as nothing new, and never duplicates on refresh', async () => {
    let etag = '"v1"';
    let items = [{ guid: 'a', link: 'https://site.example/a', title: 'A' }];
    routes['/feed.xml'] = withEtag(() => rss('Etag feed', items), () => etag);
    const added = await archive.addFeed(server.url('/feed.xml'));
    if (added.status !== 'added') throw new Error('not added');
    await expect(archive.listFeeds().then((f) => f[0]!.http.etag)).resolves.toBe('"v1"');

    const second = await archive.refresh({ feedId: added.feed.id });
    expect(second).toMatchObject({ feeds: 1, ok: 0, notModified: 1, failed: 0, newArticles: 0 });

    etag = '"v2"';
    items = [
      { guid: 'b', link: 'https://site.example/b', title: 'B' },
      // The same item under a new guid: same page, not a new article.
      { guid: 'a-renamed', link: 'https://site.example/a?utm_source=rss', title: 'A' },
      { guid: 'a', link: 'https://site.example/a', title: 'A' },
    ];
    const third = await archive.refresh();
    expect(third).toMatchObject({ ok: 1, newArticles: 1 });
    expect((await articlesOf(added.feed.id)).map((a) => a.title).sort()).toEqual(['A', 'B']);
    await archive.refresh();
    expect(await articlesOf(added.feed.id)).toHaveLength(2);
  });

  it('skips parsing an unchanged body by its hash when the server has no validators', async () => {
    routes['/same.xml'] = plain(rss('Same', [{ guid: '1', link: 'https://site.example/1', title: 'One' }]));
    const added = await archive.addFeed(server.url('/same.xml'));
    if (added.status !== 'added') throw new Error('not added');
    expect(await archive.refresh({ feedId: added.feed.id })).toMatchObject({ ok: 0, notModified: 1 });
    const [feed] = await archive.listFeeds();
    expect(feed!.http.bodyHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('brings back no article the user deleted', async () => {
    routes['/del.xml'] = (_req, res) => {
      // A new body each time, so the feed is parsed again.
      res.writeHead(200).end(rss(`Del ${Math.random()}`, [{ guid: 'x', link: 'https://site.example/x', title: 'X' }]));
    };
    const added = await archive.addFeed(server.url('/del.xml'));
    if (added.status !== 'added') throw new Error('not added');
    const [item] = await articlesOf(added.feed.id);
    await archive.deleteArticles([item!.id]);
    expect(await archive.refresh()).toMatchObject({ ok: 1, newArticles: 0 });
    expect(await articlesOf(added.feed.id)).toHaveLength(0);
  });

  it('updates the stored URL after a 301, not after a 302', async () => {
    routes['/old.xml'] = (_req, res) => void res.writeHead(301, { location: '/new.xml' }).end();
    routes['/new.xml'] = plain(rss('Moved', [{ guid: '1', link: 'https://site.example/1', title: 'One' }]));
    routes['/temp.xml'] = (_req, res) => void res.writeHead(302, { location: '/new2.xml' }).end();
    routes['/new2.xml'] = plain(rss('Temp', [{ guid: '2', link: 'https://site.example/2', title: 'Two' }]));
    await archive.importOpml(`<opml version="2.0"><body><outline type="rss" text="Old" xmlUrl="${server.url('/old.xml')}"/><outline type="rss" text="Temp" xmlUrl="${server.url('/temp.xml')}"/></body></opml>`);
    expect(await archive.refresh()).toMatchObject({ ok: 2, newArticles: 2 });
    const urls = (await archive.listFeeds()).map((f) => [f.title, f.url]).sort();
    expect(urls).toEqual([['Old', server.url('/new.xml')], ['Temp', server.url('/temp.xml')]]);
  });

  it('marks a feed gone on 410 and leaves it out of later refreshes', async () => {
    routes['/gone.xml'] = (_req, res) => void res.writeHead(410).end();
    await archive.importOpml(`<opml version="2.0"><body><outline type="rss" text="Gone" xmlUrl="${server.url('/gone.xml')}"/></body></opml>`);
    const first = await archive.refresh();
    expect(first.failed).toBe(1);
    const [feed] = await archive.listFeeds();
    expect(feed).toMatchObject({ gone: true, errorCount: 1 });
    expect(feed!.lastError).toContain('410');
    expect(await archive.refresh()).toMatchObject({ feeds: 0 });
    expect(hits['/gone.xml']).toBe(1);
  });

  it('honours Retry-After on 429 and backs off on other failures', async () => {
    routes['/busy.xml'] = (_req, res) => void res.writeHead(429, { 'retry-after': '3600' }).end();
    routes['/broken.xml'] = (_req, res) => void res.writeHead(500).end();
    await archive.importOpml(`<opml version="2.0"><body><outline type="rss" text="Busy" xmlUrl="${server.url('/busy.xml')}"/><outline type="rss" text="Broken" xmlUrl="${server.url('/broken.xml')}"/></body></opml>`);
    const before = Date.now();
    await archive.refresh();
    const second = await archive.refresh();
    // The busy server is not asked again within its hour, not even by a manual refresh.
    expect(hits['/busy.xml']).toBe(1);
    expect(hits['/broken.xml']).toBe(2);
    const busyId = (await archive.listFeeds()).find((f) => f.title === 'Busy')!.id;
    expect(second.errors.find((e) => e.feedId === busyId)!.error).toMatch(
      new RegExp(`^feeds: ${server.url('/busy.xml')}: the server asked us to wait \\(Retry-After\\) until \\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z; not fetched$`),
    );
    const feeds = Object.fromEntries((await archive.listFeeds()).map((f) => [f.title, f]));
    expect(feeds.Busy).toMatchObject({ errorCount: 1, lastError: `feeds: ${server.url('/busy.xml')}: HTTP 429, retry after 3600 s` });
    const busyNext = Date.parse(feeds.Busy!.nextFetchAt!) - before;
    expect(busyNext).toBeGreaterThanOrEqual(3600_000);
    expect(busyNext).toBeLessThan(3700_000);
    expect(feeds.Broken).toMatchObject({ errorCount: 2, lastError: `feeds: ${server.url('/broken.xml')}: HTTP 500` });
    // Second failure in a row: 2 × the 60-minute interval, ±20%.
    const brokenNext = Date.parse(feeds.Broken!.nextFetchAt!) - before;
    expect(brokenNext).toBeGreaterThan(0.8 * 120 * 60_000 - 5_000);
    expect(brokenNext).toBeLessThan(1.2 * 120 * 60_000 + 5_000);
  });

  it('keeps refreshing the others when one feed is malformed, and changes nothing of the broken one', async () => {
    let broken = false;
    routes['/a.xml'] = plain(rss('A', [{ guid: '1', link: 'https://a.example/1', title: 'A1' }]));
    routes['/b.xml'] = (_req, res) => void res.writeHead(200).end(broken ? fixture('malformed-unclosed.xml') : rss('B', [{ guid: '1', link: 'https://b.example/1', title: 'B1' }]));
    routes['/c.xml'] = (_req, res) => void res.writeHead(200).end(rss('C', [{ guid: broken ? '2' : '1', link: `https://c.example/${broken ? 2 : 1}`, title: broken ? 'C2' : 'C1' }]));
    await archive.importOpml(`<opml version="2.0"><body>${['a', 'b', 'c'].map((n) => `<outline type="rss" text="${n.toUpperCase()}" xmlUrl="${server.url(`/${n}.xml`)}"/>`).join('')}</body></opml>`);
    expect(await archive.refresh()).toMatchObject({ ok: 3, newArticles: 3 });
    const feedB = (await archive.listFeeds()).find((f) => f.title === 'B')!;
    await extractionIdle();
    const articlesB = await articlesOf(feedB.id);

    broken = true;
    const summary = await archive.refresh();
    expect(summary).toMatchObject({ feeds: 3, ok: 1, notModified: 1, failed: 1, newArticles: 1 });
    expect(summary.errors).toEqual([{ feedId: feedB.id, title: 'B', error: expect.stringMatching(new RegExp(`^feeds: ${server.url('/b.xml')}: cannot parse: `)) }]);
    const after = (await archive.listFeeds()).find((f) => f.title === 'B')!;
    expect(after).toMatchObject({ errorCount: 1, http: feedB.http, url: feedB.url, title: 'B' });
    await extractionIdle();
    expect(await articlesOf(feedB.id)).toEqual(articlesB);
  });

  it('stores correct Polish from a windows-1250 feed', async () => {
    routes['/pl.xml'] = plain(fixtureBytes('windows-1250-polish.xml'), 'text/xml');
    routes['/ru.xml'] = plain(fixtureBytes('koi8-r-header-only.xml'), 'application/rss+xml; charset=KOI8-R');
    const pl = await archive.addFeed(server.url('/pl.xml'));
    if (pl.status !== 'added') throw new Error('not added');
    expect(pl.feed.title).toBe('Wiadomości z Łodzi');
    const [item] = await articlesOf(pl.feed.id);
    expect(item).toMatchObject({ title: 'Zażółć gęślą jaźń', suggestedTags: ['Świat'] });
    expect((await archive.getArticle(item!.id)).text).toContain('Źdźbło, łąka, żółw i ćma.');
    const ru = await archive.addFeed(server.url('/ru.xml'));
    if (ru.status !== 'added') throw new Error('not added');
    expect((await articlesOf(ru.feed.id))[0]!.title).toBe('Привет, мир');
  });

  it('starts the cleaning workers at once when a feed was never fetched, and not for a refresh that finds nothing new', async () => {
    const warm = vi.spyOn(Extractor.prototype, 'warm');
    try {
      routes['/warm.xml'] = withEtag(() => rss('Warm', [{ guid: '1', link: 'https://warm.example/1', title: 'W1' }]), () => '"w1"');
      await archive.importOpml(`<opml version="2.0"><body><outline type="rss" text="Warm" xmlUrl="${server.url('/warm.xml')}"/></body></opml>`);
      expect(await archive.refresh()).toMatchObject({ ok: 1, newArticles: 1 });
      expect(warm).toHaveBeenCalledTimes(1);
      expect(await archive.refresh()).toMatchObject({ notModified: 1 });
      expect(warm).toHaveBeenCalledTimes(1);
    } finally {
      warm.mockRestore();
    }
  });

  it('reports progress: start, one event per feed, done', async () => {
    routes['/p1.xml'] = plain(rss('P1', [{ guid: '1', link: 'https://p.example/1', title: 'x' }]));
    routes['/p2.xml'] = (_req, res) => void res.writeHead(404).end();
    await archive.importOpml(`<opml version="2.0"><body><outline type="rss" text="P1" xmlUrl="${server.url('/p1.xml')}"/><outline type="rss" text="P2" xmlUrl="${server.url('/p2.xml')}"/></body></opml>`);
    const events: ArchiveEvent[] = [];
    const off = archive.on((e) => e.type === 'refresh' && events.push(e));
    await archive.refresh({ all: true });
    off();
    expect(events[0]).toMatchObject({ phase: 'start', index: 0, total: 2 });
    expect(events.slice(1, 3).map((e) => e.type === 'refresh' && e.index)).toEqual([1, 2]);
    const p2 = events.find((e) => e.type === 'refresh' && e.title === 'P2');
    expect(p2).toMatchObject({ phase: 'feed', newArticles: 0, error: expect.stringContaining('HTTP 404') });
    expect(events[3]).toMatchObject({ phase: 'done', index: 2, total: 2, newArticles: 1 });
  });

  it('refreshes one folder only', async () => {
    routes['/in.xml'] = plain(rss('In', [{ guid: '1', link: 'https://in.example/1', title: 'x' }]));
    routes['/out.xml'] = plain(rss('Out', [{ guid: '1', link: 'https://out.example/1', title: 'y' }]));
    await archive.importOpml(`<opml version="2.0"><body><outline text="News"><outline type="rss" text="In" xmlUrl="${server.url('/in.xml')}"/></outline><outline type="rss" text="Out" xmlUrl="${server.url('/out.xml')}"/></body></opml>`);
    expect(await archive.refresh({ folder: 'News' })).toMatchObject({ feeds: 1, ok: 1 });
    expect(hits['/out.xml']).toBeUndefined();
    await expect(archive.refresh({ folder: 'Nope' })).rejects.toThrow('feeds: Nope: no such folder');
  });

  it('queues new items of a "fetch full article" feed for extraction', async () => {
    routes['/full.xml'] = plain(rss('Full', [{ guid: '1', link: server.url('/page.html'), title: 'Page' }]));
    routes['/page.html'] = plain('<html><body><article><p>The full page.</p></article></body></html>', 'text/html');
    const events: ArchiveEvent[] = [];
    archive.on((e) => e.type === 'extract' && events.push(e));
    const added = await archive.addFeed(server.url('/full.xml'), { fetchFullArticle: true });
    if (added.status !== 'added') throw new Error('not added');
    const [item] = await articlesOf(added.feed.id);
    expect(events.some((e) => e.type === 'extract' && e.phase === 'queued' && e.id === item!.id)).toBe(true);
  });
});

describe('discovery', () => {
  it('offers the feeds a page links to, resolved and deduplicated, for the caller to choose', async () => {
    routes['/'] = plain(fixture('html-page-with-alternate-links.html').replace('https://ignored-when-relative.example/', '/'), 'text/html; charset=utf-8');
    const result = await archive.addFeed(server.url('/'));
    expect(result).toEqual({
      status: 'choose',
      candidates: [
        { url: server.url('/feed.xml'), title: 'Posts (RSS)', type: 'rss' },
        { url: server.url('/atom.xml'), title: 'Posts (Atom)', type: 'atom' },
        { url: server.url('/feed.json'), title: 'Posts (JSON)', type: 'json' },
      ],
    });
    expect(await archive.listFeeds()).toEqual([]);
  });

  it('finds a feed at a common path when the page links none, and subscribes to it', async () => {
    routes['/blog'] = plain(fixture('html-page-without-feed-links.html'), 'text/html');
    routes['/feed.xml'] = plain(rss('Common', [{ guid: '1', link: 'https://c.example/1', title: 'x' }]));
    const result = await archive.addFeed(server.url('/blog'));
    expect(result).toMatchObject({ status: 'added', feed: { url: server.url('/feed.xml'), title: 'Common' } });
    expect(await archive.addFeed(server.url('/feed.xml'))).toMatchObject({ status: 'exists' });
  });

  it('parses a discovered candidate on the worker pool, never in the thread that answers the UI', async () => {
    const parseInWorker = vi.spyOn(FeedParser.prototype, 'parse');
    try {
      routes['/feed.xml'] = plain(rss('Direct', [{ guid: '1', link: 'https://d.example/1', title: 'x' }]));
      expect(await archive.discoverFeeds(server.url('/feed.xml'))).toMatchObject([{ url: server.url('/feed.xml'), title: 'Direct' }]);
      expect(parseInWorker).toHaveBeenCalled();
    } finally {
      parseInWorker.mockRestore();
    }
  });

  it('fails clearly when nothing is found, and adds nothing', async () => {
    routes['/empty'] = plain(fixture('html-page-without-feed-links.html'), 'text/html');
    await expect(archive.addFeed(server.url('/empty'))).rejects.toThrow('no feed found on this page');
    await expect(archive.addFeed('ftp://127.0.0.1/x')).rejects.toThrow('only http and https URLs');
    expect(await archive.listFeeds()).toEqual([]);
  });
});

describe('OPML, listing, changing and removing feeds', () => {
  it('imports folders (nested as A/B), skips duplicates and bad URLs, and adds nothing the second time', async () => {
    const xml = fixture('subscriptions-nested-folders.opml');
    const first = await archive.importOpml(xml);
    expect(first).toEqual({ added: 3, existing: 0, folders: 2, errors: ['opml: javascript:alert(1): not an http(s) feed URL'] });
    const feeds = (await archive.listFeeds()).map((f) => [f.title, f.folder]).sort();
    expect(feeds).toEqual([['Ars & Co', 'Tech'], ['Rust only title', 'Tech/Languages'], ['Top level', null]]);
    expect(await archive.importOpml(xml)).toMatchObject({ added: 0, existing: 3 });
    expect(await archive.listFeeds()).toHaveLength(3);
  });

  it('imports OPML 1.0 with bare ampersands', async () => {
    expect(await archive.importOpml(fixture('opml-1.0-bare-ampersands.opml'))).toMatchObject({ added: 1 });
    expect((await archive.listFeeds())[0]).toMatchObject({ title: 'A & B', folder: 'News & Views', url: 'http://127.0.0.1:1/a?x=1&y=2' });
  });

  it('refuses what is not OPML and changes nothing', async () => {
    await expect(archive.importOpml('<html><body>hi</body></html>')).rejects.toThrow('opml: not an OPML file');
    expect(await archive.listFeeds()).toEqual([]);
  });

  it('exports what it imports', async () => {
    await archive.importOpml(fixture('subscriptions-nested-folders.opml'));
    const exported = await archive.exportOpml();
    expect(exported).toContain('<opml version="2.0">');
    expect(exported).toContain('text="Ars &amp; Co"');
    const dir2 = mkdtempSync(path.join(os.tmpdir(), 'tidings-feeds-'));
    const other = await openArchive(dir2);
    try {
      expect(await other.importOpml(exported)).toMatchObject({ added: 3, folders: 2 });
      const round = (await other.listFeeds()).map((f) => [f.title, f.folder, f.url]).sort();
      expect(round).toEqual((await archive.listFeeds()).map((f) => [f.title, f.folder, f.url]).sort());
    } finally {
      await other.close();
      rmSync(dir2, { recursive: true, force: true });
    }
  });

  it('renames, moves, sets options and refuses bad values', async () => {
    await archive.importOpml(fixture('subscriptions-nested-folders.opml'));
    const feed = (await archive.listFeeds()).find((f) => f.title === 'Top level')!;
    const changed = await archive.updateFeed(feed.id, { title: '  Renamed ', folder: 'Later', refreshMinutes: 30, fetchFullArticle: true });
    expect(changed).toMatchObject({ title: 'Renamed', folder: 'Later', refreshMinutes: 30, fetchFullArticle: true });
    expect(await archive.updateFeed(feed.id, { folder: null })).toMatchObject({ folder: null });
    await expect(archive.updateFeed(feed.id, { title: ' ' })).rejects.toThrow('updateFeed: argument 2.title: must not be empty');
    await expect(archive.updateFeed(feed.id, { refreshMinutes: 1 })).rejects.toThrow(/updateFeed: argument 2\.refreshMinutes: must be from 5 to/);
    await expect(archive.updateFeed('nope', { title: 'x' })).rejects.toMatchObject({ kind: 'not-found' });
    const other = (await archive.listFeeds()).find((f) => f.title === 'Ars & Co')!;
    await expect(archive.updateFeed(feed.id, { url: other.url })).rejects.toThrow('already subscribed as "Ars & Co"');
  });

  it('keeps a feed\'s "notify" flag (issue 16: desktop notifications), off unless set, and refuses a non-boolean', async () => {
    await archive.importOpml(fixture('subscriptions-nested-folders.opml'));
    const feed = (await archive.listFeeds()).find((f) => f.title === 'Top level')!;
    expect(feed.notify ?? false).toBe(false);
    expect(await archive.updateFeed(feed.id, { notify: true })).toMatchObject({ notify: true });
    expect((await archive.listFeeds()).find((f) => f.id === feed.id)!.notify).toBe(true);
    await expect(archive.updateFeed(feed.id, { notify: 'yes' as unknown as boolean })).rejects.toThrow(/updateFeed: argument 2\.notify/);
    expect(await archive.updateFeed(feed.id, { notify: false })).toMatchObject({ notify: false });
    // Kept across a reopen.
    await archive.updateFeed(feed.id, { notify: true });
    await archive.close();
    archive = await openArchive(dir);
    expect((await archive.listFeeds()).find((f) => f.id === feed.id)!.notify).toBe(true);
  });

  it('lists unread counts per feed', async () => {
    routes['/n.xml'] = plain(rss('N', [1, 2, 3].map((n) => ({ guid: String(n), link: `https://n.example/${n}`, title: `N${n}` }))));
    const added = await archive.addFeed(server.url('/n.xml'));
    if (added.status !== 'added') throw new Error('not added');
    const [first] = await articlesOf(added.feed.id);
    await archive.setRead([first!.id], true);
    expect((await archive.listFeeds())[0]).toMatchObject({ unread: 2, total: 3, lastError: null, errorCount: 0 });
  });

  it('removes a feed with its plain articles and keeps the starred and tagged ones', async () => {
    routes['/r.xml'] = plain(rss('R', [1, 2, 3].map((n) => ({ guid: String(n), link: `https://r.example/${n}`, title: `R${n}` }))));
    const added = await archive.addFeed(server.url('/r.xml'));
    if (added.status !== 'added') throw new Error('not added');
    const items = await articlesOf(added.feed.id);
    const byTitle = Object.fromEntries(items.map((a) => [a.title, a.id]));
    await archive.setStarred([byTitle.R1!], true);
    await archive.tagArticles([byTitle.R2!], ['keep']);
    await archive.removeFeed(added.feed.id);
    expect(await archive.listFeeds()).toEqual([]);
    const left = (await archive.listArticles({ limit: 100 })).items.filter((a) => a.source === 'feed');
    expect(left.map((a) => [a.title, a.feedId]).sort()).toEqual([['R1', added.feed.id], ['R2', added.feed.id]]);
    await expect(archive.getArticle(byTitle.R3!)).rejects.toMatchObject({ kind: 'not-found' });
    await expect(archive.removeFeed(added.feed.id)).rejects.toMatchObject({ kind: 'not-found' });
  });
});
