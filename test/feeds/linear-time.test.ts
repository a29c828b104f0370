// Hostile feeds, OPML files and pages of about 1 MB built to make a backtracking regular
// expression retry from every start position (unclosed tags, attribute starts with no end,
// runs of quotes, ampersands, comment and CDATA openers, deep nesting). Every parse of untrusted
// text must stay linear: each case finishes in well under its generous time limit (the
// quadratic versions took from 8 s to hours). A clear error is as good as a result.

import { describe, expect, it } from 'vitest';
import { feedLinks, parseFeed, parseOpml } from '../../src/feeds/index.js';
import { plainText } from '../../src/feeds/normalize.js';
import { normalizeUrl } from '../../src/model/identity.js';

const MB = 1_000_000;
const LIMIT = { timeout: 3000 };
/** For documents the XML parser (sax) must read whole, linearly but at about 2 s a MB on these machines. */
const SAX_LIMIT = { timeout: 8000 };

/** `unit` repeated to about `size` characters. */
function run(unit: string, size = MB): string {
  return unit.repeat(Math.ceil(size / unit.length));
}

const rss = (inside: string) => `<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><item><title>x</title><guid>1</guid>${inside}</item></channel></rss>`;
const atom = (inside: string) => `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>t</title><entry><id>1</id>${inside}</entry></feed>`;

/** Parses or fails with an error; either way it returns, which is what is tested. */
async function settle(work: () => unknown): Promise<unknown> {
  try {
    return await work();
  } catch (error) {
    return error;
  }
}

describe('feed parsing stays linear on hostile input', () => {
  it('repeated unclosed <published (the bad-date repair)', LIMIT, async () => {
    await settle(() => parseFeed(rss(run('<published ')), 'https://x.example/'));
  });

  it('repeated <published> with a > only at the very end', LIMIT, async () => {
    await settle(() => parseFeed(rss(`${run('<published a')}>`), 'https://x.example/'));
  });

  it('repeated <updated>bad date with no closing tag and a bare & (both repairs)', SAX_LIMIT, async () => {
    await settle(() => parseFeed(atom(`&${run('<updated>not a date')}`), 'https://x.example/'));
  });

  it('a run of ampersands', SAX_LIMIT, async () => {
    await settle(() => parseFeed(rss(`<description>${run('&')}</description>`), 'https://x.example/'));
  });

  it('runs of quotes, comment openers and CDATA openers', LIMIT, async () => {
    await settle(() => parseFeed(rss(`<a b=${run('"')}`), 'https://x.example/'));
    await settle(() => parseFeed(rss(run('<!--')), 'https://x.example/'));
    await settle(() => parseFeed(rss(run('<![CDATA[')), 'https://x.example/'));
  });

  it('a failed document leaves nothing behind: the next one fails as fast and for its own reason', LIMIT, async () => {
    // The XML parser was shared: after one failure it went on reading that document into the
    // next parse, which took seconds and failed with "Unable to parse XML.".
    const broken = rss(run('<!--'));
    const first = await settle(() => parseFeed(broken, 'https://x.example/'));
    const second = await settle(() => parseFeed(broken, 'https://x.example/'));
    expect(String(second)).toBe(String(first));
    expect(String(first)).toContain('Malformed comment');
  });

  it('escaped unclosed block tags in an RSS description (the parser library strips them for a snippet)', LIMIT, async () => {
    const feed = await parseFeed(rss(`<description>${run('a&lt;p ')}</description>`), 'https://x.example/');
    expect(feed.items).toHaveLength(1);
  });

  it('escaped unclosed tags in Atom content', LIMIT, async () => {
    const feed = await parseFeed(atom(`<content type="html">${run('a&lt;br ')}</content>`), 'https://x.example/');
    expect(feed.items).toHaveLength(1);
  });

  it('a title of unclosed < (tags stripped from titles and categories)', LIMIT, () => {
    expect(plainText(run('a<')).length).toBeGreaterThan(0);
    expect(plainText(`${run('<b ')}>x`)).toBe('x');
  });

  it('deep nesting inside an item', SAX_LIMIT, async () => {
    const depth = MB / 7;
    const feed = await parseFeed(rss('<a>'.repeat(depth) + '</a>'.repeat(depth)), 'https://x.example/');
    expect(feed.items).toHaveLength(1);
  });
});

describe('OPML parsing stays linear on hostile input', () => {
  const opml = (inside: string) => `<?xml version="1.0"?><opml version="2.0"><head/><body>${inside}</body></opml>`;
  // The file ends inside the run: no '>' anywhere after it for a pattern to stop at.
  const cutOff = (inside: string) => `<?xml version="1.0"?><opml version="2.0"><head/><body>${inside}`;

  it('<outline repeated with no >', LIMIT, () => {
    expect(parseOpml(cutOff(run('<outline '))).entries).toEqual([]);
  });

  it('<outline repeated, each with an unclosed quote', LIMIT, () => {
    expect(parseOpml(cutOff(run('<outline a="'))).entries).toEqual([]);
    expect(parseOpml(cutOff(run("<outline a='"))).entries).toEqual([]);
  });

  it('comment openers with no end', LIMIT, () => {
    expect(parseOpml(opml(run('<!--'))).entries).toEqual([]);
    expect(parseOpml(opml(run('<!-- <outline xmlUrl="https://x.example/f"/>'))).entries).toEqual([]);
  });

  it('one outline whose attribute name never ends', LIMIT, () => {
    expect(parseOpml(opml(`<outline ${run('a')} xmlUrl="https://x.example/f"/>`)).entries).toHaveLength(1);
  });

  it('attribute starts with no value', LIMIT, () => {
    expect(parseOpml(opml(`<outline ${run('a= ')}/>`)).entries).toEqual([]);
    expect(parseOpml(cutOff(`<outline ${run('a')}`)).entries).toEqual([]);
  });

  it('deeply nested outlines', LIMIT, () => {
    const depth = MB / 20;
    const list = parseOpml(opml(`${'<outline text="f">'.repeat(depth)}<outline xmlUrl="https://x.example/f"/>${'</outline>'.repeat(depth)}`));
    expect(list.entries).toHaveLength(1);
  });

  it('entities that never end', LIMIT, () => {
    expect(parseOpml(opml(`<outline text="${run('&#x1')}" xmlUrl="https://x.example/f"/>`)).entries).toHaveLength(1);
  });
});

describe('discovery stays linear on hostile pages', () => {
  it('deeply nested elements', LIMIT, () => {
    expect(feedLinks(`<html><head><link rel="alternate" type="application/rss+xml" href="/f.xml"></head><body>${run('<div>')}`, 'https://x.example/')).toHaveLength(1);
  });

  it('<link repeated with no >', LIMIT, () => {
    expect(feedLinks(`<html><head>${run('<link rel="alternate" ')}`, 'https://x.example/')).toEqual([]);
  });

  it('comment openers and unclosed quotes', LIMIT, () => {
    expect(feedLinks(`<html><head>${run('<!--')}`, 'https://x.example/')).toEqual([]);
    expect(feedLinks(`<html><head>${run('<link href="')}`, 'https://x.example/')).toEqual([]);
  });
});

describe('identity stays linear', () => {
  it('a URL with a long run of slashes inside its path', LIMIT, () => {
    expect(normalizeUrl(`https://x.example/${run('/', MB / 4)}a/`)).toMatch(/a$/);
  });
});
