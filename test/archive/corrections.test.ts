// Publisher corrections (issue 11 item 9): an item whose content changed at the source is
// updated in place at the next refresh (title, text, excerpt, search), keeping read, starred,
// tags, saved and added times and its place in the list; an article whose full text was
// extracted keeps it; unchanged items are not rewritten; a feed that changes nothing but a
// build time or cache-busting query strings rewrites nothing; one that rewrites its items at
// every refresh is followed a few times, then the user is told.

import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Archive, ArchiveEvent } from '../../src/api.js';
import { openArchive } from '../../src/archive/index.js';
import { MAX_CORRECTIONS } from '../../src/archive/corrections.js';
import { type LocalServer, startServer } from '../net/local-server.js';

const long = (topic: string) =>
  Array.from({ length: 6 }, (_, i) => `<p>${topic} paragraph ${i + 1}: the harbour master said the new quay would open in spring, weather and budget allowing, for boats of every size.</p>`).join('');

/** What the feed serves now: items of [guid, title, body html]. */
let items: [string, string, string][] = [];
let server: LocalServer;
let imageHits = 0;

const rss = () => `<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Harbour News</title><link>${server.origin}/</link><description>d</description>
${items.map(([guid, title, body]) => `<item><guid>${guid}</guid><title>${title}</title><link>${server.origin}/${guid}.html</link><description>${title}</description><content:encoded><![CDATA[${body}]]></content:encoded></item>`).join('\n')}
</channel></rss>`;

beforeAll(async () => {
  server = await startServer((req, res) => {
    if (req.url === '/feed.xml') return res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rss());
    if (req.url?.startsWith('/img.png')) {
      imageHits++;
      return res.writeHead(200, { 'content-type': 'image/png' }).end(Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64'));
    }
    if (req.url?.endsWith('.html')) {
      const body = `<!doctype html><html><head><title>Page</title></head><body><article><h1>Full page</h1>${long('Full page text')}</article></body></html>`;
      return res.writeHead(200, { 'content-type': 'text/html' }).end(body);
    }
    res.writeHead(404).end();
  });
});

afterAll(async () => {
  await server.close();
});

async function fresh(): Promise<{ archive: Archive; dir: string; events: ArchiveEvent[] }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tidings-corrections-'));
  const archive = await openArchive(dir);
  const events: ArchiveEvent[] = [];
  archive.on((e) => events.push(e));
  return { archive, dir, events };
}

async function subscribe(archive: Archive): Promise<string> {
  const added = await archive.addFeed(server.url('/feed.xml'));
  if (added.status !== 'added') throw new Error(added.status);
  return added.feed.id;
}

const byGuid = async (archive: Archive, feedId: string, guid: string) => (await archive.listArticles({ feedId, limit: 100 })).items.find((a) => a.guid === guid)!;
const changedIds = (events: ArchiveEvent[]) => events.flatMap((e) => (e.type === 'changed' && e.what === 'articles' ? e.ids ?? [] : []));

describe('publisher corrections', () => {
  it('updates a corrected item in place and keeps what the user did with it', async () => {
    items = [['q1', 'Quay opens in sprng', long('Quay')], ['q2', 'Ferry timetable', long('Ferry')]];
    const { archive, dir, events } = await fresh();
    const feedId = await subscribe(archive);
    const before = await byGuid(archive, feedId, 'q1');
    const other = await byGuid(archive, feedId, 'q2');
    await archive.setRead([before.id], true);
    await archive.setStarred([before.id], true);
    await archive.tagArticles([before.id], ['harbour']);
    const otherFile = path.join(dir, 'articles', `${other.id}.html`);
    const otherWritten = statSync(otherFile).mtimeMs;

    await archive.flush();
    const rankBefore = JSON.parse(readFileSync(path.join(dir, 'library.json'), 'utf8')).articles[before.id].feedRank;
    expect(Number.isSafeInteger(rankBefore)).toBe(true);

    items[0] = ['q1', 'Quay opens in spring', `${long('Quay')}<p>Correction: the quay opens in April, not March.</p>`];
    events.length = 0;
    await archive.refresh({ feedId });
    const after = await byGuid(archive, feedId, 'q1');
    expect(after.id).toBe(before.id);
    expect(after).toMatchObject({ title: 'Quay opens in spring', read: true, starred: true, tags: ['harbour'], addedAt: before.addedAt, publishedAt: before.publishedAt, savedAt: null });
    expect((await archive.getArticle(after.id)).text).toContain('opens in April');
    expect((await archive.listArticles({ query: 'April' })).items.map((a) => a.id)).toEqual([after.id]);
    await archive.flush();
    const stored = JSON.parse(readFileSync(path.join(dir, 'library.json'), 'utf8')).articles;
    expect(stored[after.id].feedRank).toBe(rankBefore);
    expect(stored[after.id].corrections).toBe(1);
    // The item that did not change was not written again, nor announced.
    expect(changedIds(events)).toEqual([after.id]);
    expect(statSync(otherFile).mtimeMs).toBe(otherWritten);
    expect((await archive.listArticles({ feedId })).total).toBe(2);
    await archive.close();
  });

  it('an extracted article keeps its full text; only its title follows the feed', async () => {
    items = [['x1', 'Storm warning', 'Short teaser.']];
    const { archive } = await fresh();
    const feedId = await subscribe(archive);
    const first = await byGuid(archive, feedId, 'x1');
    await archive.extractArticle(first.id);
    expect((await archive.getArticle(first.id)).text).toContain('Full page text paragraph 6');

    items = [['x1', 'Storm warning lifted', 'Short teaser, corrected.']];
    await archive.refresh({ feedId });
    const after = await archive.getArticle(first.id);
    expect(after.title).toBe('Storm warning lifted');
    expect(after.extraction.status).toBe('done');
    expect(after.text).toContain('Full page text paragraph 6');
    expect(after.text).not.toContain('corrected');
    await archive.close();
  });

  it('a build time or cache-busting query strings changing at every fetch rewrite nothing and fetch no image again', async () => {
    let n = 0;
    const body = () => `<!-- generated ${n} --><p><img src="${server.origin}/img.png?v=${n}"></p>${long('Tide')}<p><a href="${server.origin}/more?utm_source=${n}">more</a></p>`;
    items = [['t1', 'Tide tables', body()]];
    const { archive, events } = await fresh();
    const feedId = await subscribe(archive);
    // The first refresh's image comes in the background: let it arrive (and rewrite the HTML,
    // a change of its own) before counting, or a slow machine sees it during the loop below.
    await archive.waitForImages(30);
    const hitsAfterFirst = imageHits;
    for (n = 1; n <= 3; n++) {
      items = [['t1', 'Tide tables', body()]];
      events.length = 0;
      await archive.refresh({ feedId });
      expect(changedIds(events)).toEqual([]);
    }
    expect(imageHits).toBe(hitsAfterFirst);
    await archive.close();
  });

  it(`an item rewritten at every refresh is followed ${MAX_CORRECTIONS} times, then the user is told and it stays`, async () => {
    let n = 0;
    items = [['c1', 'Live blog', `${long('Live')}<p>Last update ${n}</p>`]];
    const { archive, events } = await fresh();
    const feedId = await subscribe(archive);
    const id = (await byGuid(archive, feedId, 'c1')).id;
    for (n = 1; n <= MAX_CORRECTIONS + 2; n++) {
      items = [['c1', 'Live blog', `${long('Live')}<p>Last update ${n}</p>`]];
      await archive.refresh({ feedId });
    }
    expect((await archive.getArticle(id)).text).toContain(`Last update ${MAX_CORRECTIONS}`);
    const notices = events.filter((e) => e.type === 'notice' && /later changes at the source are not applied/.test(e.message));
    expect(notices).toHaveLength(1);
    await archive.close();
  });

  it('items stored before raw hashes were kept get one quietly, without being rewritten', async () => {
    items = [['o1', 'Old item', long('Old')]];
    const { archive, dir } = await fresh();
    const feedId = await subscribe(archive);
    const id = (await byGuid(archive, feedId, 'o1')).id;
    await archive.close();
    const file = path.join(dir, 'library.json');
    const data = JSON.parse(readFileSync(file, 'utf8'));
    expect(data.articles[id].rawHash).toMatch(/^[0-9a-f]{64}$/);
    delete data.articles[id].rawHash;
    data.feeds[feedId].http = { etag: null, lastModified: null, bodyHash: null };
    writeFileSync(file, JSON.stringify(data));

    const again = await openArchive(dir);
    const events: ArchiveEvent[] = [];
    again.on((e) => events.push(e));
    await again.refresh({ feedId });
    expect(changedIds(events)).toEqual([]);
    await again.flush();
    expect(JSON.parse(readFileSync(file, 'utf8')).articles[id].rawHash).toMatch(/^[0-9a-f]{64}$/);
    await again.close();
  });
});
