// Hand-made feeds named for each quirk of time order (test/fixtures/feeds/), stored through the
// whole refresh: the order the list shows, and what "Today" holds, right after the first fetch.

import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Archive } from '../../src/api.js';
import { openArchive } from '../../src/archive/index.js';
import { FIXTURES as FEED_FIXTURES, fixtureBytes } from '../feeds/fixtures.js';
import { type LocalServer, startServer } from '../net/local-server.js';

let dir: string;
let archive: Archive;
let server: LocalServer;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'tidings-time-fixtures-'));
  archive = await openArchive(dir);
  server = await startServer((req, res) => {
    const name = (req.url ?? '/').slice(1);
    // Not a fixture (the feed icon lookup asks for /favicon.ico): 404, never a throw.
    if (!/^[\w.-]+\.(rss|atom|xml)$/.test(name) || !existsSync(path.join(FEED_FIXTURES, name))) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(fixtureBytes(name));
  });
});

afterAll(async () => {
  await archive.close();
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

async function listed(fixture: string) {
  const result = await archive.addFeed(server.url(`/${fixture}`));
  if (result.status !== 'added') throw new Error(`not added: ${result.status}`);
  const all = await archive.listArticles({ feedId: result.feed.id, limit: 100 });
  const today = await archive.listArticles({ feedId: result.feed.id, view: 'today', limit: 100 });
  return { order: all.items.map((a) => a.title), today: today.items.map((a) => a.title), items: all.items };
}

describe('time order of hand-made feeds', () => {
  it('same-date-items-keep-feed-order.rss: items of one date keep the feed order', async () => {
    const { order, today } = await listed('same-date-items-keep-feed-order.rss');
    expect(order).toEqual(['Third of the day', 'Second of the day', 'First of the day', 'Day before, later', 'Day before, earlier']);
    expect(today).toEqual([]);
  });

  it('old-podcast-episodes-fetched-today.rss: none is Today; newest episode first', async () => {
    const { order, today } = await listed('old-podcast-episodes-fetched-today.rss');
    expect(order).toEqual(['Episode 3', 'Episode 2', 'Episode 1']);
    expect(today).toEqual([]);
  });

  it('undated-and-unparseable-dates.rss: undated items stand at their first-seen time, in feed order, and are Today', async () => {
    const { order, today, items } = await listed('undated-and-unparseable-dates.rss');
    expect(order).toEqual(['No date at all', 'Unreadable date', 'Dated long ago']);
    expect(today).toEqual(['No date at all', 'Unreadable date']);
    expect(items.map((a) => a.publishedAt === null)).toEqual([true, true, false]);
  });
});
