// Issue 11 item 4, table-driven: titles by their declared type, base64 and xhtml bodies,
// xml:base then Content-Location then the feed URL, every author, every category, Atom 0.3 and
// dcterms dates, and the documents real readers forgive. One self-made fixture per quirk.

import { describe, expect, it } from 'vitest';
import { parseFeed } from '../../src/feeds/index.js';
import type { ParsedFeed } from '../../src/feeds/model.js';
import { fixture } from './fixtures.js';

interface Case {
  name: string;
  file: string;
  url?: string;
  contentLocation?: string;
  check: (feed: ParsedFeed) => void;
}

const titles = (feed: ParsedFeed) => feed.items.map((item) => item.title);
const field = <K extends keyof ParsedFeed['items'][number]>(feed: ParsedFeed, key: K) => feed.items.map((item) => item[key]);

const CASES: Case[] = [
  {
    name: 'Atom text titles keep their angle brackets',
    file: 'title-text-with-blink-tag.atom',
    check: (feed) => {
      expect(feed.title).toBe('Tags <and> tales');
      expect(titles(feed).slice(0, 2)).toEqual(['History of the <blink> tag', 'Default type is text: a <b> stays']);
    },
  },
  {
    name: 'Atom html titles become plain text, surviving ">" inside an attribute',
    file: 'title-text-with-blink-tag.atom',
    check: (feed) => expect(feed.items[2]!.title).toBe('Bold & brave'),
  },
  {
    name: 'Atom xhtml titles become plain text',
    file: 'title-text-with-blink-tag.atom',
    check: (feed) => expect(feed.items[3]!.title).toBe('An xhtml title & more'),
  },
  {
    name: 'numeric C1 references mean windows-1252, HTML entities are decoded',
    file: 'title-text-with-blink-tag.atom',
    check: (feed) => expect(feed.items[4]!.title).toBe('Don’t été — ok'),
  },
  {
    name: 'RSS titles are text with entities: brackets kept, double escapes decoded, HTML end tags stripped',
    file: 'title-rss-text-with-entities.rss',
    check: (feed) => {
      expect(feed.title).toBe('Escaped & titles');
      expect(titles(feed)).toEqual(['History of the <blink> tag', 'Don’t & stop', 'Café <3 & tea', 'Smart “quotes” and a …', 'Big news', 'Line break and a < b']);
    },
  },
  {
    name: 'base64 Atom 0.3 content, summary and title are decoded',
    file: 'content-base64.atom',
    check: (feed) => {
      const [first, second] = feed.items;
      expect(first!.title).toBe('A base64 title');
      expect(first!.contentHtml).toBe('<p>Decoded <b>base64</b> body &amp; more</p>');
      expect(first!.summary).toBe('Plain ünïcode summary');
      expect(first!.published).toBe('2004-05-01T12:00:00.000Z');
      expect(second!.contentHtml).toBe('<p>Escaped &amp; fine</p>');
    },
  },
  {
    name: 'xml:base nests, each level relative to its parent (links and enclosures)',
    file: 'xml-base-nested.atom',
    url: 'https://feeds.example/base.atom',
    check: (feed) => {
      expect(feed.siteUrl).toBe('https://base.example/blog/home/');
      expect(field(feed, 'link')).toEqual(['https://base.example/blog/2024/first-post.html', 'https://other.example/a/c/post?id=2', 'https://base.example/blog/third.html']);
      expect(feed.items[0]!.enclosures).toEqual([{ url: 'https://base.example/blog/2024/audio/ep1.mp3', type: 'audio/mpeg', length: 1234 }]);
    },
  },
  {
    name: 'without xml:base, relative links resolve against Content-Location',
    file: 'relative-links-no-base.rss',
    url: 'https://feeds.example/redirected/feed.rss',
    contentLocation: 'https://cdn.example/feeds/main.xml',
    check: (feed) => {
      expect(feed.items[0]!.link).toBe('https://cdn.example/feeds/posts/1.html');
      expect(feed.items[0]!.enclosures[0]!.url).toBe('https://cdn.example/feeds/media/1.mp3');
      // The body's relative image too: Content-Location is where the document says it lives.
      expect(feed.items[0]!.contentHtml).toBe('<img src="https://cdn.example/feeds/img/1.png">');
      expect(feed.siteUrl).toBe('https://cdn.example/');
    },
  },
  {
    name: 'a relative Content-Location resolves against the feed URL',
    file: 'relative-links-no-base.rss',
    url: 'https://feeds.example/a/feed.rss',
    contentLocation: '/b/feed.xml',
    check: (feed) => expect(feed.items[0]!.link).toBe('https://feeds.example/b/posts/1.html'),
  },
  {
    name: 'with neither, relative links resolve against the feed URL',
    file: 'relative-links-no-base.rss',
    url: 'https://feeds.example/a/feed.rss',
    check: (feed) => {
      expect(feed.items[0]!.link).toBe('https://feeds.example/a/posts/1.html');
      // No stated base: the body is left for the cleaner to resolve against the item's link.
      expect(feed.items[0]!.contentHtml).toBe('<img src="img/1.png">');
    },
  },
  {
    name: 'RSS authors in every form, shown by name',
    file: 'authors-every-form.rss',
    check: (feed) => {
      expect(field(feed, 'author')).toEqual(['Jo Smith', 'Ann Lee', 'Alice, Bob', 'Pod Person', 'solo@example.com', 'Jo Smith, Carol, Dan', 'Example editor']);
      expect(feed.items[5]!.authors).toEqual(['Jo Smith', 'Carol', 'Dan']);
    },
  },
  {
    name: 'Atom authors: several, email when nameless, the feed author inherited',
    file: 'authors-every-form.atom',
    check: (feed) => {
      expect(field(feed, 'author')).toEqual(['Ada, Grace', 'mail@example.com', 'Feed Owner']);
      expect(feed.items[0]!.authors).toEqual(['Ada', 'Grace']);
    },
  },
  {
    name: 'categories from every namespace, trimmed and deduplicated',
    file: 'categories-every-namespace.rss',
    // Sorted: the order across namespaces is not the point.
    check: (feed) => expect([...feed.items[0]!.categories].sort()).toEqual(['Arts', 'Atom Label', 'atom-term', 'birds', 'Design', 'dogs', 'Grouped', 'kittens', 'News', 'Photography', 'Science', 'Space'].sort()),
  },
  {
    name: 'bodies from xhtml:body (any prefix) and content:encoded, the description kept as summary',
    file: 'bodies-xhtml-body-and-content-encoded.rss',
    check: (feed) => {
      expect(feed.items[0]!.contentHtml).toBe('<xhtml:p>Full <xhtml:b>xhtml</xhtml:b> body</xhtml:p>');
      expect(feed.items[0]!.summary).toBe('Short teaser');
      expect(feed.items[1]!.contentHtml).toBe('<p>Full <em>encoded</em> body</p>');
      expect(feed.items[1]!.summary).toBe('Teaser two');
      expect(feed.items[2]!.contentHtml).toBe('<p>Default-namespace xhtml body</p>');
    },
  },
  {
    name: 'Atom 0.3 modified/created and dcterms modified/date',
    file: 'dates-dcterms-and-atom03.atom',
    check: (feed) => expect(field(feed, 'published')).toEqual(['2004-02-03T04:05:06.000Z', '2004-01-01T00:00:00.000Z', '2005-06-07T08:09:10.000Z', '2006-01-02T00:00:00.000Z']),
  },
  {
    name: 'RSS 2.0 items with no <channel> are read',
    file: 'rss-without-channel.xml',
    check: (feed) => {
      expect(feed.title).toBe('No channel at all');
      expect(titles(feed)).toEqual(['First without channel', 'Second without channel']);
      expect(feed.items[0]!.published).toBe('2024-01-02T10:00:00.000Z');
    },
  },
  {
    name: 'RDF whose RSS elements carry a prefix (no default namespace) is read',
    file: 'rdf-without-default-namespace.rdf',
    check: (feed) => {
      expect(feed.title).toBe('RDF with prefixed elements');
      expect(field(feed, 'link')).toEqual(['https://rdf.example/1', 'https://rdf.example/2']);
      expect(feed.items[0]).toMatchObject({ author: 'Mark', published: '2003-12-13T18:30:02.000Z' });
    },
  },
  {
    name: 'a document cut inside its last item keeps the items before it',
    file: 'truncated-before-closing-tags.rss',
    check: (feed) => {
      expect(titles(feed)).toEqual(['Whole item one', 'Whole item two']);
      expect(feed.items[0]!.contentHtml).toBe('<p>One</p>');
    },
  },
  {
    name: 'a document missing only its closing tags keeps every item',
    file: 'truncated-after-last-item.rss',
    check: (feed) => expect(titles(feed)).toEqual(['Only item']),
  },
];

describe('titles, links, authors, content (issue 11 item 4)', () => {
  it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const feed = await parseFeed(fixture(c.file), c.url ?? `https://fixtures.example/${c.file}`, null, c.contentLocation ?? null);
    c.check(feed);
  });

  it('still refuses a document whose end tags do not match (not merely cut short)', async () => {
    await expect(parseFeed(fixture('malformed-unclosed.xml'), 'https://broken.example/feed')).rejects.toThrow(/^feeds: https:\/\/broken\.example\/feed: cannot parse: /);
  });
});
