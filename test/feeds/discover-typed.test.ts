// What people type into "+ Feed" and `add-feed`: the addresses tried, in order (https first,
// then http only when https cannot connect), a feed served as text/html, comment feeds last.

import { afterEach, describe, expect, it } from 'vitest';
import { discoverFeeds, feedLinks, rankFeeds, typedUrls } from '../../src/feeds/discover.js';
import { type LocalServer, startServer } from '../net/local-server.js';
import { fixture } from './fixtures.js';

const servers: LocalServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function serve(handler: Parameters<typeof startServer>[0]): Promise<LocalServer> {
  const server = await startServer(handler);
  servers.push(server);
  return server;
}

describe('typedUrls', () => {
  it.each([
    ['example.com', ['https://example.com/', 'http://example.com/']],
    ['example.com/blog', ['https://example.com/blog', 'http://example.com/blog']],
    ['www.example.com/feed', ['https://www.example.com/feed', 'http://www.example.com/feed']],
    ['  https://example.com \n', ['https://example.com/']],
    ['http://example.com/rss', ['http://example.com/rss']],
    ['feed://example.com/rss.xml', ['https://example.com/rss.xml', 'http://example.com/rss.xml']],
    ['feed:https://example.com/atom', ['https://example.com/atom']],
    ['feed:http://example.com/atom', ['http://example.com/atom']],
    ['FEED://Example.COM', ['https://example.com/', 'http://example.com/']],
    ['example.com:8080/feed', ['https://example.com:8080/feed', 'http://example.com:8080/feed']],
    ['localhost:3000', ['https://localhost:3000/', 'http://localhost:3000/']],
    ['//example.com/feed', ['https://example.com/feed', 'http://example.com/feed']],
  ])('%j → %j', (input, expected) => {
    expect(typedUrls(input)).toEqual(expected);
  });

  it.each(['javascript:alert(1)', 'data:text/xml,<rss/>', 'file:///etc/passwd', 'feed:javascript:alert(1)', 'ftp://example.com/feed', '', '   ', 'http://', 'exa mple.com'])('refuses %j', (input) => {
    expect(() => typedUrls(input)).toThrow(/valid URL|only http and https/);
  });
});

describe('discoverFeeds on what people type', () => {
  it('falls back to http when https cannot connect (no TLS on this port), and answers with the http URL', async () => {
    const server = await serve((_req, res) => void res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(fixture('relative-links.atom')));
    const found = await discoverFeeds(`127.0.0.1:${server.port}/feed`);
    expect(found).toEqual([{ url: server.url('/feed'), title: 'Relative Links Blog', type: 'atom' }]);
  });

  it('does not try http when https answered with an error status', async () => {
    const hits: string[] = [];
    const broken = await serve((_req, res) => void res.writeHead(500).end());
    const ok = await serve((req, res) => {
      hits.push(req.url ?? '');
      res.writeHead(200, { 'content-type': 'application/atom+xml' }).end(fixture('relative-links.atom'));
    });
    await expect(discoverFeeds('typed', undefined, undefined, () => [broken.url('/'), ok.url('/')])).rejects.toThrow('HTTP 500');
    expect(hits).toEqual([]);
  });

  it('tries the next address when the first refuses the connection', async () => {
    const closed = await serve(() => undefined);
    const closedUrl = closed.url('/');
    await closed.close();
    const ok = await serve((_req, res) => void res.writeHead(200, { 'content-type': 'application/atom+xml' }).end(fixture('relative-links.atom')));
    expect(await discoverFeeds('typed', undefined, undefined, () => [closedUrl, ok.url('/')])).toEqual([{ url: ok.url('/'), title: 'Relative Links Blog', type: 'atom' }]);
  });

  it('takes a feed served as text/html (no XML declaration) as the feed it is', async () => {
    const rss = '<rss version="2.0"><channel><title>Mislabelled</title><link>https://m.example/</link><item><title>A</title><link>https://m.example/a</link></item></channel></rss>';
    const server = await serve((_req, res) => void res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(rss));
    expect(await discoverFeeds(server.url('/rss'))).toEqual([{ url: server.url('/rss'), title: 'Mislabelled', type: 'rss' }]);
  });

  it('puts comment feeds after the feeds of posts, whatever the page order', async () => {
    const page = `<html><head>
      <link rel="alternate" type="application/rss+xml" title="Blog » Comments Feed" href="/comments/feed/">
      <link rel="alternate" type="application/rss+xml" title="Comments on: Hello" href="/hello/feed/">
      <link rel="alternate" type="application/rss+xml" title="Blog » Feed" href="/feed/">
      <link rel="alternate" type="application/atom+xml" title="Blog (Atom)" href="/atom.xml">
      </head><body></body></html>`;
    const server = await serve((_req, res) => void res.writeHead(200, { 'content-type': 'text/html' }).end(page));
    const found = await discoverFeeds(server.url('/'));
    expect(found.map((f) => f.title)).toEqual(['Blog » Feed', 'Blog (Atom)', 'Blog » Comments Feed', 'Comments on: Hello']);
  });

  it('takes plain application/json links only when the page offers no other feed, and never WordPress REST records', () => {
    const page = (links: string) => `<html><head>${links}</head></html>`;
    const rest = '<link rel="alternate" type="application/json" href="/wp-json/wp/v2/posts/997">';
    const api = '<link rel="alternate" type="application/json" title="API" href="/api/posts.json">';
    const rss = '<link rel="alternate" type="application/rss+xml" title="Posts" href="/feed/">';
    expect(feedLinks(page(api + rss + rest), 'https://s.example/').map((f) => f.title)).toEqual(['Posts']);
    expect(feedLinks(page(rest + api), 'https://s.example/')).toEqual([{ url: 'https://s.example/api/posts.json', title: 'API', type: 'json' }]);
    expect(feedLinks(page(rest), 'https://s.example/')).toEqual([]);
  });

  it('ranks by title and path without touching the rest of the order', () => {
    const f = (url: string, title: string | null) => ({ url, title, type: 'rss' as const });
    expect(rankFeeds([f('https://s/comments/feed', null), f('https://s/a', 'A'), f('https://s/b', 'Kommentare'), f('https://s/c', 'C')]).map((x) => x.url)).toEqual([
      'https://s/a', 'https://s/c', 'https://s/comments/feed', 'https://s/b',
    ]);
  });
});
