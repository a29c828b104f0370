// The extraction part of the contract against a page server on 127.0.0.1: a saved page keeps
// its images offline (a broken, an oversize, an SVG-with-script and a not-an-image one stay
// remote and the page is saved all the same); a page that cannot be read is kept, marked, and
// extracted again later with the user's state kept; HTTP errors, non-pages and oversize pages
// become failed entries; "fetch full article" feed items go through the queue with progress
// events; local HTML files never reach the network.

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Archive, ArchiveEvent } from '../../src/api.js';
import { openArchive } from '../../src/archive/index.js';

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
const GIF = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');
const HUGE_PNG = Buffer.concat([PNG, Buffer.alloc(9 * 1024 * 1024, 1)]);
const EVIL_SVG = '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(1)</script><circle r="5"/></svg>';
const fixtures = path.resolve(import.meta.dirname, '../fixtures/extract');

const paragraphs = (topic: string) =>
  Array.from({ length: 8 }, (_, i) => `<p>${topic} paragraph ${i + 1}: the council met on a wet Tuesday and agreed, after a long debate, to keep the old library open on Sundays for the whole town.</p>`).join('');

const storyPage = (title: string) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body>
<article><h1>${title}</h1>${paragraphs(title)}
<img src="/img/ok.png" alt="ok"><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" data-src="/img/lazy.gif" alt="lazy">
<img src="/img/missing.png" alt="missing"><img src="/img/huge.png" alt="huge"><img src="/img/evil.svg" alt="svg">
<img src="/img/fake.png" alt="fake"></article></body></html>`;

let server: Server;
let base = '';
let blankServesArticle = false;

beforeAll(async () => {
  server = createServer((req, res) => {
    const send = (status: number, type: string, body: string | Buffer) => {
      res.writeHead(status, { 'content-type': type });
      res.end(body);
    };
    switch (req.url) {
      case '/story.html': return send(200, 'text/html; charset=utf-8', storyPage('Library stays open'));
      case '/second.html': return send(200, 'text/html; charset=utf-8', storyPage('Second story about the bridge'));
      case '/blank.html':
        return blankServesArticle ? send(200, 'text/html', storyPage('Gallery, now with words')) : send(200, 'text/html', readFileSync(path.join(fixtures, 'no-text-only-script-and-image.html')));
      case '/gone.html': return send(404, 'text/html', 'not here');
      case '/feed.xml':
        return send(200, 'application/rss+xml', `<?xml version="1.0"?><rss version="2.0"><channel><title>Town feed</title><link>${base}/</link><description>d</description>
<item><title>Library item</title><link>${base}/story.html</link><guid>lib-1</guid><description>Short teaser of the library story.</description></item>
<item><title>Gone item</title><link>${base}/gone.html</link><guid>gone-1</guid><description>Teaser of a page that is gone.</description></item>
</channel></rss>`);
      case '/report.pdf': return send(200, 'application/pdf', '%PDF-1.4');
      case '/huge.html': return send(200, 'text/html', `<html><body>${'<p>Too much.</p>'.repeat(400_000)}</body></html>`);
      case '/img/ok.png': return send(200, 'image/png', PNG);
      case '/img/lazy.gif': return send(200, 'image/gif', GIF);
      case '/img/huge.png': return send(200, 'image/png', HUGE_PNG);
      case '/img/evil.svg': return send(200, 'image/svg+xml', EVIL_SVG);
      case '/img/fake.png': return send(200, 'image/png', '<html>not a picture</html>');
      default: return send(404, 'text/plain', 'no');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

async function fresh(): Promise<{ archive: Archive; dir: string; events: ArchiveEvent[] }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tidings-extraction-'));
  const archive = await openArchive(dir);
  const events: ArchiveEvent[] = [];
  archive.on((e) => events.push(e));
  return { archive, dir, events };
}

describe('archive: saveUrl', () => {
  it('saves a page with its images offline; images that cannot be kept stay remote', async () => {
    const { archive, dir } = await fresh();
    const saved = await archive.saveUrl(`${base}/story.html`, { tags: ['Council'] });
    expect(saved).toMatchObject({ source: 'url', title: 'Library stays open', tags: ['Council'], lang: 'en' });
    expect(saved.extraction).toMatchObject({ status: 'done', reason: null, attempts: 1 });
    expect(saved.savedAt).not.toBeNull();

    const assets = readdirSync(path.join(dir, 'assets')).sort();
    expect(assets).toHaveLength(2);
    expect(assets.map((a) => path.extname(a)).sort()).toEqual(['.gif', '.png']);
    const png = assets.find((a) => a.endsWith('.png'))!;
    expect(readFileSync(archive.assetPath(png)!)).toEqual(PNG);

    const { html, text } = await archive.getArticle(saved.id);
    for (const name of assets) expect(html).toContain(`src="tidings-asset:${name}"`);
    for (const remote of ['missing.png', 'huge.png', 'evil.svg', 'fake.png']) expect(html).toContain(`src="${base}/img/${remote}"`);
    expect(html).not.toContain('tidings-slot');
    expect(text).toContain('Library stays open paragraph 8');
    await archive.close();
  });

  it('keeps remote URLs when downloadImages is off', async () => {
    const { archive, dir } = await fresh();
    await archive.updateSettings({ downloadImages: false });
    const saved = await archive.saveUrl(`${base}/story.html`);
    expect(readdirSync(path.join(dir, 'assets'))).toEqual([]);
    expect((await archive.getArticle(saved.id)).html).toContain(`src="${base}/img/ok.png"`);
    await archive.close();
  });

  it('keeps a page Readability cannot read when asked to, then extracts it again keeping the user state', async () => {
    const { archive, events } = await fresh();
    blankServesArticle = false;
    const kept = await archive.saveUrl(`${base}/blank.html`, { keepFailed: true });
    expect(kept.extraction.status).toBe('failed');
    expect(kept.extraction.reason).toMatch(/no article|no text/);
    expect(kept).toMatchObject({ title: 'Gallery', url: `${base}/blank.html` });
    await archive.setStarred([kept.id], true);
    await archive.tagArticles([kept.id], ['later']);

    blankServesArticle = true;
    const again = await archive.extractArticle(kept.id);
    expect(again.extraction).toMatchObject({ status: 'done', reason: null, attempts: 2 });
    expect(again).toMatchObject({ starred: true, tags: ['later'], title: 'Gallery, now with words' });
    expect(events.filter((e) => e.type === 'extract').map((e) => e.type === 'extract' && e.phase)).toEqual(['queued', 'start', 'done']);
    // The last event says nothing runs any more (a progress bar left at "1 running" forever otherwise).
    expect(events.filter((e) => e.type === 'extract').at(-1)).toMatchObject({ phase: 'done', queued: 0, running: 0 });
    expect(await archive.extractionStatus()).toEqual({ queued: 0, running: 0, done: 1, failed: 0 });
    await archive.close();
  });

  it('turns HTTP errors, non-pages and oversize pages into failed entries when asked to keep them, and goes on', async () => {
    const { archive } = await fresh();
    expect((await archive.saveUrl(`${base}/gone.html`, { keepFailed: true })).extraction).toMatchObject({ status: 'failed', reason: 'HTTP 404' });
    expect((await archive.saveUrl(`${base}/report.pdf`, { keepFailed: true })).extraction.reason).toMatch(/not a web page \(application\/pdf\)/);
    expect((await archive.saveUrl(`${base}/huge.html`, { keepFailed: true })).extraction.reason).toMatch(/larger|limit|too large/i);
    expect((await archive.saveUrl(`${base}/second.html`)).extraction.status).toBe('done');
    expect((await archive.stats()).failedExtractions).toBe(3);
    await archive.close();
  });

  it('refuses what is not an http(s) URL, leaving the archive untouched', async () => {
    const { archive } = await fresh();
    const before = (await archive.listArticles({})).total;
    await expect(archive.saveUrl('javascript:alert(1)')).rejects.toThrow(/only http and https/);
    await expect(archive.saveUrl('not a url')).rejects.toThrow(/not a valid URL/);
    expect((await archive.listArticles({})).total).toBe(before);
    await archive.close();
  });

  it('brings back a deleted page when the user saves it again', async () => {
    const { archive } = await fresh();
    const first = await archive.saveUrl(`${base}/second.html`);
    await archive.deleteArticles([first.id]);
    const again = await archive.saveUrl(`${base}/second.html`);
    expect(again.id).toBe(first.id);
    expect((await archive.getArticle(first.id)).text).toContain('bridge');
    await archive.close();
  });
});

describe('archive: feed items of a "fetch full article" feed', () => {
  it('queues new items, extracts their pages with progress events, keeps the feed text when a page fails', async () => {
    const { archive, events } = await fresh();
    const settled = new Promise<void>((resolve) => {
      // Registered after fresh()'s listener, so `events` already holds the event seen here.
      archive.on(() => {
        const finished = events.filter((x) => x.type === 'extract' && (x.phase === 'done' || x.phase === 'failed')).length;
        if (finished >= 2) resolve();
      });
    });
    const added = await archive.addFeed(`${base}/feed.xml`, { fetchFullArticle: true });
    expect(added).toMatchObject({ status: 'added', newArticles: 2 });
    await settled;
    const items = (await archive.listArticles({ view: 'all' })).items.filter((a) => a.source === 'feed');
    const library = items.find((a) => a.title === 'Library item')!;
    const gone = items.find((a) => a.title === 'Gone item')!;
    expect(library.extraction).toMatchObject({ status: 'done', attempts: 1 });
    expect((await archive.getArticle(library.id)).text).toContain('Library stays open paragraph 8');
    expect((await archive.getArticle(library.id)).html).toMatch(/src="tidings-asset:[0-9a-f]{64}\.png"/);
    expect(gone.extraction).toMatchObject({ status: 'failed', reason: 'HTTP 404' });
    expect((await archive.getArticle(gone.id)).text).toBe('Teaser of a page that is gone.');
    const phases = events.filter((e) => e.type === 'extract').map((e) => (e.type === 'extract' ? e.phase : ''));
    expect(phases.filter((p) => p === 'queued')).toHaveLength(2);
    expect(phases.filter((p) => p === 'start')).toHaveLength(2);
    expect(await archive.extractionStatus()).toEqual({ queued: 0, running: 0, done: 1, failed: 1 });
    await archive.close();
  });
});

describe('archive: importFile', () => {
  it('imports a local .html file through the pipeline, without going to the network', async () => {
    const { archive, dir } = await fresh();
    const file = path.join(fixtures, 'lazy-images-relative-links.html');
    const article = await archive.importFile(file, { tags: ['local'] });
    expect(article).toMatchObject({ source: 'file', title: 'The old lighthouse returns to the harbour', tags: ['local'] });
    expect(article.url).toMatch(/^file:\/\/.*lazy-images-relative-links\.html$/);
    expect(article.extraction.status).toBe('done');
    expect(readdirSync(path.join(dir, 'assets'))).toEqual([]);
    const { html } = await archive.getArticle(article.id);
    expect(html).not.toMatch(/file:|tidings-slot|<script/);
    await archive.close();
  });

  it("keeps a saved page's own images from its folder, never from outside it, and leaves remote ones remote", async () => {
    const { archive, dir } = await fresh();
    const article = await archive.importFile(path.join(fixtures, 'saved-page-local-images', 'page.html'));
    expect(article.extraction.status).toBe('done');
    const assets = readdirSync(path.join(dir, 'assets'));
    expect(assets).toHaveLength(1);
    expect(readFileSync(archive.assetPath(assets[0]!)!)).toEqual(readFileSync(path.join(fixtures, 'saved-page-local-images', 'page_files', 'photo.png')));
    const { html } = await archive.getArticle(article.id);
    expect(html).toContain(`src="tidings-asset:${assets[0]}"`);
    expect(html).toContain('src="https://example.invalid/remote.png"');
    expect(html).not.toMatch(/file:|outside-the-folder|not-image/);
    expect(article.leadImage).toBe(`tidings-asset:${assets[0]}`);
    await archive.close();
  });

  it('still imports .txt files and refuses other types', async () => {
    const { archive } = await fresh();
    const seedCount = (await archive.listArticles({})).total;
    expect(seedCount).toBe(1);
    await expect(archive.importFile(path.join(fixtures, 'missing.pdf'))).rejects.toThrow(/cannot import \.pdf files/);
    await archive.close();
  });
});
