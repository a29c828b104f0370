// Importing OPML: duplicates, nested folders, hostile URLs, a thousand outlines, and the first
// refresh of the new feeds started at once (with progress events) or waited for.

import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Archive, ArchiveEvent } from '../../src/api.js';
import { openArchive } from '../../src/archive/index.js';
import { type LocalServer, startServer } from '../net/local-server.js';

let dir: string;
let archive: Archive;
let server: LocalServer;
const hits: string[] = [];

function rss(name: string): string {
  return `<?xml version="1.0"?><rss version="2.0"><channel><title>${name}</title><link>https://${name}.example/</link><item><guid>${name}-1</guid><title>${name} one</title><link>https://${name}.example/1</link><description>body</description></item></channel></rss>`;
}

beforeEach(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'tidings-opml-'));
  archive = await openArchive(dir);
  hits.length = 0;
  server = await startServer((req, res) => {
    hits.push(req.url ?? '');
    const name = /^\/(\w+)\.xml$/.exec(req.url ?? '')?.[1];
    if (name) res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rss(name));
    else res.writeHead(404).end();
  });
});

afterEach(async () => {
  await archive.close();
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

const outline = (url: string, text = 'Feed') => `<outline type="rss" text="${text}" xmlUrl="${url}"/>`;
const opml = (body: string) => `<?xml version="1.0"?><opml version="2.0"><head><title>t</title></head><body>${body}</body></opml>`;

describe('importOpml', () => {
  it('counts duplicates and invalid outlines (javascript:, data:, not a URL) and adds none of them', async () => {
    const xml = opml([
      outline(server.url('/a.xml'), 'A'),
      outline(server.url('/a.xml'), 'A again'),
      outline(`${server.origin.replace('http://', 'HTTP://')}/a.xml`, 'A shouted'),
      outline('javascript:alert(1)', 'Evil'),
      outline('data:application/rss+xml,&lt;rss/&gt;', 'Inline'),
      outline('not a url', 'Typo'),
    ].join(''));
    const result = await archive.importOpml(xml, {});
    expect(result).toMatchObject({ added: 1, existing: 0, duplicates: 2, invalid: 3 });
    expect(result.errors).toHaveLength(3);
    expect((await archive.listFeeds()).map((f) => f.url)).toEqual([server.url('/a.xml')]);
  });

  it('keeps nested folders as paths and says how many feeds it skipped as already there', async () => {
    await archive.importOpml(opml(outline(server.url('/a.xml'), 'A')));
    const xml = opml(`<outline text="Tech"><outline text="JS">${outline(server.url('/b.xml'), 'B')}</outline>${outline(server.url('/a.xml'), 'A')}</outline>`);
    expect(await archive.importOpml(xml, {})).toMatchObject({ added: 1, existing: 1, duplicates: 0, invalid: 0 });
    expect((await archive.listFeeds()).find((f) => f.title === 'B')?.folder).toBe('Tech/JS');
  });

  it('adds 1,000 outlines and fetches nothing unless asked', async () => {
    const xml = opml(Array.from({ length: 1000 }, (_, i) => outline(`https://feeds${i}.example/rss`, `F${i}`)).join(''));
    expect(await archive.importOpml(xml, {})).toMatchObject({ added: 1000, invalid: 0, duplicates: 0 });
    expect(await archive.listFeeds()).toHaveLength(1000);
    expect(hits).toEqual([]);
  });

  it("with refresh 'start', answers at once and refreshes only the new feeds, with progress events", async () => {
    await archive.importOpml(opml(outline(server.url('/old.xml'), 'Old')));
    const events: ArchiveEvent[] = [];
    archive.on((e) => events.push(e));
    const result = await archive.importOpml(opml([outline(server.url('/a.xml'), 'A'), outline(server.url('/b.xml'), 'B'), outline(server.url('/old.xml'), 'Old')].join('')), { refresh: 'start' });
    expect(result).toMatchObject({ added: 2, existing: 1, refreshing: 2 });
    // The cleaning workers start cold: on a loaded machine the first items take seconds.
    await expect.poll(() => events.some((e) => e.type === 'refresh' && e.phase === 'done' && e.total === 2), { timeout: 60_000 }).toBe(true);
    // Only the new feeds: the one already there is not fetched (icons may be fetched as well).
    expect([...new Set(hits.filter((h) => h.endsWith('.xml')))].sort()).toEqual(['/a.xml', '/b.xml']);
    expect(events.filter((e) => e.type === 'refresh' && e.phase === 'feed').map((e) => e.type === 'refresh' && e.title).sort()).toEqual(['A', 'B']);
    expect((await archive.listFeeds()).filter((f) => f.title === 'A' || f.title === 'B').map((f) => f.total)).toEqual([1, 1]);
  }, 90_000);

  it("with refresh 'wait', answers with the summary of the first refresh", async () => {
    const result = await archive.importOpml(opml([outline(server.url('/a.xml')), outline(server.url('/missing'))].join('')), { refresh: 'wait' });
    expect(result).toMatchObject({ added: 2, refresh: { feeds: 2, ok: 1, failed: 1, newArticles: 1 } });
  }, 90_000);

  it('keeps the result of a call without options as it was (no counts, no refresh)', async () => {
    expect(await archive.importOpml(opml(outline(server.url('/a.xml')) + outline('javascript:x')))).toEqual({ added: 1, existing: 0, folders: 0, errors: ['opml: javascript:x: not an http(s) feed URL'] });
    expect(hits).toEqual([]);
  });

  it('refuses an unknown refresh mode through the contract', async () => {
    const { checkCall } = await import('../../src/contract/index.js');
    expect(() => checkCall('importOpml', [opml(''), { refresh: 'later' }])).toThrow();
    expect(() => checkCall('importOpml', [opml(''), { refresh: 'start' }])).not.toThrow();
  });
});
