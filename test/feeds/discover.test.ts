// Discovery without an archive: <link rel="alternate"> parsing, a URL that is itself a feed,
// user-typed URLs.

import { afterEach, describe, expect, it } from 'vitest';
import { discoverFeeds, feedLinks, userUrl } from '../../src/feeds/index.js';
import { type LocalServer, startServer } from '../net/local-server.js';
import { fixture } from './fixtures.js';

let server: LocalServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

describe('feedLinks', () => {
  it('finds RSS, Atom and JSON Feed links, resolves them against <base>, skips other alternates and duplicates', () => {
    expect(feedLinks(fixture('html-page-with-alternate-links.html'), 'https://site.example/blog/post')).toEqual([
      { url: 'https://ignored-when-relative.example/feed.xml', title: 'Posts (RSS)', type: 'rss' },
      { url: 'https://ignored-when-relative.example/atom.xml', title: 'Posts (Atom)', type: 'atom' },
      { url: 'https://ignored-when-relative.example/feed.json', title: 'Posts (JSON)', type: 'json' },
    ]);
  });

  it('ignores javascript: hrefs and links without a feed type', () => {
    const html = '<link rel="alternate" type="application/rss+xml" href="javascript:alert(1)"><link rel="alternate" href="/x.xml"><link rel="ALTERNATE feed" type="application/atom+xml; charset=utf-8" href="/a.xml">';
    expect(feedLinks(html, 'https://s.example/')).toEqual([{ url: 'https://s.example/a.xml', title: null, type: 'atom' }]);
  });
});

describe('discoverFeeds', () => {
  it('answers with the URL itself when it is a feed (after redirects)', async () => {
    server = await startServer((req, res) => {
      if (req.url === '/moved') return void res.writeHead(302, { location: '/atom' }).end();
      res.writeHead(200, { 'content-type': 'application/atom+xml' }).end(fixture('relative-links.atom'));
    });
    expect(await discoverFeeds(server.url('/moved'))).toEqual([{ url: server.url('/atom'), title: 'Relative Links Blog', type: 'atom' }]);
  });

  it('fails clearly on an HTTP error', async () => {
    server = await startServer((_req, res) => void res.writeHead(500).end());
    await expect(discoverFeeds(server.url('/x'))).rejects.toThrow(`feeds: ${server.url('/x')}: HTTP 500`);
  });

  it('parses a feed with the parser it is given (the app passes its worker pool), never in this thread', async () => {
    server = await startServer((_req, res) => void res.writeHead(200, { 'content-type': 'application/atom+xml' }).end(fixture('relative-links.atom')));
    const asked: string[] = [];
    const parse = async (body: Uint8Array, _type: string | null, url: string) => {
      asked.push(`${url} ${body.byteLength}`);
      return { format: 'atom' as const, title: 'From the worker', siteUrl: null, items: [] };
    };
    expect(await discoverFeeds(server.url('/atom'), undefined, parse)).toEqual([{ url: server.url('/atom'), title: 'From the worker', type: 'atom' }]);
    expect(asked).toEqual([`${server.url('/atom')} ${fixture('relative-links.atom').length}`]);
  });
});

describe('userUrl', () => {
  it('adds https:// to a bare host and refuses other schemes', () => {
    expect(userUrl(' example.com/blog ')).toBe('https://example.com/blog');
    expect(() => userUrl('file:///etc/passwd')).toThrow('only http and https URLs');
    expect(() => userUrl('http://')).toThrow('not a valid URL');
  });
});
