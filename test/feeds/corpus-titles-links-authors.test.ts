// Item 4 of issue 11 over the real feeds of ../shared/corpus (rss-parser's and gofeed's test
// data): every item the document holds is read, titles carry no undecoded entity or U+FFFD,
// links are absolute, and a feed whose items have authors, categories or full bodies gives them.
// One case per feed and property, so the count of passing cases says how the class stands.
// Skipped, saying why, when the corpus folder is absent.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseFeed } from '../../src/feeds/index.js';
import type { ParsedFeed } from '../../src/feeds/model.js';
import { decodeBody } from '../../src/net/index.js';

const CORPUS = path.resolve(import.meta.dirname, '../../../shared/corpus/feeds/rss-parser');
const present = existsSync(CORPUS);
/** Not a feed at all (its root is <foo>): refusing it is right. */
const NOT_FEEDS = new Set(['unrecognized.rss']);
const files = present ? readdirSync(CORPUS).filter((f) => !NOT_FEEDS.has(f)) : [];

/** What the raw document says its items hold, counted with plain string searches. */
function expectations(xml: string) {
  // An item repeating an earlier one's guid is the same item, kept once (parse.ts).
  const guids = [...xml.matchAll(/<(?:guid|id)(?:\s[^>]*)?>([^<]*)<\/(?:guid|id)>/g)].map((m) => m[1]!.trim());
  const items = (xml.match(/<(item|entry)[\s>]/g)?.length ?? 0) - (guids.length - new Set(guids).size);
  const itemsText = xml.slice(Math.max(0, xml.search(/<(item|entry)[\s>]/)));
  return {
    items,
    // An author element with a name in it (`<author></author>` names nobody).
    authors: /<(dc:creator|itunes:author|author)(\s[^>]*)?>\s*(<!\[CDATA\[\s*)?(<name>\s*)?[^<\s]/.test(itemsText),
    categories: /<(category|dc:subject|media:category|media:keywords)[\s>]/.test(itemsText),
    encoded: /<content:encoded[\s>]/.test(itemsText),
  };
}

type Check = [string, (feed: ParsedFeed, xml: string) => void];

const CHECKS: Check[] = [
  ['reads every item', (feed, xml) => expect(feed.items.length).toBe(expectations(xml).items)],
  ['titles carry no undecoded entity or U+FFFD', (feed) => {
    for (const item of feed.items) expect(item.title).not.toMatch(/&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-f]+);|\uFFFD/i);
  }],
  ['links are absolute http(s)', (feed) => {
    for (const item of feed.items) expect(item.link === null || /^https?:\/\/[^/]/.test(item.link)).toBe(true);
  }],
  ['items with authors give them', (feed, xml) => {
    if (expectations(xml).authors) expect(feed.items.some((item) => item.author)).toBe(true);
  }],
  ['items with categories give them', (feed, xml) => {
    if (expectations(xml).categories) expect(feed.items.some((item) => item.categories.length > 0)).toBe(true);
  }],
  ['content:encoded is the body', (feed, xml) => {
    if (expectations(xml).encoded) expect(feed.items.every((item) => item.contentHtml !== null)).toBe(true);
  }],
];

const cases = files.flatMap((file) => CHECKS.map(([name, check]) => [`${file}: ${name}`, file, check] as const));

describe.skipIf(!present)(`item 4 over the corpus feeds (${present ? CORPUS : 'corpus folder missing: skipped'})`, () => {
  const parsed = new Map<string, Promise<{ feed: ParsedFeed; xml: string }>>();
  const read = (file: string) => {
    if (!parsed.has(file)) {
      const xml = decodeBody(readFileSync(path.join(CORPUS, file)), null, 'xml');
      parsed.set(file, parseFeed(xml, `https://corpus.example/${file}`).then((feed) => ({ feed, xml })));
    }
    return parsed.get(file)!;
  };

  it.each(cases)('%s', async (_name, file, check) => {
    const { feed, xml } = await read(file);
    check(feed, xml);
  });
});
