// addFeed with what people type: no scheme (https is tried, then http), a page with no feed
// (a message that says what to do), a page with several feeds (comment feeds last).

import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Archive } from '../../src/api.js';
import { openArchive } from '../../src/archive/index.js';
import { type LocalServer, startServer } from '../net/local-server.js';

let dir: string;
let archive: Archive;
let server: LocalServer;

const FEED = '<?xml version="1.0"?><rss version="2.0"><channel><title>Typed</title><link>https://t.example/</link><item><guid>1</guid><title>One</title><link>https://t.example/1</link></item></channel></rss>';
const PAGES: Record<string, string> = {
  '/nofeed': '<!doctype html><html><head><title>Plain</title></head><body><p>No feed here.</p></body></html>',
  '/blog': `<!doctype html><html><head>
    <link rel="alternate" type="application/rss+xml" title="Comments for Blog" href="/comments/feed">
    <link rel="alternate" type="application/rss+xml" title="Blog" href="/typed.xml"></head><body></body></html>`,
};

beforeEach(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'tidings-subscribe-'));
  archive = await openArchive(dir);
  server = await startServer((req, res) => {
    if (req.url === '/typed.xml' || req.url === '/comments/feed') return void res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(FEED);
    const page = PAGES[req.url ?? ''];
    if (page) return void res.writeHead(200, { 'content-type': 'text/html' }).end(page);
    res.writeHead(404).end();
  });
});

afterEach(async () => {
  await archive.close();
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('addFeed with typed addresses', () => {
  it('subscribes to "host:port/typed.xml" typed without a scheme, over http since https cannot connect', async () => {
    const result = await archive.addFeed(` 127.0.0.1:${server.port}/typed.xml `);
    expect(result).toMatchObject({ status: 'added', feed: { url: server.url('/typed.xml'), title: 'Typed' }, newArticles: 1 });
  });

  it('says what to do when the page offers no feed, in the words typed', async () => {
    const typed = `127.0.0.1:${server.port}/nofeed`;
    await expect(archive.addFeed(typed)).rejects.toThrow(`No feed found at ${typed}: no feed found on this page, in its links or at /feed, /rss`);
    expect(await archive.listFeeds()).toEqual([]);
  });

  it('lets the user choose between the feeds of a page, the comment feed last', async () => {
    const result = await archive.addFeed(`feed://127.0.0.1:${server.port}/blog`);
    expect(result).toEqual({
      status: 'choose',
      candidates: [
        { url: server.url('/typed.xml'), title: 'Blog', type: 'rss' },
        { url: server.url('/comments/feed'), title: 'Comments for Blog', type: 'rss' },
      ],
    });
    expect(await archive.listFeeds()).toEqual([]);
  });
});
