// Feed icons in the archive: looked for after a feed's refresh succeeds, in the background,
// stored once in assets/ and named on the feed; no icon (HTML favicon, 404, hang) leaves the
// feed as it was, with no error shown; looked for again only rarely.

import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Archive, ArchiveEvent, FeedSummary } from '../../src/api.js';
import { openArchive } from '../../src/archive/index.js';
import { iconDue, ICON_RETRY_DAYS } from '../../src/archive/icons.js';
import type { Feed } from '../../src/model/index.js';
import { setOriginClassifier } from '../../src/net/index.js';
import { type LocalServer, startServer } from '../net/local-server.js';

type Route = (req: http.IncomingMessage, res: http.ServerResponse) => void;

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 9)]);

let dir: string;
let archive: Archive;
let server: LocalServer;
let routes: Record<string, Route>;
let hits: string[];
let events: ArchiveEvent[];

beforeEach(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'tidings-icons-'));
  archive = await openArchive(dir);
  events = [];
  archive.on((event) => events.push(event));
  routes = {};
  hits = [];
  server = await startServer((req, res) => {
    hits.push(req.url ?? '');
    const route = routes[req.url ?? ''];
    if (route) route(req, res);
    else res.writeHead(404, { 'content-type': 'text/html' }).end('<h1>Not here</h1>');
  });
});

afterEach(async () => {
  await archive.close();
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

function rss(image = ''): string {
  return `<?xml version="1.0"?><rss version="2.0"><channel><title>Icons</title><link>${server.url('/')}</link>${image}<item><title>One</title><link>${server.url('/one')}</link><guid>1</guid><description>x</description></item></channel></rss>`;
}
const xml = (body: string): Route => (_req, res) => void res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(body);

async function subscribe(feedPath = '/feed.xml'): Promise<FeedSummary> {
  const added = await archive.addFeed(server.url(feedPath));
  if (added.status !== 'added') throw new Error(`not added: ${added.status}`);
  return added.feed;
}

/** The feed once its icon was looked for (the lookup runs in the background). */
async function settled(id: string, ms = 10_000): Promise<FeedSummary> {
  const until = Date.now() + ms;
  for (;;) {
    const feed = (await archive.listFeeds()).find((f) => f.id === id)!;
    if (feed.iconCheckedAt !== undefined || Date.now() > until) return feed;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('feed icons in the archive', () => {
  it("stores the feed's own image in assets/ and names it on the feed, after the first refresh", async () => {
    routes['/feed.xml'] = xml(rss(`<image><url>${server.url('/logo.png')}</url></image>`));
    routes['/logo.png'] = (_req, res) => void res.writeHead(200, { 'content-type': 'image/png' }).end(PNG);
    const feed = await settled((await subscribe()).id);
    expect(feed.icon).toMatch(/^[0-9a-f]{64}\.png$/);
    const file = archive.assetPath(feed.icon!);
    expect(file).not.toBeNull();
    expect(Buffer.compare(readFileSync(file!), PNG)).toBe(0);
    expect(events).toContainEqual({ type: 'changed', what: 'feeds', ids: [feed.id] });
    // Written to library.json, so it outlives the session.
    await archive.flush();
    expect(JSON.parse(readFileSync(path.join(dir, 'library.json'), 'utf8')).feeds[feed.id].icon).toBe(feed.icon);
  });

  it('an HTML page served as favicon.ico: no icon, no error, the feed unaffected', async () => {
    routes['/feed.xml'] = xml(rss());
    routes['/favicon.ico'] = (_req, res) => void res.writeHead(200, { 'content-type': 'image/x-icon' }).end('<!doctype html><p>Welcome!</p>');
    const added = await subscribe();
    const feed = await settled(added.id);
    expect(hits).toContain('/favicon.ico');
    expect(feed.icon).toBeNull();
    expect(feed.iconCheckedAt).toEqual(expect.any(String));
    expect(feed).toMatchObject({ lastError: null, errorCount: 0, total: 1 });
    expect(events.filter((e) => e.type === 'notice')).toEqual([]);
  });

  it('an icon that never answers blocks neither the refresh nor closing the archive', async () => {
    routes['/feed.xml'] = xml(rss(`<image><url>${server.url('/hang.png')}</url></image>`));
    routes['/hang.png'] = () => undefined; // never answers
    const started = Date.now();
    const feed = await subscribe();
    expect(feed.total).toBe(1);
    while (!hits.includes('/hang.png')) await new Promise((resolve) => setTimeout(resolve, 20));
    await archive.close();
    expect(Date.now() - started).toBeLessThan(5_000);
    archive = await openArchive(dir);
    // The lookup cut short by the close recorded nothing: the next refresh looks again.
    expect((await archive.listFeeds())[0]!.iconCheckedAt).toBeUndefined();
  });

  it('a feed on the public internet never makes the app fetch an icon from a private address', async () => {
    setOriginClassifier((url) => (url.pathname.startsWith('/public/') ? 'public' : null));
    try {
      routes['/public/feed.xml'] = xml(rss(`<image><url>${server.url('/logo.png')}</url></image>`));
      routes['/logo.png'] = (_req, res) => void res.writeHead(200, { 'content-type': 'image/png' }).end(PNG);
      const feed = await settled((await subscribe('/public/feed.xml')).id);
      expect(feed.icon).toBeNull();
      expect(hits.filter((h) => !h.startsWith('/public/'))).toEqual([]);
    } finally {
      setOriginClassifier(null);
    }
  });

  it('looks for icons once the refresh is over, never while its feeds are still being fetched', async () => {
    const slow = (body: string): Route => (_req, res) => void setTimeout(() => res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(body), 400);
    routes['/fast.xml'] = xml(rss(`<image><url>${server.url('/logo.png')}</url></image>`));
    routes['/slow-1.xml'] = slow(rss());
    routes['/slow-2.xml'] = slow(rss());
    routes['/logo.png'] = (_req, res) => void res.writeHead(200, { 'content-type': 'image/png' }).end(PNG);
    let hitsWhenDone = -1;
    archive.on((event) => {
      // '/one' is the items' page, fetched for their full text (these one-word items are teasers).
      if (event.type === 'refresh' && event.phase === 'done') hitsWhenDone = hits.filter((h) => h !== '/one').length;
    });
    await archive.importOpml(`<opml version="2.0"><body>${['/fast.xml', '/slow-1.xml', '/slow-2.xml'].map((p) => `<outline type="rss" text="${p}" xmlUrl="${server.url(p)}"/>`).join('')}</body></opml>`);
    await archive.refresh();
    expect(hitsWhenDone).toBe(3); // the three feeds, nothing else
    const fast = (await archive.listFeeds()).find((f) => f.url.endsWith('/fast.xml'))!;
    expect((await settled(fast.id)).icon).toMatch(/^[0-9a-f]{64}\.png$/);
  });

  it('a failed refresh does not look for an icon', async () => {
    routes['/broken.xml'] = (_req, res) => void res.writeHead(500).end();
    await archive.importOpml(`<opml version="2.0"><body><outline type="rss" text="Broken" xmlUrl="${server.url('/broken.xml')}"/></body></opml>`);
    await archive.refresh();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(hits).toEqual(['/broken.xml']);
    expect((await archive.listFeeds())[0]!.iconCheckedAt).toBeUndefined();
  });
});

describe('when an icon is looked for again', () => {
  const now = Date.parse('2026-11-28T12:00:00Z');
  const feed = (patch: Partial<Feed>): Feed => ({ id: 'f', url: 'https://x.example/feed', siteUrl: null, title: 'F', folder: null, fetchFullArticle: false, refreshMinutes: null, retentionDays: null, http: { etag: null, lastModified: null, bodyHash: null }, createdAt: '2026-01-01T00:00:00Z', lastFetchedAt: null, lastSuccessAt: null, lastError: null, errorCount: 0, nextFetchAt: null, gone: false, ...patch });
  const daysAgo = (days: number) => new Date(now - days * 86_400_000).toISOString();
  const exists = () => true;

  it('never looked: now; none found: after a week; found: only if its file went missing', () => {
    expect(iconDue(feed({}), now, exists)).toBe(true);
    expect(iconDue(feed({ icon: null, iconCheckedAt: daysAgo(1) }), now, exists)).toBe(false);
    expect(iconDue(feed({ icon: null, iconCheckedAt: daysAgo(ICON_RETRY_DAYS + 0.1) }), now, exists)).toBe(true);
    expect(iconDue(feed({ icon: null }), now, exists)).toBe(true);
    expect(iconDue(feed({ icon: 'a'.repeat(64) + '.png', iconCheckedAt: daysAgo(400) }), now, exists)).toBe(false);
    expect(iconDue(feed({ icon: 'a'.repeat(64) + '.png', iconCheckedAt: daysAgo(1) }), now, () => false)).toBe(true);
  });
});

describe('icons in library.json', () => {
  it('an old archive without icons opens unchanged; a damaged icon is dropped, the feed kept', async () => {
    routes['/feed.xml'] = xml(rss());
    const added = await subscribe();
    await settled(added.id);
    await archive.close();
    const file = path.join(dir, 'library.json');
    const doc = JSON.parse(readFileSync(file, 'utf8'));
    const good = doc.feeds[added.id];
    delete good.icon;
    delete good.iconCheckedAt;
    doc.feeds.damaged = { ...good, id: 'damaged', url: 'https://d.example/feed', icon: '../../etc/passwd', iconCheckedAt: 42 };
    doc.feeds.none = { ...good, id: 'none', url: 'https://n.example/feed', icon: null, iconCheckedAt: '2026-11-01T00:00:00.000Z' };
    writeFileSync(file, JSON.stringify(doc));
    archive = await openArchive(dir);
    const feeds = Object.fromEntries((await archive.listFeeds()).map((f) => [f.id, f]));
    expect('icon' in feeds[added.id]!).toBe(false);
    expect('iconCheckedAt' in feeds[added.id]!).toBe(false);
    expect(feeds.damaged).toMatchObject({ title: good.title });
    expect('icon' in feeds.damaged!).toBe(false);
    expect('iconCheckedAt' in feeds.damaged!).toBe(false);
    expect(feeds.none).toMatchObject({ icon: null, iconCheckedAt: '2026-11-01T00:00:00.000Z' });
    expect(archive.notices).toEqual([]);
    expect(existsSync(path.join(dir, 'library.json'))).toBe(true);
  });
});
