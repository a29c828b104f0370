// importLibrary's records: what is kept of each item (saved date, title, tags, read, star,
// note, highlights anchored in the text), shipped content sanitized and never fetched,
// placeholders for the rest, the same file twice adding nothing, merging with what is here,
// a deleted article not brought back, a file that is no format leaving the library as it was,
// and 10,000 items made records in bulk (one `changed` event). The parser is mocked: a file
// here is a ParsedImport as JSON (src/imports is tested on its own).

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ArchiveEvent } from '../../src/api.js';
import { openArchive } from '../../src/archive/index.js';
import { dataDir, exportFile, item, paragraphs, parsed, type PageServer, startPageServer } from './import-helpers.js';

vi.mock('../../src/imports/index.js', async () => (await import('./import-helpers.js')).mockParser());

let server: PageServer;
beforeAll(async () => {
  server = await startPageServer();
});
afterAll(() => server.close());

const HOSTILE = `<article><h1>Hostile</h1>${paragraphs('Hostile')}
<script>window.stolen = 1</script><img src="x.png" onerror="alert(1)"><a href="javascript:alert(2)">click</a>
<iframe src="https://evil.example/"></iframe><meta http-equiv="refresh" content="0;url=https://evil.example/">
<img src="https://images.example/photo.jpg" alt="photo"><p>The quote   spans
 odd whitespace here.</p></article>`;

describe('importLibrary records', () => {
  it('keeps the saved date, title, tags, read and star, note and highlights; stores shipped content sanitized, never fetched', async () => {
    const dir = dataDir('import-records');
    const archive = await openArchive(dir);
    try {
      const hits = server.hits.length;
      const file = exportFile(dir, 'export.json', parsed([
        item(`${server.base}/shipped/1`, {
          title: 'Shipped one', savedAt: '2019-03-04T05:06:07.000Z', tags: ['  Cooking ', 'Read Later'], read: true, starred: true, note: 'my note',
          content: { html: HOSTILE, byline: 'Ann', publishedAt: null, lang: 'en', siteName: null, excerpt: null },
          highlights: [
            { exact: 'keep the old library open', note: 'nice', createdAt: '2019-03-05T00:00:00.000Z', color: 'green' },
            { exact: 'The quote spans odd whitespace', note: null, createdAt: null, color: null },
            { exact: 'words that are not in the text', note: null, createdAt: null, color: null },
          ],
        }),
        item(`${server.base}/p/later`, { title: 'To fetch later', savedAt: '2020-01-01T00:00:00.000Z', highlights: [{ exact: 'paragraph 2', note: null, createdAt: null, color: null }] }),
      ]));
      const result = await archive.importLibrary(file, { tags: ['imported'] });
      expect(result).toMatchObject({ items: 2, added: 2, merged: 0, unchanged: 0, stored: 1, queued: 1, problems: [] });
      // Shipped content is never fetched.
      expect(server.hits.slice(hits).filter((p) => p.startsWith('/shipped'))).toEqual([]);

      const list = await archive.listArticles({});
      const shipped = list.items.find((a) => a.title === 'Shipped one')!;
      const detail = await archive.getArticle(shipped.id);
      expect(detail.savedAt).toBe('2019-03-04T05:06:07.000Z');
      expect(detail.tags).toEqual(['Cooking', 'Read Later', 'imported']);
      expect(detail).toMatchObject({ read: true, starred: true, note: 'my note', byline: 'Ann' });
      expect(detail.extraction.status).toBe('done');
      for (const bad of ['<script', 'onerror', 'javascript:', '<iframe', 'http-equiv']) expect(detail.html.toLowerCase()).not.toContain(bad);
      // Highlights are kept oldest first, then by id (the same order on every machine): find them by quote.
      const byQuote = (text: string) => detail.highlights!.find((h) => h.quote.exact.replace(/\s+/g, ' ') === text);
      const [exact, loose, missing] = ['keep the old library open', 'The quote spans odd whitespace', 'words that are not in the text'].map(byQuote);
      expect(detail.highlights).toHaveLength(3);
      expect(exact!.quote.exact).toBe('keep the old library open');
      expect(detail.text.slice(exact!.position!.start, exact!.position!.end)).toBe('keep the old library open');
      expect(exact!.quote.prefix.length).toBe(32);
      expect(exact!).toMatchObject({ color: 'green', note: 'nice', createdAt: '2019-03-05T00:00:00.000Z' });
      expect(detail.text.slice(loose!.position!.start, loose!.position!.end).replace(/\s+/g, ' ')).toBe('The quote spans odd whitespace');
      expect(loose!.color).toBe('yellow');
      expect(missing!.position).toBeNull();

      // The shipped page's remote image waits in the image queue, as a feed item's does.
      expect(detail.html).toContain('https://images.example/photo.jpg');
      expect((await archive.imageStatus()).articles).toBeGreaterThanOrEqual(1);

      const later = list.items.find((a) => a.title === 'To fetch later')!;
      const placeholder = await archive.getArticle(later.id);
      expect(placeholder.extraction.status).toBe('pending');
      expect(placeholder.html).toContain(`${server.base}/p/later`);
      expect(placeholder.highlights![0]!.position).toBeNull();
    } finally {
      await archive.close();
    }
  });

  it('imports the same file twice without adding anything; merges into what is here; never revives a deleted article', async () => {
    const dir = dataDir('import-merge');
    const archive = await openArchive(dir, {});
    try {
      const seeded = (await archive.stats()).articles;
      const saved = await archive.saveUrl(`${server.base}/p/saved?utm_source=x`, { tags: ['mine'] });
      const savedAt = (await archive.getArticle(saved.id)).savedAt!;
      const gone = await archive.saveUrl(`${server.base}/p/deleted`);
      await archive.deleteArticles([gone.id]);
      const items = [
        item(`${server.base}/p/saved`, { tags: ['from-file'], starred: true, savedAt: '2010-01-01T00:00:00.000Z', highlights: [{ exact: 'paragraph 3', note: null, createdAt: null, color: null }] }),
        item(`${server.base}/p/deleted`, { title: 'Deleted before' }),
        item(`${server.base}/shipped/new`, { title: 'New', content: { html: `<article>${paragraphs('New')}</article>`, byline: null, publishedAt: null, lang: null, siteName: null, excerpt: null } }),
      ];
      const file = exportFile(dir, 'twice.json', parsed(items));
      const first = await archive.importLibrary(file);
      expect(first).toMatchObject({ items: 3, added: 1, merged: 1, unchanged: 0, deleted: 1 });
      const merged = await archive.getArticle(saved.id);
      expect(merged.tags).toEqual(['mine', 'from-file']);
      expect(merged.starred).toBe(true);
      expect(merged.savedAt).toBe('2010-01-01T00:00:00.000Z');
      expect(savedAt > '2010').toBe(true);
      expect(merged.highlights).toHaveLength(1);
      expect(merged.highlights![0]!.position).not.toBeNull();
      expect((await archive.stats()).articles).toBe(seeded + 2);

      const second = await archive.importLibrary(file);
      expect(second).toMatchObject({ items: 3, added: 0, merged: 0, unchanged: 2, deleted: 1 });
      expect((await archive.getArticle(saved.id)).highlights).toHaveLength(1);
      expect((await archive.stats()).articles).toBe(seeded + 2);
    } finally {
      await archive.close();
    }
  });

  it('refuses a file that is no format with the reason, leaving the library as it was', async () => {
    const dir = dataDir('import-invalid');
    const archive = await openArchive(dir);
    try {
      await archive.importLibrary(exportFile(dir, 'one.json', parsed([item(`${server.base}/shipped/a`, { title: 'A' })])));
      // Its page is fetched in the background: let that end first, or it changes the record meanwhile.
      await archive.waitForImports(60);
      await archive.flush();
      const before = JSON.parse(readFileSync(path.join(dir, 'library.json'), 'utf8')).articles;
      const garbage = path.join(dir, 'garbage.txt');
      (await import('node:fs')).writeFileSync(garbage, 'this is nothing anyone exports');
      await expect(archive.importLibrary(garbage)).rejects.toMatchObject({ kind: 'invalid', message: expect.stringContaining('not a format') });
      await archive.flush();
      expect(JSON.parse(readFileSync(path.join(dir, 'library.json'), 'utf8')).articles).toEqual(before);
    } finally {
      await archive.close();
    }
  });

  it('takes the same page listed twice in the file once, with what both say, and counts it (not a problem)', async () => {
    const dir = dataDir('import-dupes');
    const archive = await openArchive(dir);
    try {
      const file = exportFile(dir, 'dupes.json', parsed([item(`${server.base}/shipped/d`, { line: 2 }), item(`${server.base}/shipped/d#frag`, { line: 3, tags: ['later'], starred: true })], { problems: [{ line: 4, item: 'x', reason: 'unclosed quote' }] }));
      const result = await archive.importLibrary(file);
      expect(result.added).toBe(1);
      expect(result.duplicates).toBe(1);
      expect(result.problems).toEqual([{ line: 4, item: 'x', reason: 'unclosed quote' }]);
      const [only] = (await archive.listArticles({ view: 'saved' })).items.filter((a) => a.url?.includes('/shipped/d'));
      expect(only).toMatchObject({ starred: true, tags: expect.arrayContaining(['later']) });
    } finally {
      await archive.close();
    }
  });

  it('makes 10,000 records in bulk within seconds: one changed event, read → records → done', async () => {
    const dir = dataDir('import-bulk');
    const archive = await openArchive(dir);
    const events: ArchiveEvent[] = [];
    archive.on((e) => events.push(e));
    try {
      const seeded = (await archive.stats()).articles;
      const items = Array.from({ length: 10_000 }, (_, i) => item(`https://site${i % 50}.invalid/article/${i}`, { title: `Article ${i}`, tags: [`t${i % 7}`], savedAt: new Date(1_500_000_000_000 + i * 1000).toISOString() }));
      const file = exportFile(dir, 'bulk.json', parsed(items));
      const started = performance.now();
      const result = await archive.importLibrary(file);
      const ms = performance.now() - started;
      // The figure for the report (the files' fsyncs dominate: two per article).
      process.stderr.write(`import: 10,000 records in ${Math.round(ms)} ms\n`);
      expect(result).toMatchObject({ added: 10_000, queued: 10_000 });
      expect(ms).toBeLessThan(45_000);
      expect(events.filter((e) => e.type === 'changed' && e.what === 'articles')).toHaveLength(1);
      const phases = events.filter((e) => e.type === 'import').map((e) => (e as { phase: string }).phase);
      expect(phases[0]).toBe('read');
      expect(phases).toContain('records');
      expect(phases.filter((p) => p !== 'fetch').at(-1)).toBe('done');
      expect((await archive.stats()).articles).toBe(seeded + 10_000);
    } finally {
      await archive.close();
    }
  }, 60_000);
});

