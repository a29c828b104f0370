// What the user sees in time order: "Today" and "newest first" go by the publication date (for
// an item with no usable date, or one dated in the future, the time it was first seen; for a
// saved page, the time it was saved), not by when we fetched it. Items of one date keep their
// feed's order, also across refreshes.

import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Archive } from '../../src/api.js';
import { openArchive } from '../../src/archive/index.js';
import { type LocalServer, startServer } from '../net/local-server.js';

let dir: string;
let archive: Archive;
let server: LocalServer;
let body = '';

type Item = { title: string; date?: string };
const rss = (items: Item[]) =>
  `<?xml version="1.0"?><rss version="2.0"><channel><title>Podcast</title><link>https://pod.example/</link>${items
    .map((i, n) => `<item><title>${i.title}</title><link>https://pod.example/${encodeURIComponent(i.title)}</link><guid>g-${i.title}</guid>${i.date ? `<pubDate>${i.date}</pubDate>` : ''}<description>episode body ${n}</description></item>`)
    .join('')}</channel></rss>`;

/** An hour ago, or just after local midnight when that was yesterday. */
function earlierToday(): Date {
  const midnight = new Date();
  midnight.setHours(0, 0, 1, 0);
  return new Date(Math.max(Date.now() - 3_600_000, midnight.getTime()));
}

const TIE = 'Sun, 01 May 2011 10:00:00 GMT';
const ITEMS: Item[] = [
  { title: 'Today', date: earlierToday().toUTCString() },
  { title: 'No date' },
  { title: 'Tie A', date: TIE },
  { title: 'Tie B', date: TIE },
  { title: 'Tie C', date: TIE },
  { title: 'Old episode', date: 'Fri, 01 Apr 2011 10:00:00 GMT' },
  { title: 'From the future', date: 'Thu, 01 Jan 2099 00:00:00 GMT' },
];

beforeEach(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'tidings-dates-'));
  archive = await openArchive(dir);
  body = rss(ITEMS);
  server = await startServer((_req, res) => void res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(body));
});

afterEach(async () => {
  await archive.close();
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

async function addPodcast(): Promise<string> {
  const result = await archive.addFeed(server.url('/feed.xml'));
  if (result.status !== 'added') throw new Error(`not added: ${result.status}`);
  return result.feed.id;
}

const titles = async (feedId: string, view?: 'today') => (await archive.listArticles({ feedId, view, limit: 100 })).items.map((a) => a.title);

describe('Today', () => {
  it('holds what was published today, undated items and items dated in the future; not old episodes fetched today', async () => {
    const feedId = await addPodcast();
    expect((await titles(feedId, 'today')).sort()).toEqual(['From the future', 'No date', 'Today']);
    const views = await archive.listViews();
    const all = await archive.listArticles({ view: 'today', limit: 100 });
    expect(views.find((v) => v.id === 'today')!.count).toBe(all.total);
    expect(all.items.filter((a) => a.feedId === feedId)).toHaveLength(3);
  });
});

describe('newest first', () => {
  it('sorts by publication date; items of one date keep the feed order; undated items by first seen', async () => {
    const feedId = await addPodcast();
    const order = await titles(feedId);
    // Both stand at the time this refresh first saw them, in feed order.
    expect(order).toEqual(['No date', 'From the future', 'Today', 'Tie A', 'Tie B', 'Tie C', 'Old episode']);
  });

  it('gives the same order to a search sorted by date', async () => {
    const feedId = await addPodcast();
    const listed = (await titles(feedId)).filter((t) => !['From the future', 'No date'].includes(t));
    const found = (await archive.search('episode sort:date', { limit: 100 })).items.map((a) => a.title).filter((t) => listed.includes(t));
    expect(found).toEqual(listed);
  });

  it('puts an item a later refresh found at the top of the feed before older items of its date', async () => {
    const feedId = await addPodcast();
    body = rss([{ title: 'Tie new', date: TIE }, ...ITEMS]);
    expect(await archive.refresh({ feedId })).toMatchObject({ failed: 0, newArticles: 1 });
    const order = await titles(feedId);
    expect(order.slice(order.indexOf('Today') + 1)).toEqual(['Tie new', 'Tie A', 'Tie B', 'Tie C', 'Old episode']);
  });
});
