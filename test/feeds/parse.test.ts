// parseFeed: every format to one model; the quirks named by each fixture.

import { describe, expect, it } from 'vitest';
import { parseFeed, sniff } from '../../src/feeds/index.js';
import { decodeBody } from '../../src/net/index.js';
import { fixture, fixtureBytes } from './fixtures.js';

describe('parseFeed', () => {
  it('resolves relative links in Atom against the feed URL and keeps categories and enclosures', async () => {
    const feed = await parseFeed(fixture('relative-links.atom'), 'https://rel.example/blog/feed.atom');
    expect(feed.format).toBe('atom');
    expect(feed.title).toBe('Relative Links Blog');
    expect(feed.siteUrl).toBe('https://rel.example/blog/');
    const [first, second] = feed.items;
    expect(first).toMatchObject({
      guid: 'urn:example:relative:1',
      link: 'https://rel.example/blog/posts/first.html',
      title: 'First post',
      author: 'Ada',
      published: '2026-11-20T10:00:00.000Z',
      categories: ['engineering', 'Atom feeds'],
    });
    expect(first!.contentHtml).toContain('<a href="../about.html">');
    expect(second).toMatchObject({
      title: 'Second post',
      link: 'https://rel.example/blog/posts/second.html',
      published: '2026-11-21T10:00:00.000Z',
      contentHtml: 'Only a summary here.',
      enclosures: [{ url: 'https://rel.example/blog/media/talk.mp3', type: 'audio/mpeg', length: 12345 }],
    });
  });

  it('turns an invalid Atom date into null without failing the feed', async () => {
    const feed = await parseFeed(fixture('invalid-dates.atom'), 'https://dates.example/feed');
    expect(feed.items.map((i) => i.published)).toEqual([null, '2026-11-02T07:30:00.000Z']);
    expect(feed.items.map((i) => i.title)).toEqual(['Date is garbage', 'Date is fine']);
  });

  it('turns an invalid RSS pubDate into null', async () => {
    const feed = await parseFeed(fixture('rss2-invalid-pubdate.xml'), 'https://rssdate.example/feed');
    expect(feed.items[0]!.published).toBeNull();
  });

  it('keeps one item per page and title when links differ only by tracking parameters, fragment, case or slash', async () => {
    const feed = await parseFeed(fixture('duplicate-links-tracking-params.xml'), 'https://dup.example/feed');
    expect(feed.items.map((i) => i.title)).toEqual(['Story', 'Other story']);
  });

  it('normalizes mixed RSS categories, keeps every enclosure and prefers content:encoded', async () => {
    const feed = await parseFeed(fixture('categories-mixed-and-enclosures.xml'), 'https://pod.example/feed');
    expect(feed.title).toBe('Podcast & Categories');
    const item = feed.items[0]!;
    expect(item.categories).toEqual(['Science', 'Audio']);
    expect(item.enclosures).toEqual([
      { url: 'https://pod.example/ep1.mp3', type: 'audio/mpeg', length: 5000000 },
      { url: 'https://pod.example/ep1.ogg', type: 'audio/ogg', length: 4000000 },
    ]);
    expect(item.contentHtml).toBe('<p>The <b>full</b> show notes.</p>');
    expect(item.summary).toBe('Short summary');
    expect(item.author).toBe('Grace');
    expect(item.guid).toBe('ep-0001');
  });

  it('gives items without guid or link a stable fallback key', async () => {
    const a = await parseFeed(fixture('no-guid-no-link.xml'), 'https://bare.example/feed');
    const b = await parseFeed(fixture('no-guid-no-link.xml'), 'https://bare.example/feed');
    expect(a.items).toHaveLength(2);
    expect(a.items.map((i) => [i.guid, i.link])).toEqual([[null, null], [null, null]]);
    expect(a.items[0]!.fallbackKey).toMatch(/^tidings:[0-9a-f]{16}$/);
    expect(a.items[0]!.fallbackKey).toBe(b.items[0]!.fallbackKey);
    expect(a.items[0]!.fallbackKey).not.toBe(a.items[1]!.fallbackKey);
  });

  it('uses a permalink guid as the link, but not one marked isPermaLink="false"', async () => {
    const feed = await parseFeed(fixture('permalink-guid-without-link.xml'), 'https://perma.example/feed');
    expect(feed.items.map((i) => i.link)).toEqual(['https://perma.example/p/1', null]);
  });

  it('reads RSS 0.91, RSS 1.0 (RDF) and RSS without a version attribute', async () => {
    const old = await parseFeed(fixture('rss-0.91.xml'), 'http://old.example/rss');
    expect(old.items[0]).toMatchObject({ title: 'Ancient news', link: 'http://old.example/news/1' });
    const rdf = await parseFeed(fixture('rss-1.0-rdf.rdf'), 'http://rdf.example/rss');
    expect(rdf.items[0]).toMatchObject({ title: 'RDF item', author: 'Tim', published: '2026-10-01T12:00:00.000Z' });
    const noVersion = await parseFeed(fixture('rss-no-version.xml'), 'https://nover.example/rss');
    expect(noVersion.items[0]!.title).toBe('Still a feed');
  });

  it('repairs bare ampersands instead of failing the feed', async () => {
    const feed = await parseFeed(fixture('bare-ampersands.xml'), 'https://amp.example/feed');
    expect(feed.title).toBe('Tom & Jerry News');
    expect(feed.items[0]).toMatchObject({ title: 'Cats & dogs', link: 'https://amp.example/story?id=1&ref=rss' });
  });

  it('fails malformed XML with a clear error naming the feed', async () => {
    await expect(parseFeed(fixture('malformed-unclosed.xml'), 'https://broken.example/feed')).rejects.toThrow(/^feeds: https:\/\/broken\.example\/feed: cannot parse: /);
  });

  it('reads correct Polish from a windows-1250 feed declared only in its XML declaration', async () => {
    const text = decodeBody(fixtureBytes('windows-1250-polish.xml'), 'application/rss+xml', 'xml');
    const feed = await parseFeed(text, 'https://pl.example/feed');
    expect(feed.title).toBe('Wiadomości z Łodzi');
    expect(feed.items[0]).toMatchObject({ title: 'Zażółć gęślą jaźń', categories: ['Świat'] });
    expect(feed.items[0]!.contentHtml).toBe('<p>Źdźbło, łąka, żółw i ćma.</p>');
  });

  it('reads JSON Feed 1.1: numeric ids, relative urls, text content, tags, attachments; drops items without id', async () => {
    const feed = await parseFeed(fixture('json-feed-1.1.json'), 'https://json.example/feed.json', 'application/feed+json');
    expect(feed).toMatchObject({ format: 'json', title: 'JSON Blog', siteUrl: 'https://json.example/' });
    expect(feed.items.map((i) => i.guid)).toEqual(['42', 'text-only']);
    expect(feed.items[0]).toMatchObject({
      link: 'https://json.example/posts/42',
      author: 'Jay, Kay',
      published: '2026-11-01T10:00:00.000Z',
      categories: ['json', 'feeds'],
      enclosures: [{ url: 'https://json.example/a.mp3', type: 'audio/mpeg', length: 1000 }],
    });
    expect(feed.items[1]!.contentHtml).toBe('<p>Line one</p>\n<p>Line &lt;two&gt; &amp; three</p>');
    expect(feed.items[1]!.published).toBeNull();
  });

  it('reads JSON Feed 1.0: singular author, external_url, summary only', async () => {
    const feed = await parseFeed(fixture('json-feed-1.0-author.json'), 'https://oldjson.example/feed.json');
    expect(feed.items[0]).toMatchObject({ author: 'Solo', link: 'https://elsewhere.example/linked', contentHtml: null, summary: 'A linked item', published: '2026-01-02T03:04:05.000Z' });
  });

  it('refuses an HTML page, invalid JSON and non-feed JSON with clear errors', async () => {
    await expect(parseFeed(fixture('html-page-with-alternate-links.html'), 'https://site.example/')).rejects.toThrow('this is a web page, not a feed');
    await expect(parseFeed('{"version": "https://jsonfeed.org/version/1.1", ', 'https://j.example/f')).rejects.toThrow(/invalid JSON/);
    await expect(parseFeed('{"hello": "world"}', 'https://j.example/f')).rejects.toThrow('JSON but not a JSON Feed');
    await expect(parseFeed('just words', 'https://j.example/f')).rejects.toThrow('not a feed (neither XML nor JSON)');
  });
});

describe('sniff', () => {
  it('tells feeds from pages by content first, then Content-Type', () => {
    expect(sniff('\uFEFF  {"version":1}')).toBe('json');
    expect(sniff('<?xml version="1.0"?><rss>')).toBe('xml');
    expect(sniff('<!DOCTYPE html><html>')).toBe('html');
    expect(sniff('<head><title>Moved</title></head>')).toBe('html');
    expect(sniff('<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom">', 'text/html')).toBe('xml');
  });
});
