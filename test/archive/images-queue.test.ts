// The image queue (src/archive/images.ts): a feed's items are stored at once with their images
// remote, and their images arrive afterwards; the queue is kept in the archive across a restart;
// a page's text that quotes markup is never rewritten; an article stored again or deleted while
// its images are on their way is left as it now is. A real archive, a feed and images on 127.0.0.1.

import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Archive, ArchiveEvent } from '../../src/api.js';
import { openArchive } from '../../src/archive/index.js';
import { type LocalServer, startServer } from '../net/local-server.js';

// A 1x1 PNG; each image gets different bytes after its end, so each is its own asset.
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000' + '1f15c4890000000d49444154789c6360000002000154a24f5f0000000049454e44ae426082', 'hex');
const png = (n: number) => Buffer.concat([PNG, Buffer.from(`#${n}`)]);

let dir: string;
let archive: Archive | null;
let server: LocalServer;
let feedXml: string;
let imageHandler: (n: number, res: http.ServerResponse) => void;
const hits: string[] = [];

beforeEach(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'tidings-images-queue-'));
  hits.length = 0;
  imageHandler = (n, res) => res.writeHead(200, { 'content-type': 'image/png' }).end(png(n));
  server = await startServer((req, res) => {
    hits.push(req.url ?? '');
    const image = /^\/img\/(\d+)\.png$/.exec(req.url ?? '');
    if (image) return imageHandler(Number(image[1]), res);
    if (req.url === '/feed.xml') return void res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(feedXml);
    res.writeHead(404).end();
  });
  feedXml = feedOf([`<p>First.</p><img src="${server.url('/img/1.png')}" alt="one"><p>And <img src="${server.url('/img/2.png')}" alt="two"></p>`]);
  archive = await openArchive(dir);
});

afterEach(async () => {
  await archive?.close();
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

function feedOf(bodies: string[]): string {
  const items = bodies.map((html, n) => `<item><guid>g${n}</guid><title>Item ${n}</title><link>https://example.org/${n}</link><description><![CDATA[${html}]]></description></item>`);
  return `<?xml version="1.0"?><rss version="2.0"><channel><title>Pictures</title><link>https://example.org/</link>${items.join('')}</channel></rss>`;
}

async function subscribe(): Promise<string> {
  const added = await archive!.addFeed(server.url('/feed.xml'), { fullText: 'never' });
  if (added.status !== 'added') throw new Error(`not added: ${added.status}`);
  return (await archive!.listArticles({ feedId: added.feed.id })).items[0]!.id;
}

const htmlOf = (id: string) => readFileSync(path.join(dir, 'articles', `${id}.html`), 'utf8');

describe('the image queue', () => {
  it('stores the article before its images, then puts them in place and says so', async () => {
    let answer: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (answer = resolve));
    imageHandler = (n, res) => void held.then(() => res.writeHead(200, { 'content-type': 'image/png' }).end(png(n)));
    const events: ArchiveEvent[] = [];
    archive!.on((e) => events.push(e));
    const id = await subscribe();
    // Stored and listed while no image has been answered.
    expect(htmlOf(id)).toContain(`src="${server.url('/img/1.png')}"`);
    const detail = await archive!.getArticle(id);
    expect(detail.title).toBe('Item 0');
    expect(await archive!.imageStatus()).toMatchObject({ articles: 1, images: 2, active: true });
    answer();
    const status = await archive!.waitForImages(30);
    expect(status).toMatchObject({ articles: 0, images: 0, running: 0, stored: 2, failed: 0 });
    const html = htmlOf(id);
    expect(html).not.toContain(server.origin);
    expect(html.match(/src="tidings-asset:[0-9a-f]{64}\.png"/g)).toHaveLength(2);
    const article = await archive!.getArticle(id);
    expect(article.leadImage).toMatch(/^tidings-asset:[0-9a-f]{64}\.png$/);
    expect(events.some((e) => e.type === 'changed' && e.what === 'articles' && e.ids?.includes(id))).toBe(true);
    expect(events.filter((e) => e.type === 'images').at(-1)).toMatchObject({ articles: 0, stored: 2 });
  });

  it('keeps its work in the archive: images not fetched before closing arrive after opening again', async () => {
    imageHandler = () => undefined; // never answers
    const id = await subscribe();
    await archive!.close();
    imageHandler = (n, res) => res.writeHead(200, { 'content-type': 'image/png' }).end(png(n));
    archive = await openArchive(dir);
    expect(await archive.imageStatus()).toMatchObject({ articles: 1, images: 2 });
    expect(await archive.waitForImages(30)).toMatchObject({ articles: 0, stored: 2 });
    expect(htmlOf(id).match(/tidings-asset:/g)).toHaveLength(2);
  });

  it('rewrites only the images, never text that quotes the same markup', async () => {
    const url = server.url('/img/1.png');
    feedXml = feedOf([`<p>Write &lt;img src="${url}"&gt; like this:</p><img src="${url}" alt="real"><pre>&lt;img src="${url}" alt="real"&gt;</pre>`]);
    const id = await subscribe();
    await archive!.waitForImages(30);
    const html = htmlOf(id);
    expect(html.match(/src="tidings-asset:/g)).toHaveLength(1);
    // Both quotations are still there, word for word.
    expect(html.split(`&lt;img src="${url}"`).length - 1).toBe(2);
  });

  it('keeps an image that is not found remote and is done with it; one whose server failed is tried at a later session', async () => {
    imageHandler = (n, res) => (n === 1 ? res.writeHead(404).end() : res.writeHead(503).end());
    const id = await subscribe();
    expect(await archive!.waitForImages(30)).toMatchObject({ articles: 1, images: 1, failed: 1 });
    expect(htmlOf(id)).toContain(server.url('/img/1.png'));
    await archive!.close();
    imageHandler = (n, res) => res.writeHead(200, { 'content-type': 'image/png' }).end(png(n));
    archive = await openArchive(dir);
    expect(await archive.waitForImages(30)).toMatchObject({ articles: 0, stored: 1 });
    const html = htmlOf(id);
    expect(html).toContain(server.url('/img/1.png'));
    expect(html.match(/tidings-asset:/g)).toHaveLength(1);
  });

  it('stops trying an image whose server keeps failing after a few sessions', async () => {
    imageHandler = (_n, res) => res.writeHead(503).end();
    await subscribe();
    for (let session = 0; session < 4; session++) {
      await archive!.waitForImages(30);
      await archive!.close();
      archive = await openArchive(dir);
    }
    expect(await archive!.imageStatus()).toMatchObject({ articles: 0 });
    expect(hits.filter((h) => h === '/img/1.png')).toHaveLength(3);
  });

  it('leaves an article deleted while its images were on their way deleted, with no file', async () => {
    let answer: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (answer = resolve));
    imageHandler = (n, res) => void held.then(() => res.writeHead(200, { 'content-type': 'image/png' }).end(png(n)));
    const id = await subscribe();
    const waiting = archive!.waitForImages(30);
    await new Promise((resolve) => setTimeout(resolve, 100));
    await archive!.deleteArticles([id]);
    answer();
    await waiting;
    expect(existsSync(path.join(dir, 'articles', `${id}.html`))).toBe(false);
    await expect(archive!.getArticle(id)).rejects.toMatchObject({ kind: 'not-found' });
  });

  it('leaves the images remote and queues nothing when the setting is off', async () => {
    await archive!.updateSettings({ downloadImages: false });
    const id = await subscribe();
    expect(await archive!.imageStatus()).toMatchObject({ articles: 0, active: false });
    expect(htmlOf(id)).toContain(server.url('/img/1.png'));
    expect(hits.filter((h) => h.startsWith('/img/'))).toEqual([]);
  });
});

describe('the image queue in one session', () => {
  it('does not try again at once what failed for a passing reason (a later session does), but takes an article stored again', async () => {
    imageHandler = (_n, res) => res.writeHead(503).end();
    await subscribe();
    await archive!.waitForImages(30);
    expect(hits.filter((h) => h === '/img/1.png')).toHaveLength(1);
    // Asked again in the same session (the queue's resumption after opening asks the same way): nothing is fetched again.
    await archive!.waitForImages(30);
    expect(hits.filter((h) => h === '/img/1.png')).toHaveLength(1);
    // The publisher corrects the item: its new HTML is a new job, taken at once.
    imageHandler = (n, res) => res.writeHead(200, { 'content-type': 'image/png' }).end(png(n));
    feedXml = feedOf([`<p>Corrected.</p><img src="${server.url('/img/1.png')}" alt="one">`]);
    await archive!.refresh({ all: true });
    expect(await archive!.waitForImages(30)).toMatchObject({ articles: 0, stored: 1 });
  });
});

describe('an image host that does not serve', () => {
  it('is asked a few times, then its other images wait for a later session untried', async () => {
    const { createServer } = await import('node:net');
    let connections = 0;
    const dead = createServer((socket) => {
      connections++;
      socket.destroy(); // closes every connection without a word
    });
    await new Promise<void>((resolve) => dead.listen(0, '127.0.0.1', resolve));
    const port = (dead.address() as { port: number }).port;
    try {
      feedXml = feedOf(Array.from({ length: 12 }, (_, n) => `<p>Post ${n}.</p><img src="http://127.0.0.1:${port}/img/${n}.png" alt="p${n}">`));
      await subscribe();
      const status = await archive!.waitForImages(60);
      expect(status).toMatchObject({ articles: 12, images: 12, stored: 0 });
      expect(connections).toBeGreaterThanOrEqual(3);
      expect(connections).toBeLessThan(12);
    } finally {
      await new Promise((resolve) => dead.close(resolve));
    }
  });
});
