// xml:base in force on an item's body decides what its relative image and link URLs mean
// (issue 11 item 4); a body with no xml:base is left for the cleaner to resolve against the
// article's link, as before.

import { describe, expect, it } from 'vitest';
import { resolveBodyUrls } from '../../src/feeds/content-base.js';
import { parseFeed } from '../../src/feeds/index.js';
import { fixture } from './fixtures.js';

describe('relative URLs inside bodies under xml:base', () => {
  it('resolves img src and a href against the nested xml:base of the content element', async () => {
    const feed = await parseFeed(fixture('xml-base-content-images.atom'), 'https://feeds.example/atom');
    expect(feed.items[0]!.contentHtml).toBe('<p><img src="https://media.example/blog/2024/pic.png" alt="a &quot;b&quot;"> <a href="https://media.example/blog/about">about</a> <a href="#top">top</a> <a href="https://abs.example/x">abs</a></p>');
    expect(feed.items[1]!.contentHtml).toBe('<div xmlns="http://www.w3.org/1999/xhtml"><img src="https://media.example/blog/x/y.jpg" /></div>');
  });

  it('leaves a body without xml:base as written', async () => {
    const feed = await parseFeed(fixture('bodies-xhtml-body-and-content-encoded.rss'), 'https://feeds.example/rss');
    expect(feed.items[1]!.contentHtml).toBe('<p>Full <em>encoded</em> body</p>');
    expect(resolveBodyUrls('<p><img src="a.png">', 'https://x.example/')).toBe('<p><img src="https://x.example/a.png">');
  });

  it('stays linear on a megabyte of unclosed tags', { timeout: 20_000 }, () => {
    const hostile = '<img src="a'.repeat(100_000);
    expect(resolveBodyUrls(hostile, 'https://x.example/').length).toBeGreaterThan(0);
  });
});
