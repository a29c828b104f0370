// identify: the id an item is stored under and the keys it is remembered by. The same page and
// title under another guid shares a key; an item without a guid is identified by its link and
// title within its feed; an item with neither guid nor link is keyed by its content.

import { describe, expect, it } from 'vitest';
import { identify, pickNew } from '../../src/archive/feed-items.js';
import { parseFeed, type ParsedItem } from '../../src/feeds/index.js';
import { articleIdFor, legacyItemIdFor, normalizeUrl, shortHash } from '../../src/model/identity.js';
import type { ArticleRecord, Feed } from '../../src/model/index.js';
import { fixture } from '../feeds/fixtures.js';

const feed = { id: 'feed-1', url: 'https://bare.example/feed' } as Feed;

function item(patch: Partial<ParsedItem>): ParsedItem {
  return { guid: null, link: null, title: 't', author: null, published: null, contentHtml: null, summary: null, categories: [], enclosures: [], fallbackKey: null, ...patch };
}

describe('identify', () => {
  it('keys an item by its id and by its normalized link and title', () => {
    const a = identify(feed, item({ guid: 'one', link: 'https://x.example/post/' }));
    const b = identify(feed, item({ guid: 'two', link: 'https://x.example/post?utm_source=rss#top', title: ' T ' }));
    const c = identify(feed, item({ guid: 'three', link: 'https://x.example/post', title: 'Another' }));
    expect(a.id).not.toBe(b.id);
    expect(a.keys[1]).toMatch(/^t[0-9a-f]{16}$/);
    expect(a.keys[1]).toBe(b.keys[1]);
    expect(c.keys[1]).not.toBe(a.keys[1]);
  });

  it('identifies an item without a guid by its feed, link and title; one with a guid as before', () => {
    const other = { id: 'feed-2', url: 'https://other.example/feed' } as Feed;
    const post = item({ link: 'https://x.example/post' });
    expect(identify(feed, post).id).not.toBe(identify(other, post).id);
    expect(identify(feed, post).id).not.toBe(identify(feed, { ...post, title: 'u' }).id);
    expect(identify(feed, post).id).toBe(identify(feed, { ...post, link: 'https://x.example/post/#x', title: '  T' }).id);
    expect(identify(feed, item({ guid: 'g', link: 'https://x.example/post' })).id).toBe(articleIdFor({ feedId: feed.id, guid: 'g' }));
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

describe('pickNew', () => {
  const empty = () => ({ seen: new Set<string>(), articles: {}, tombstones: {} });
  const home = (n: number, guid = false) =>
    Array.from({ length: n }, (_, i) => item({ title: `Status ${i + 1}`, link: 'https://home.example/', guid: guid ? `g${i + 1}` : null }));
  /** What a refresh leaves in the feed's memory. */
  const remembered = (items: ParsedItem[], f: Feed = feed) => new Set(pickNew(f, items, empty()).identities.flatMap((x) => x.keys));
  const stored = (f: Feed, it: ParsedItem, id: string) => ({ id, source: 'feed', feedId: f.id, title: it.title, url: it.link }) as unknown as ArticleRecord;

  it('keeps every item of a feed whose items all link to its home page, with or without guids, in feed order', () => {
    expect(pickNew(feed, home(5), empty()).fresh.map((x) => x.index)).toEqual([0, 1, 2, 3, 4]);
    expect(pickNew(feed, home(5, true), empty()).fresh).toHaveLength(5);
  });

  it('adds nothing at a refresh, and only the new item when one comes', () => {
    const seen = remembered(home(5));
    expect(pickNew(feed, home(5), { ...empty(), seen }).fresh).toHaveLength(0);
    expect(pickNew(feed, home(6), { ...empty(), seen }).fresh.map((x) => x.item.title)).toEqual(['Status 6']);
    const seenGuids = remembered(home(5, true));
    expect(pickNew(feed, home(6, true), { ...empty(), seen: seenGuids }).fresh.map((x) => x.item.title)).toEqual(['Status 6']);
  });

  it('takes an item another feed already stored under the same link', () => {
    const other = { id: 'feed-2', url: 'https://other.example/feed' } as Feed;
    const shared = item({ title: 'Story', link: 'https://news.example/story' });
    const first = pickNew(feed, [shared], empty()).fresh[0]!;
    const known = { ...empty(), articles: { [first.id]: stored(feed, shared, first.id) } };
    expect(pickNew(other, [shared], known).fresh).toHaveLength(1);
  });

  it('does not take twice an item whose guid changed while its link and title did not', () => {
    const before = item({ guid: 'http://blog.example/?p=1', title: 'Post', link: 'https://blog.example/post' });
    const seen = remembered([before]);
    expect(pickNew(feed, [{ ...before, guid: 'https://blog.example/?p=1' }], { ...empty(), seen }).fresh).toHaveLength(0);
    expect(pickNew(feed, [{ ...before, guid: 'https://blog.example/?p=2', title: 'Next post' }], { ...empty(), seen }).fresh).toHaveLength(1);
  });

  describe('after an upgrade from the old scheme (id = hash of the link, `u` keys)', () => {
    const oldSeen = (items: ParsedItem[]) => new Set(items.flatMap((x) => [legacyItemIdFor(x.link!), `u${shortHash(normalizeUrl(x.link!))}`]));
    const oldArticles = (items: ParsedItem[], f: Feed = feed) => Object.fromEntries(items.map((x) => [legacyItemIdFor(x.link!), stored(f, x, legacyItemIdFor(x.link!))]));
    const posts = [1, 2, 3].map((n) => item({ title: `Old ${n}`, link: `https://old.example/${n}` }));

    it('adds nothing, even for an item whose title was edited since', () => {
      const known = { seen: oldSeen(posts), articles: oldArticles(posts), tombstones: {} };
      expect(pickNew(feed, posts, known).fresh).toHaveLength(0);
      expect(pickNew(feed, [{ ...posts[0]!, title: 'Old 1 (updated)' }, ...posts.slice(1)], known).fresh).toHaveLength(0);
    });

    it('adds nothing for items whose article was deleted, or kept only in the feed memory', () => {
      const tombstones = { [legacyItemIdFor(posts[0]!.link!)]: '2026-01-01T00:00:00.000Z' };
      expect(pickNew(feed, posts, { seen: oldSeen(posts), articles: oldArticles(posts.slice(1)), tombstones }).fresh).toHaveLength(0);
      expect(pickNew(feed, posts, { seen: oldSeen(posts), articles: {}, tombstones: {} }).fresh).toHaveLength(0);
    });

    it('keeps the one home-page item it stored and takes the ones it lost', () => {
      const all = home(3);
      const known = { seen: oldSeen(all.slice(0, 1)), articles: oldArticles(all.slice(1, 2)), tombstones: {} };
      // The old scheme stored "Status 2" under the shared link: that one is known, the others new.
      expect(pickNew(feed, all, known).fresh.map((x) => x.item.title)).toEqual(['Status 1', 'Status 3']);
    });

    it('takes the item a second feed lost to the first, and keeps a saved page of that URL one article', () => {
      const other = { id: 'feed-2', url: 'https://other.example/feed' } as Feed;
      const known = { seen: oldSeen(posts), articles: oldArticles(posts), tombstones: {} };
      expect(pickNew(other, posts, known).fresh).toHaveLength(3);
      const saved = { [legacyItemIdFor(posts[0]!.link!)]: { ...stored(feed, posts[0]!, 'x'), source: 'url', feedId: null } as ArticleRecord };
      expect(pickNew(other, posts.slice(0, 1), { ...empty(), articles: saved }).fresh).toHaveLength(0);
    });

    it('after the first refresh under the new scheme, a new item on a known link is taken', () => {
      const all = home(1);
      const known = { seen: oldSeen(all), articles: oldArticles(all), tombstones: {} };
      const seen = new Set([...known.seen, ...pickNew(feed, all, known).identities.flatMap((x) => x.keys)]);
      const next = [item({ title: 'Status 2', link: 'https://home.example/' })];
      expect(pickNew(feed, next, { seen, articles: {}, tombstones: {} }).fresh).toHaveLength(1);
    });
  });
});
