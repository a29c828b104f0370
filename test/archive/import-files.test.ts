// importLibrary on real export files (A's parsers, not mocked), written here with the quirks
// that matter to the archive: Wallabag's shipped hostile HTML stored sanitized with its
// annotations anchored in the text and never fetched, Pocket's states and tags kept, and a
// file with bad rows importing the good ones. Pages the files do not ship point at a closed
// port on 127.0.0.1 (no test leaves the machine).

import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openArchive } from '../../src/archive/index.js';

const DEAD = 'http://127.0.0.1:9';
const STORY = '<p>Stars are <b>far</b> away.</p>' + '<p>The telescope on the hill saw a comet pass over the lake on a cold night in March.</p>'.repeat(6);

function write(dir: string, name: string, text: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}

describe('importLibrary on export files', () => {
  it('Wallabag: shipped HTML sanitized and stored (never fetched), annotations anchored, archived → read, bad URL a problem', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tidings-import-wallabag-'));
    const archive = await openArchive(dir);
    try {
      const file = write(dir, 'wallabag.json', JSON.stringify([
        {
          is_archived: 1, is_starred: 0, tags: ['Science', ' '], id: 1, title: 'Stars', url: `${DEAD}/w1`,
          content: `${STORY}<script>alert(1)</script><img src=x onerror=alert(2)><a href="javascript:alert(3)">x</a><iframe src="https://evil.example/"></iframe>`,
          created_at: '2023-11-14T23:13:20+0100', language: 'en',
          annotations: [{ id: 7, text: 'so true', quote: 'Stars are far away.', created_at: '2023-11-15T09:00:00+0100' }],
        },
        { is_archived: 0, is_starred: 1, tags: [], id: 2, title: 'Bad', url: 'javascript:alert(document.cookie)', content: '', created_at: '2023-11-14T23:13:20+0100' },
      ]));
      const result = await archive.importLibrary(file);
      expect(result).toMatchObject({ format: 'wallabag', added: 1, stored: 1, queued: 0 });
      expect(result.problems).toHaveLength(1);
      const [summary] = (await archive.search('telescope')).items;
      const article = await archive.getArticle(summary!.id);
      expect(article).toMatchObject({ title: 'Stars', read: true, starred: false, tags: ['Science'], extraction: { status: 'done' } });
      expect(article.savedAt).toBe('2023-11-14T22:13:20.000Z');
      for (const bad of ['<script', 'onerror', 'javascript:', '<iframe']) expect(article.html.toLowerCase()).not.toContain(bad);
      const [h] = article.highlights!;
      expect(h).toMatchObject({ note: 'so true', color: 'yellow' });
      expect(article.text.slice(h!.position!.start, h!.position!.end)).toBe('Stars are far away.');
      expect((await archive.importStatus()).waiting + (await archive.importStatus()).running).toBe(0);
    } finally {
      await archive.close();
    }
  });

  it('Pocket CSV: saved dates, tags, archive → read; a dead page fails with the reason', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tidings-import-pocket-'));
    const archive = await openArchive(dir);
    try {
      const file = write(dir, 'pocket.csv', `title,url,time_added,tags,status\r\n"Commas, in a title",${DEAD}/p1,1700000000,a|b,archive\r\n,${DEAD}/p2,1700000001,,unread\r\n`);
      const result = await archive.importLibrary(file, { tags: ['from pocket'] });
      expect(result).toMatchObject({ format: 'pocket-csv', items: 2, added: 2, queued: 2, problems: [] });
      const status = await archive.waitForImports(30);
      expect(status).toMatchObject({ waiting: 0, running: 0, failed: 2 });
      const items = (await archive.listArticles({ limit: 50 })).items.filter((a) => a.url?.startsWith(DEAD));
      const first = items.find((a) => a.url === `${DEAD}/p1`)!;
      expect(first).toMatchObject({ title: 'Commas, in a title', read: true, tags: ['a', 'b', 'from pocket'], savedAt: '2023-11-14T22:13:20.000Z' });
      expect(first.extraction.status).toBe('failed');
      expect(first.extraction.reason).toBeTruthy();
      expect(items.find((a) => a.url === `${DEAD}/p2`)!.title).toBe(`${DEAD}/p2`);
    } finally {
      await archive.close();
    }
  }, 60_000);

  it('refuses what is not a regular file (a device, a kernel file, a folder) before reading it', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tidings-import-special-'));
    const archive = await openArchive(dir);
    try {
      for (const file of ['/dev/zero', '/proc/self/status', dir]) {
        await expect(archive.importLibrary(file), file).rejects.toMatchObject({ kind: 'invalid', message: expect.stringContaining('not a regular file') });
      }
    } finally {
      await archive.close();
    }
  });
});
