// Ill-formed in the ways real readers forgive (issue 11 item 4): a description written as
// unescaped HTML (<br> never closed, a stray </p>) and HTML entities XML does not define. The
// items are read, the body taken as written; a document whose structure itself is broken
// (malformed-unclosed.xml) is still refused with a clear error.

import { describe, expect, it } from 'vitest';
import { parseFeed } from '../../src/feeds/index.js';
import { fixture } from './fixtures.js';

describe('unescaped HTML inside bodies', () => {
  it('keeps the items and takes the body from the source as written', async () => {
    const feed = await parseFeed(fixture('unescaped-html-in-description.rss'), 'https://raw.example/feed');
    expect(feed.title).toBe('Unescaped été');
    expect(feed.items.map((item) => item.title)).toEqual(['Raw HTML body', 'Next item — intact']);
    expect(feed.items[0]!.contentHtml).toBe('First line<br>second line <img src="a.png"> and &nbsp;more</p>');
  });

  it('still refuses a document whose items themselves are broken', async () => {
    await expect(parseFeed(fixture('malformed-unclosed.xml'), 'https://broken.example/feed')).rejects.toThrow(/^feeds: https:\/\/broken\.example\/feed: cannot parse: /);
  });
});
