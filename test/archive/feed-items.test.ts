// identify: the id an item is stored under and the keys it is remembered by. The same page
// under another guid shares a key; an item with neither guid nor link is keyed by its content.

import { describe, expect, it } from 'vitest';
import { identify } from '../../src/archive/feed-items.js';
import { parseFeed, type ParsedItem } from '../../src/feeds/index.js';
import type { Feed } from '../../src/model/index.js';
import { fixture } from '../feeds/fixtures.js';

const feed = { id: 'feed-1', url: 'https://bare.example/feed' } as Feed;

function item(patch: Partial<ParsedItem>): ParsedItem {
  return { guid: null, link: null, title: 't', author: null, published: null, contentHtml: null, summary: null, categories: [], enclosures: [], fallbackKey: null, ...patch };
}

describe('identify', () => {
  it('keys an item by its id and by its normalized link', () => {
    const a = identify(feed, item({ guid: 'one', link: 'https://x.example/post/' }));
    const b = identify(feed, item({ guid: 'two', link: 'https://x.example/post?utm_source=rss#top' }));
    expect(a.id).not.toBe(b.id);
    expect(a.keys[1]).toMatch(/^u[0-9a-f]{16}$/);
    expect(a.keys[1]).toBe(b.keys[1]);
  });

  it('gives items without guid or link the same id on every parse, and different items different ids', async () => {
    const first = await parseFeed(fixture('no-guid-no-link.xml'), feed.url);
    const again = await parseFeed(fixture('no-guid-no-link.xml'), feed.url);
    const ids = first.items.map((i) => identify(feed, i).id);
    expect(again.items.map((i) => identify(feed, i).id)).toEqual(ids);
    expect(new Set(ids).size).toBe(2);
    expect(identify(feed, first.items[0]!).keys).toHaveLength(1);
  });
});
