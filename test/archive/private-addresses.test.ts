// The private-address policy end to end. A feed "on the public internet" (played by 127.0.0.1,
// marked public through the origin classifier) must not make the app fetch its items' images
// or full pages from a private address; the same feed on the user's own network may. A page the
// user saves is fetched wherever it is, but a public page's images keep to the public internet.

import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Archive } from '../../src/api.js';
import { openArchive } from '../../src/archive/index.js';
import { setOriginClassifier } from '../../src/net/index.js';
import { type LocalServer, startServer } from '../net/local-server.js';

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 7)]);

let dir: string;
let archive: Archive;
let server: LocalServer;
let hits: Record<string, number>;

beforeEach(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'tidings-private-'));
  archive = await openArchive(dir);
  hits = {};
  server = await startServer((req, res) => {
    const url = req.url ?? '';
    hits[url] = (hits[url] ?? 0) + 1;
    if (url.endsWith('.png')) return void res.writeHead(200, { 'content-type': 'image/png' }).end(PNG);
    if (url.endsWith('.xml')) {
      const body = `&lt;p&gt;An item with a picture.&lt;/p&gt;&lt;img src="${server.url('/item.png')}"&gt;`;
      const item = `<item><title>Inside</title><link>${server.url('/page.html')}</link><guid>g1</guid><description>${body}</description></item>`;
      return void res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(`<?xml version="1.0"?><rss version="2.0"><channel><title>F</title>${item}</channel></rss>`);
    }
    const page = `<html><head><title>Page</title></head><body><article><h1>Page</h1><p>${'A paragraph of the full article that is long enough to be read. '.repeat(8)}</p><img src="/page.png"></article></body></html>`;
    res.writeHead(200, { 'content-type': 'text/html' }).end(page);
  });
  // Only the documents under /public/ play the public internet.
  setOriginClassifier((url) => (url.pathname.startsWith('/public/') ? 'public' : null));
});

afterEach(async () => {
  setOriginClassifier(null);
  await archive.close();
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

async function subscribeAndExtract(feedPath: string) {
  const added = await archive.addFeed(server.url(feedPath));
  if (added.status !== 'added') throw new Error('not added');
  const [item] = (await archive.listArticles({ feedId: added.feed.id, limit: 10 })).items;
  return archive.extractArticle(item!.id);
}

describe('a feed on the public internet', () => {
  it('never makes the app fetch its item images or full pages from a private address', { timeout: 90_000 }, async () => {
    const article = await subscribeAndExtract('/public/feed.xml');
    expect(hits['/item.png']).toBeUndefined();
    expect(hits['/page.html']).toBeUndefined();
    expect(hits['/page.png']).toBeUndefined();
    expect(article.extraction).toMatchObject({ status: 'failed' });
    expect(article.extraction.reason).toMatch(/private address/);
    const detail = await archive.getArticle(article.id);
    expect(detail.html).toContain(server.url('/item.png')); // kept remote, not fetched
  });
});

describe('a feed on the user\'s own network', () => {
  it('may fetch its images and full pages there', { timeout: 90_000 }, async () => {
    const article = await subscribeAndExtract('/own/feed.xml');
    expect(hits['/item.png']).toBe(1);
    expect(hits['/page.html']).toBe(1);
    expect(hits['/page.png']).toBe(1);
    expect(article.extraction).toMatchObject({ status: 'done' });
  });
});

describe('a page the user saves', () => {
  it('is fetched wherever it is, but a public page\'s images keep to the public internet', { timeout: 90_000 }, async () => {
    const saved = await archive.saveUrl(server.url('/public/page.html'));
    expect(saved.extraction.status).toBe('done');
    expect(hits['/public/page.html']).toBe(1);
    expect(hits['/page.png']).toBeUndefined();
  });
});
