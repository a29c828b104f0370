// Media RSS: feeds that carry their audio or video only as <media:content> (alone or in a
// <media:group>) keep it as an enclosure, so the reader plays it. Images, thumbnails and
// flash objects are not enclosures; a file named twice is one; only http(s) URLs are kept.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { parseFeed } from '../../src/feeds/index.js';

const file = path.resolve(import.meta.dirname, '../fixtures/feeds/media-rss-content-only.rss');

it('media-rss-content-only.rss: audio and video media:content become enclosures', async () => {
  const feed = await parseFeed(readFileSync(file, 'utf8'), 'https://media.example/feed.rss');
  expect(feed.items.map((item) => item.enclosures)).toEqual([
    [{ url: 'https://cdn.media.example/ep1.mp3', type: 'audio/mpeg', length: 4_800_000 }],
    [
      { url: 'https://media.example/video/ep2-720.mp4', type: null, length: null },
      { url: 'https://cdn.media.example/ep2-1080.webm', type: 'video/webm', length: null },
    ],
    [],
    [{ url: 'https://cdn.media.example/ep4.mp3', type: 'audio/mpeg', length: 1000 }],
  ]);
});
