// A feed with one item that can never be stored: the feed is added with the others, the bad
// item is reported (a notice) and remembered as skipped, so later refreshes neither fail nor
// try it again; no article ever points at a feed that is not there. An item that failed for a
// passing reason (a full disk) is tried again on the next refresh.

import { promises as fsp, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Archive, ArchiveEvent } from '../../src/api.js';
import { openArchive } from '../../src/archive/index.js';
import { articleIdFor, feedIdFor } from '../../src/model/identity.js';
import { type LocalServer, startServer } from '../net/local-server.js';

let dir: string;
let archive: Archive;
let server: LocalServer;
let events: ArchiveEvent[];

let count: number;
const item = (n: number) => `<item><title>Item ${n}</title><link>https://site.example/${n}</link><guid>g${n}</guid><description>&lt;p&gt;body ${n}&lt;/p&gt;</description></item>`;
const feedXml = () => `<?xml version="1.0"?><rss version="2.0"><channel><title>Quirks</title><link>https://site.example/</link>${Array.from({ length: count }, (_, i) => item(i + 1)).join('')}</channel></rss>`;

beforeEach(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'tidings-skip-'));
  archive = await openArchive(dir);
  events = [];
  count = 3;
  archive.on((event) => void events.push(event));
  server = await startServer((_req, res) => void res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(feedXml()));
});

afterEach(async () => {
  vi.restoreAllMocks();
  await archive.close();
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('a feed item that can never be stored', () => {
  it('is skipped and reported; the feed is added with the other items and no article is orphaned', async () => {
    const url = server.url('/feed.xml');
    const badId = articleIdFor({ feedId: feedIdFor(url), guid: 'g2' });
    // A real permanent failure: a folder sits where the item's .html must go (rename gives EISDIR).
    mkdirSync(path.join(dir, 'articles', `${badId}.html`));
    const result = await archive.addFeed(url);
    expect(result.status).toBe('added');
    if (result.status !== 'added') return;
    expect(result.newArticles).toBe(2);
    const list = (await archive.listArticles({ limit: 100 })).items;
    expect(list.filter((a) => a.feedId === result.feed.id).map((a) => a.title).sort()).toEqual(['Item 1', 'Item 3']);
    const feeds = new Set((await archive.listFeeds()).map((f) => f.id));
    for (const article of list) if (article.feedId) expect(feeds.has(article.feedId)).toBe(true);
    const notices = events.filter((e) => e.type === 'notice');
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({ level: 'warning' });
    expect(JSON.stringify(notices[0])).toContain('1 item(s) skipped');

    // Remembered as skipped: the feed does not stay failed, and the item is not tried again.
    events.length = 0;
    count = 4; // a changed body, so the refresh parses and stores again
    const summary = await archive.refresh({ feedId: result.feed.id });
    expect(summary).toMatchObject({ failed: 0, newArticles: 1 });
    expect((await archive.listFeeds())[0]!.lastError).toBeNull();
    expect(events.filter((e) => e.type === 'notice')).toHaveLength(0);
  });
});

describe('a feed item that failed for a passing reason (a full disk)', () => {
  it('keeps the subscription and the stored items, and is stored at the next refresh', async () => {
    const url = server.url('/feed.xml');
    const badId = articleIdFor({ feedId: feedIdFor(url), guid: 'g2' });
    const real = fsp.open.bind(fsp);
    vi.spyOn(fsp, 'open').mockImplementation((async (file: string, flags?: string, mode?: number) => {
      if (String(file).includes(badId)) throw Object.assign(new Error('ENOSPC: no space left on device, open'), { code: 'ENOSPC' });
      return real(file, flags, mode);
    }) as typeof fsp.open);
    const result = await archive.addFeed(url);
    expect(result.status).toBe('added');
    if (result.status !== 'added') return;
    expect(result.newArticles).toBe(2);
    expect(result.feed.lastError).toMatch(/tried again at the next refresh/);
    const feeds = new Set((await archive.listFeeds()).map((f) => f.id));
    for (const article of (await archive.listArticles({ limit: 100 })).items) if (article.feedId) expect(feeds.has(article.feedId)).toBe(true);
    expect(JSON.stringify(events.filter((e) => e.type === 'notice'))).toContain('no space left on the disk');

    vi.restoreAllMocks();
    const summary = await archive.refresh({ feedId: result.feed.id });
    expect(summary).toMatchObject({ failed: 0, newArticles: 1 });
    const titles = (await archive.listArticles({ feedId: result.feed.id, limit: 100 })).items.map((a) => a.title).sort();
    expect(titles).toEqual(['Item 1', 'Item 2', 'Item 3']);
  });
});
