// JSON Feed authors (issue 11 item 4): every author kept by name (by url when nameless), the
// feed's own authors given to items that name none, 1.0's singular author read too.

import { describe, expect, it } from 'vitest';
import { parseFeed } from '../../src/feeds/index.js';
import { fixture } from './fixtures.js';

describe('JSON Feed authors', () => {
  it('keeps every author, inherits the feed authors, reads the 1.0 author', async () => {
    const feed = await parseFeed(fixture('json-feed-authors-inherited.json'), 'https://json.example/feed.json');
    expect(feed.items.map((item) => item.authors)).toEqual([['Ada', 'Grace'], ['Feed Writer', 'https://writer2.example/'], ['Old Style']]);
    expect(feed.items.map((item) => item.author)).toEqual(['Ada, Grace', 'Feed Writer, https://writer2.example/', 'Old Style']);
  });
});
