// One hostile feed item must not add megabytes to library.json (rewritten on every change):
// title, guid, link, author, categories and enclosures come out within their caps, in RSS,
// Atom and JSON Feed alike, and an id made from a capped guid is the same on every parse.
// Also the OPML import: a file over its size cap is refused with a clear error.

import { describe, expect, it } from 'vitest';
import { parseFeed, parseOpml } from '../../src/feeds/index.js';
import type { ParsedFeed } from '../../src/feeds/index.js';
import { CAPS } from '../../src/model/caps.js';
import { articleIdFor } from '../../src/model/identity.js';

const HUGE_TITLE = 'T'.repeat(5_000_000);
const HUGE_GUID = 'g'.repeat(1_000_000);
const LONG_URL = `https://x.example/${'p'.repeat(9_000)}`;
const MANY = 10_000;

function rssFeed(): string {
  const categories = Array.from({ length: MANY }, (_, i) => `<category>c${i}</category>`).join('');
  const enclosures = Array.from({ length: MANY }, (_, i) => `<enclosure url="https://x.example/e${i}.mp3" type="audio/mpeg" length="1"/>`).join('');
  return `<?xml version="1.0"?><rss version="2.0"><channel><title>${HUGE_TITLE}</title><link>${LONG_URL}</link>
    <item><title>${HUGE_TITLE}</title><guid isPermaLink="false">${HUGE_GUID}</guid><link>${LONG_URL}</link>
    <author>${'a'.repeat(100_000)}</author>${categories}${enclosures}<description>x</description></item></channel></rss>`;
}

function atomFeed(): string {
  const categories = Array.from({ length: MANY }, (_, i) => `<category term="c${i}"/>`).join('');
  const enclosures = Array.from({ length: MANY }, (_, i) => `<link rel="enclosure" href="https://x.example/e${i}.mp3"/>`).join('');
  return `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>${HUGE_TITLE}</title>
    <entry><id>${HUGE_GUID}</id><title>${HUGE_TITLE}</title><link href="https://x.example/a"/>
    <author><name>${'a'.repeat(100_000)}</name></author>${categories}${enclosures}<content>x</content></entry></feed>`;
}

function jsonFeed(): string {
  return JSON.stringify({
    version: 'https://jsonfeed.org/version/1.1',
    title: HUGE_TITLE,
    home_page_url: LONG_URL,
    items: [
      {
        id: HUGE_GUID,
        url: LONG_URL,
        title: HUGE_TITLE,
        authors: [{ name: 'a'.repeat(100_000) }],
        tags: Array.from({ length: MANY }, (_, i) => `c${i}`),
        attachments: Array.from({ length: MANY }, (_, i) => ({ url: `https://x.example/e${i}.mp3`, mime_type: 'm'.repeat(10_000) })),
        content_text: 'x',
      },
    ],
  });
}

function expectWithinCaps(feed: ParsedFeed): void {
  expect(feed.title!.length).toBeLessThanOrEqual(CAPS.title);
  expect(feed.siteUrl === null || feed.siteUrl.length <= CAPS.url).toBe(true);
  expect(feed.items).toHaveLength(1);
  const item = feed.items[0]!;
  expect(item.title.length).toBeLessThanOrEqual(CAPS.title);
  expect(item.title.length).toBeGreaterThan(CAPS.title - 2);
  expect(item.guid!.length).toBeLessThanOrEqual(CAPS.guid);
  expect(item.link === null || item.link.length <= CAPS.url).toBe(true);
  expect(item.author!.length).toBeLessThanOrEqual(CAPS.author);
  expect(item.categories.length).toBeLessThanOrEqual(CAPS.categories);
  expect(item.categories.length).toBeGreaterThan(0);
  expect(item.categories.every((c) => c.length <= CAPS.category)).toBe(true);
  expect(item.enclosures.length).toBeLessThanOrEqual(CAPS.enclosures);
  expect(item.enclosures.length).toBeGreaterThan(0);
  expect(item.enclosures.every((e) => e.url.length <= CAPS.url && (e.type ?? '').length <= CAPS.mimeType)).toBe(true);
  // What one item can add to library.json: tens of kilobytes at most, not megabytes.
  expect(JSON.stringify(item).length).toBeLessThan(50_000);
}

describe('field caps on a hostile item', () => {
  it.each([
    ['RSS', rssFeed],
    ['Atom', atomFeed],
    ['JSON Feed', jsonFeed],
  ])('%s: 5 MB title, 1 MB guid, 10,000 categories and enclosures come out within the caps', { timeout: 20_000 }, async (_name, make) => {
    const text = make();
    const first = await parseFeed(text, 'https://x.example/feed');
    expectWithinCaps(first);
    // The same item parsed again gets the same id: the cut is deterministic.
    const again = await parseFeed(text, 'https://x.example/feed');
    const id = (feed: ParsedFeed) => articleIdFor({ feedId: 'f1', guid: feed.items[0]!.guid, url: feed.items[0]!.link });
    expect(id(again)).toBe(id(first));
    expect(first.items[0]!.guid).toBe('g'.repeat(CAPS.guid));
  });

  it('drops a link longer than the URL cap rather than cutting it (a cut URL points elsewhere)', async () => {
    const feed = await parseFeed(rssFeed(), 'https://x.example/feed');
    expect(feed.items[0]!.link).toBeNull();
    expect(feed.siteUrl).toBeNull();
  });
});

describe('OPML input size', () => {
  it('refuses a file over the cap with a clear error, before reading it', () => {
    const big = `<?xml version="1.0"?><opml version="2.0"><body>${'<outline text="x"/>'.repeat(600_000)}</body></opml>`;
    expect(() => parseOpml(big)).toThrow(/opml: the file is too large \(\d+ MB; at most 10 MB\)/);
  });

  it('caps titles, folder names and the error list of an import', () => {
    const bad = Array.from({ length: 1_000 }, (_, i) => `<outline xmlUrl="ftp://x.example/${i}"/>`).join('');
    const xml = `<opml version="2.0"><body><outline text="${'F'.repeat(5_000)}"><outline text="${'t'.repeat(50_000)}" xmlUrl="https://x.example/f"/></outline>${bad}</body></opml>`;
    const list = parseOpml(xml);
    expect(list.entries[0]!.title!.length).toBe(CAPS.title);
    expect(list.entries[0]!.folder!.length).toBeLessThanOrEqual(200);
    expect(list.errors.length).toBeLessThanOrEqual(100);
  });
});
