// Saving a page that cannot be read is a failure, not "Saved" with a body that is a link:
// saveUrl rejects with a TidingsError and keeps nothing, unless the user asks to keep it to
// retry later (keepFailed), in which case a failed placeholder is kept and extractArticle
// ("Try again") fills it in. A page saved by URL and a feed item of the same normalized URL
// are one article.

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Archive } from '../../src/api.js';
import { openArchive } from '../../src/archive/index.js';
import { TidingsError } from '../../src/errors.js';

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
const story = (title: string) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body><article><h1>${title}</h1>${
  Array.from({ length: 8 }, (_, i) => `<p>${title} paragraph ${i + 1}: the ferry kept running through the winter storms, and the island school stayed open all year.</p>`).join('')
}</article></body></html>`;

let server: Server;
let base = '';
let flakyUp = false;

beforeAll(async () => {
  server = createServer((req, res) => {
    const send = (status: number, type: string, body: string | Buffer) => {
      res.writeHead(status, { 'content-type': type });
      res.end(body);
    };
    switch (req.url) {
      case '/missing': return send(404, 'text/html', '<html><body><h1>Not found</h1></body></html>');
      case '/broken': return send(502, 'text/html', 'bad gateway');
      case '/photo.png': return send(200, 'image/png', PNG);
      case '/report.pdf': return send(200, 'application/pdf', '%PDF-1.4\n%…');
      case '/empty': return send(200, 'text/html; charset=utf-8', '');
      case '/flaky': return flakyUp ? send(200, 'text/html; charset=utf-8', story('The ferry is back')) : send(404, 'text/html', 'not yet');
      case '/ferry': return send(200, 'text/html; charset=utf-8', story('Ferry timetable for winter'));
      case '/feed.xml':
        return send(200, 'application/rss+xml', `<?xml version="1.0"?><rss version="2.0"><channel><title>Island news</title><link>${base}/</link><description>d</description>
<item><title>Ferry timetable</title><link>${base}/ferry/?utm_source=rss</link><guid isPermaLink="false">island-1</guid><description>The ferry runs all winter: the full timetable, every crossing, with the fares for residents and visitors.</description></item>
</channel></rss>`);
      default: return send(404, 'text/plain', 'no');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

async function fresh(): Promise<Archive> {
  return openArchive(mkdtempSync(path.join(os.tmpdir(), 'tidings-failed-save-')));
}

async function rejection(promise: Promise<unknown>): Promise<TidingsError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(TidingsError);
  return error as TidingsError;
}

describe('archive: a failed save is a failure', () => {
  it.each([
    ['a 404', '/missing', /HTTP 404/],
    ['a 5xx', '/broken', /HTTP 502/],
    ['an image', '/photo.png', /not a web page \(image\/png\)/],
    ['a PDF', '/report.pdf', /not a web page \(application\/pdf\)/],
    ['an empty page', '/empty', /no article|no text/],
  ])('%s rejects with a failed TidingsError and keeps nothing', async (_name, page, reason) => {
    const archive = await fresh();
    const before = await archive.stats();
    const error = await rejection(archive.saveUrl(`${base}${page}`));
    expect(error.kind).toBe('failed');
    expect(error.module).toBe('extract');
    expect(error.message).toMatch(reason);
    expect(error.message).toContain(`${base}${page}`);
    // The new archive's welcome article only.
    expect(await archive.stats()).toMatchObject({ articles: before.articles, saved: before.saved, failedExtractions: 0 });
    await archive.close();
  });

  it('keeps a placeholder when asked (keep to retry later); "Try again" fills it in and keeps the user state', async () => {
    const archive = await fresh();
    const before = await archive.stats();
    flakyUp = false;
    const kept = await archive.saveUrl(`${base}/flaky`, { keepFailed: true, tags: ['later'] });
    expect(kept.extraction).toMatchObject({ status: 'failed', reason: 'HTTP 404', attempts: 1 });
    expect(kept).toMatchObject({ source: 'url', url: `${base}/flaky`, tags: ['later'] });
    expect(kept.savedAt).not.toBeNull();
    expect(await archive.stats()).toMatchObject({ articles: before.articles + 1, saved: before.saved + 1, failedExtractions: 1 });
    await archive.setStarred([kept.id], true);

    // Saving it again while it still fails: rejected, the placeholder stays (one more attempt).
    await rejection(archive.saveUrl(`${base}/flaky`));
    expect((await archive.getArticle(kept.id)).extraction).toMatchObject({ status: 'failed', attempts: 2 });

    flakyUp = true;
    const again = await archive.extractArticle(kept.id);
    expect(again.extraction).toMatchObject({ status: 'done', reason: null, attempts: 3 });
    expect(again).toMatchObject({ id: kept.id, title: 'The ferry is back', starred: true, tags: ['later'] });
    expect((await archive.getArticle(kept.id)).text).toContain('paragraph 8');
    expect(await archive.stats()).toMatchObject({ articles: before.articles + 1, failedExtractions: 0 });
    await archive.close();
  });

  it('saving the URL of a feed item (same normalized URL) marks that article saved: one article, not two', async () => {
    const archive = await fresh();
    const before = await archive.stats();
    expect(await archive.addFeed(`${base}/feed.xml`)).toMatchObject({ status: 'added', newArticles: 1 });
    const item = (await archive.listArticles({ view: 'all' })).items.find((a) => a.source === 'feed');
    expect(item!.savedAt).toBeNull();
    const saved = await archive.saveUrl(`${base}/ferry#timetable`, { tags: ['travel'] });
    expect(saved.id).toBe(item!.id);
    expect(saved.savedAt).not.toBeNull();
    expect(saved).toMatchObject({ source: 'feed', title: 'Ferry timetable', tags: ['travel'] });
    expect(await archive.stats()).toMatchObject({ articles: before.articles + 1, saved: before.saved + 1 });
    await archive.close();
  });
});
