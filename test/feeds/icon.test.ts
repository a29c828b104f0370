// Feed icons: where a feed's icon is found (the feed's own image, the site's <link rel=icon>,
// /favicon.ico) and what is kept (magic bytes only; SVG, HTML, empty and huge bodies are not).

import { readFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkIcon, feedIconUrls, findFeedIcon, pageIconUrls } from '../../src/feeds/icon.js';
import { type LocalServer, startServer } from '../net/local-server.js';

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/feeds');
const fixture = (name: string) => readFileSync(path.join(FIXTURES, name), 'utf8');

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 7)]);
const ICO = Buffer.concat([Buffer.from([0x00, 0x00, 0x01, 0x00, 0x01, 0x00]), Buffer.alloc(40, 1)]);
const SVG = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');

describe('the icon a feed names itself', () => {
  it('RSS: the channel <image><url>, not an item image nor one inside CDATA text; relative to the feed', () => {
    const urls = feedIconUrls(fixture('rss-channel-image-and-item-images.rss'), 'https://feeds.example/rss.xml');
    expect(urls).toEqual(['https://feeds.example/img/logo.png?a=1&b=2']);
  });

  it('Atom: <icon> before <logo>, under the root xml:base, never an entry source icon', () => {
    const urls = feedIconUrls(fixture('atom-icon-and-logo.atom'), 'https://feeds.example/atom.xml');
    expect(urls).toEqual(['https://blog.example/favicon-32.png', 'https://blog.example/wide-logo.png']);
  });

  it('JSON Feed: favicon (made for this size) before icon, relative to the feed', () => {
    const urls = feedIconUrls(fixture('json-feed-favicon-and-icon.json'), 'https://json.example/feed.json');
    expect(urls).toEqual(['https://json.example/favicon-64.png', 'https://json.example/icon-512.png']);
  });

  it('reads a CDATA url as written', () => {
    const rss = '<rss><channel><image><url> <![CDATA[https://cdn.example/logo.png?a=1&b=2]]> </url></image></channel></rss>';
    expect(feedIconUrls(rss, 'https://feeds.example/rss.xml')).toEqual(['https://cdn.example/logo.png?a=1&b=2']);
  });

  it('keeps only http(s) URLs and gives nothing for a feed without an image', () => {
    const rss = '<rss><channel><title>x</title><image><url>javascript:alert(1)</url></image><image><url>data:image/png;base64,AAAA</url></image></channel></rss>';
    expect(feedIconUrls(rss, 'https://feeds.example/rss.xml')).toEqual([]);
    expect(feedIconUrls('<rss><channel><title>No image</title></channel></rss>', 'https://feeds.example/rss.xml')).toEqual([]);
    expect(feedIconUrls('{"version": 1, "icon": 42, "favicon": ["x"]}', 'https://feeds.example/f.json')).toEqual([]);
    expect(feedIconUrls('{ broken json', 'https://feeds.example/f.json')).toEqual([]);
  });

  it('reads a hostile document in linear time (a megabyte of unclosed tags)', () => {
    const started = performance.now();
    feedIconUrls(`<rss><channel><image><url>${'<url '.repeat(200_000)}`, 'https://feeds.example/rss.xml');
    feedIconUrls(`<rss><channel>${'<image><url>x</url>'.repeat(50_000)}`, 'https://feeds.example/rss.xml');
    pageIconUrls(`<html>${'<link rel=icon href='.repeat(100_000)}`, 'https://site.example/');
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});

describe("the site's <link rel=icon>", () => {
  it('prefers a square of at least 32 px (smallest first), then unsized icons, then apple-touch, then small or odd sizes; no SVG, no mask-icon, nothing in a script', () => {
    const urls = pageIconUrls(fixture('site-page-icon-links.html'), 'https://site.example/blog/');
    expect(urls).toEqual([
      'https://site.example/icon-32.png',
      'https://site.example/icon-192.png',
      'https://site.example/shortcut.ico',
      'https://site.example/in-body.png',
      'https://site.example/apple-touch-icon.png',
      'https://site.example/icon-16.png',
      'https://site.example/wide.png',
    ]);
  });
});

describe('what is kept as an icon', () => {
  it('a raster image by its magic bytes; not SVG, HTML, text or an empty body', () => {
    expect(checkIcon(PNG)).toBe('png');
    expect(checkIcon(ICO)).toBe('ico');
    expect(checkIcon(SVG)).toBeNull();
    expect(checkIcon(Buffer.from('<!doctype html><title>Not found</title>'))).toBeNull();
    expect(checkIcon(Buffer.alloc(0))).toBeNull();
  });
});

describe('finding a feed icon over the network', () => {
  let server: LocalServer;
  let routes: Record<string, (res: ServerResponse) => void>;
  let hits: string[];

  beforeEach(async () => {
    routes = {};
    hits = [];
    server = await startServer((req, res) => {
      hits.push(req.url ?? '');
      const route = routes[req.url ?? ''];
      if (route) return route(res);
      res.writeHead(404, { 'content-type': 'text/html' }).end('<h1>Not found</h1>');
    });
  });
  afterEach(() => server.close());

  const rss = (image = '') => `<?xml version="1.0"?><rss version="2.0"><channel><title>F</title><link>${server.url('/')}</link>${image}<item><title>a</title><guid>1</guid></item></channel></rss>`;
  const xml = (body: string) => (res: ServerResponse) => void res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(body);
  const bytes = (body: Buffer, type = 'image/png') => (res: ServerResponse) => void res.writeHead(200, { 'content-type': type }).end(body);
  const find = (feedPath = '/feed.xml') => findFeedIcon({ url: server.url(feedPath), siteUrl: server.url('/') }, { network: 'any' });

  it("takes the feed's <image><url> first", async () => {
    routes['/feed.xml'] = xml(rss(`<image><url>${server.url('/logo.png')}</url></image>`));
    routes['/logo.png'] = bytes(PNG);
    routes['/favicon.ico'] = bytes(ICO, 'image/x-icon');
    const icon = await find();
    expect(icon).toMatchObject({ url: server.url('/logo.png'), ext: 'png' });
    expect(Buffer.compare(icon!.bytes, PNG)).toBe(0);
    expect(hits).not.toContain('/favicon.ico');
  });

  it("falls back to the site's <link rel=icon>, then /favicon.ico", async () => {
    routes['/feed.xml'] = xml(rss());
    routes['/'] = (res) => void res.writeHead(200, { 'content-type': 'text/html' }).end('<html><head><link rel="icon" href="/site-icon.png"></head></html>');
    routes['/site-icon.png'] = bytes(PNG);
    expect(await find()).toMatchObject({ url: server.url('/site-icon.png'), ext: 'png' });
    delete routes['/site-icon.png'];
    routes['/favicon.ico'] = bytes(ICO, 'image/x-icon');
    expect(await find()).toMatchObject({ url: server.url('/favicon.ico'), ext: 'ico' });
  });

  it('an HTML page served as favicon.ico is no icon', async () => {
    routes['/feed.xml'] = xml(rss());
    routes['/favicon.ico'] = (res) => void res.writeHead(200, { 'content-type': 'image/x-icon' }).end('<!doctype html><html><body>Welcome</body></html>');
    expect(await find()).toBeNull();
  });

  it('an empty body, a 404 and an SVG are no icon', async () => {
    routes['/feed.xml'] = xml(rss(`<image><url>${server.url('/empty.png')}</url></image>`));
    routes['/empty.png'] = bytes(Buffer.alloc(0));
    routes['/'] = (res) => void res.writeHead(200, { 'content-type': 'text/html' }).end('<link rel="icon" href="/icon.svg"><link rel="icon" href="/vector.png">');
    routes['/vector.png'] = bytes(SVG, 'image/svg+xml');
    expect(await find()).toBeNull();
    expect(hits).toContain('/favicon.ico'); // it answered 404
    expect(hits).not.toContain('/icon.svg'); // never fetched: SVG is refused anyway
  });

  it('a 10 MB icon is refused without being read whole', async () => {
    routes['/feed.xml'] = xml(rss());
    const huge = Buffer.concat([PNG, Buffer.alloc(10 * 1024 * 1024)]);
    routes['/favicon.ico'] = bytes(huge, 'image/x-icon');
    expect(await find()).toBeNull();
  });

  it('a feed or site that does not answer at all gives no icon and no error', async () => {
    await server.close();
    await expect(find()).resolves.toBeNull();
  });

  it('asks a bounded number of URLs, however many a hostile page names', async () => {
    routes['/feed.xml'] = xml(rss());
    routes['/'] = (res) => void res.writeHead(200, { 'content-type': 'text/html' }).end(Array.from({ length: 500 }, (_, i) => `<link rel="icon" href="/i${i}.png">`).join(''));
    expect(await find()).toBeNull();
    expect(hits.length).toBeLessThanOrEqual(8);
  });
});
