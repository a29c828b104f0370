// Discovery on real input from ../shared/corpus: the feed links of real pages (posts first,
// comment feeds last, no WordPress REST or oEmbed JSON taken for a feed), and every real feed
// served with a wrong Content-Type (text/html) still recognised as the feed it is.

import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discoverFeeds, feedLinks, rankFeeds } from '../../src/feeds/discover.js';
import { parseBody } from '../../src/feeds/parse.js';
import { type LocalServer, startServer } from '../net/local-server.js';

const CORPUS = path.resolve(import.meta.dirname, '../../../shared/corpus');
const missing = existsSync(CORPUS) ? null : `../shared/corpus is missing (${CORPUS}): the real pages and feeds are not here`;

const pagesDir = path.join(CORPUS, 'pages');
const pages = missing ? [] : readdirSync(pagesDir).filter((name) => existsSync(path.join(pagesDir, name, 'source.html')));
const feedFiles = missing
  ? []
  : ['rss-parser', 'jsonfeed'].flatMap((dir) => readdirSync(path.join(CORPUS, 'feeds', dir)).filter((f) => !f.endsWith('_expected.json')).map((f) => path.join(dir, f)));

const COMMENTS = /comment/i;

describe.skipIf(missing !== null)(`discovery on the corpus${missing ? ` (skipped: ${missing})` : ''}`, () => {
  it.each(pages)('page %s: feeds of posts before comment feeds, no REST or oEmbed JSON', (name) => {
    const html = readFileSync(path.join(pagesDir, name, 'source.html'), 'utf8');
    const found = rankFeeds(feedLinks(html, 'http://fakehost/test/page.html'));
    const isComments = found.map((f) => COMMENTS.test(`${f.title ?? ''} ${f.url}`));
    expect(isComments.indexOf(true) === -1 || isComments.slice(isComments.indexOf(true)).every(Boolean)).toBe(true);
    expect(found.filter((f) => /wp-json|oembed/i.test(f.url))).toEqual([]);
  });

  describe('a real feed served as text/html', () => {
    let server: LocalServer;
    beforeAll(async () => {
      server = await startServer((req, res) => {
        const file = decodeURIComponent((req.url ?? '/').slice(1));
        if (!feedFiles.includes(file)) return void res.writeHead(404).end();
        res.writeHead(200, { 'content-type': 'text/html' }).end(readFileSync(path.join(CORPUS, 'feeds', file)));
      });
    });
    afterAll(() => server?.close());

    // Feeds the parser itself refuses are another class's business: this checks that discovery
    // never mistakes a feed for a page because of its Content-Type.
    it.each(feedFiles)('%s is its own feed', async (file) => {
      const url = server.url(`/${encodeURIComponent(file)}`);
      const bytes = readFileSync(path.join(CORPUS, 'feeds', file));
      const isFeed = await parseBody(bytes, file.endsWith('.json') ? 'application/feed+json' : 'application/xml', url).then(() => true, () => false);
      const found = await discoverFeeds(url);
      // unrecognized.rss is an HTML "Document Moved" page: no feed, and discovery says so.
      expect(found.map((f) => f.url)).toEqual(isFeed ? [url] : []);
    });
  });
});
