// The background fetching of imported pages: through the extraction queue, politely (a server
// on 127.0.0.1 counts requests at once and their start times: never more than PER_HOST at once,
// starts HOST_GAP_MS apart), keeping the file's title and the user's state; resumed after the
// archive was closed mid-fetch; dead pages kept as failed with the reason, or read from the
// Wayback Machine (a look-alike on 127.0.0.1) when the setting is on, and never from anywhere
// a hostile availability answer points to. The parser is mocked (see import-records.test.ts).

import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { openArchive } from '../../src/archive/index.js';
import { HOST_GAP_MS, PER_HOST } from '../../src/archive/import-fetch.js';
import { dataDir, exportFile, item, parsed, type PageServer, startPageServer } from './import-helpers.js';

vi.mock('../../src/imports/index.js', async () => (await import('./import-helpers.js')).mockParser());

let server: PageServer;
beforeAll(async () => {
  server = await startPageServer();
});
afterAll(() => server.close());
beforeEach(() => {
  server.delayMs = 0;
  server.wayback = null;
});

describe('importLibrary background fetching', () => {
  it('fetches placeholders politely: at most PER_HOST at once per host, starts apart; title and state kept', async () => {
    const dir = dataDir('import-polite');
    const archive = await openArchive(dir);
    try {
      server.delayMs = 150;
      const fetchEvents: { done: number; total: number }[] = [];
      archive.on((e) => {
        if (e.type === 'import' && e.phase === 'fetch') fetchEvents.push({ done: e.done, total: e.total });
      });
      const items = Array.from({ length: 10 }, (_, i) => item(`${server.base}/p/polite-${i}`, { title: i === 0 ? 'Title from the file' : null, starred: i === 1, tags: ['x'] }));
      items[2] = { ...items[2]!, highlights: [{ exact: 'paragraph 4', note: null, createdAt: null, color: null }] };
      const result = await archive.importLibrary(exportFile(dir, 'polite.json', parsed(items)));
      expect(result).toMatchObject({ added: 10, queued: 10 });
      const status = await archive.waitForImports(60);
      expect(status).toMatchObject({ waiting: 0, running: 0, done: 10, failed: 0 });
      // Progress as the pages come: the last event says all of them.
      expect(fetchEvents.length).toBeGreaterThan(1);
      expect(fetchEvents.at(-1)).toEqual({ done: 10, total: 10 });
      const host = new URL(server.base).host;
      expect(server.maxAtOnce.get(host)).toBeLessThanOrEqual(PER_HOST);
      const starts = server.starts.get(host)!.filter((_, i) => i > 0);
      const all = server.starts.get(host)!;
      const gaps = starts.map((t, i) => t - all[i]!);
      // Measured at the server: the request reaches it a little after the start, with some jitter.
      expect(Math.min(...gaps)).toBeGreaterThanOrEqual(HOST_GAP_MS / 2);

      const list = (await archive.listArticles({ limit: 100 })).items;
      const titled = list.find((a) => a.url?.endsWith('/p/polite-0'))!;
      expect(titled.title).toBe('Title from the file');
      expect(titled.extraction.status).toBe('done');
      const untitled = list.find((a) => a.url?.endsWith('/p/polite-3'))!;
      expect(untitled.title).toBe('Page polite-3');
      const starred = await archive.getArticle(list.find((a) => a.url?.endsWith('/p/polite-1'))!.id);
      expect(starred).toMatchObject({ starred: true, tags: ['x'] });
      expect(starred.text).toContain('paragraph 8');
      // A placeholder's highlight finds its place once the page's text is there.
      const marked = await archive.getArticle(list.find((a) => a.url?.endsWith('/p/polite-2'))!.id);
      const [h] = marked.highlights!;
      expect(h!.position).not.toBeNull();
      expect(marked.text.slice(h!.position!.start, h!.position!.end)).toBe('paragraph 4');
    } finally {
      await archive.close();
    }
  }, 60_000);

  it('resumes a fetch cut short by closing the archive at the next open', async () => {
    const dir = dataDir('import-resume');
    let archive = await openArchive(dir);
    server.delayMs = 200;
    const items = Array.from({ length: 8 }, (_, i) => item(`${server.base}/p/resume-${i}`));
    await archive.importLibrary(exportFile(dir, 'resume.json', parsed(items)));
    await archive.waitForImports(1);
    await archive.close();
    archive = await openArchive(dir);
    try {
      const pending = async () => (await archive.listArticles({ limit: 100 })).items.filter((a) => a.url?.includes('/p/resume-') && a.extraction.status === 'pending').length;
      const left = await pending();
      expect(left).toBeGreaterThan(0);
      expect(left).toBeLessThan(8);
      expect((await archive.importStatus()).waiting).toBe(left);
      const status = await archive.waitForImports(60);
      expect(status).toMatchObject({ waiting: 0, running: 0, done: left, failed: 0 });
      expect(await pending()).toBe(0);
    } finally {
      await archive.close();
    }
  }, 60_000);

  it('keeps a dead page as failed with the reason; with the Wayback setting, reads its snapshot and says so', async () => {
    const dir = dataDir('import-dead');
    const archive = await openArchive(dir);
    try {
      await archive.importLibrary(exportFile(dir, 'dead.json', parsed([item(`${server.base}/gone/one`, { title: 'Dead one' })])));
      expect(await archive.waitForImports(30)).toMatchObject({ failed: 1 });
      const dead = (await archive.listArticles({ limit: 100 })).items.find((a) => a.title === 'Dead one')!;
      expect(dead.extraction).toMatchObject({ status: 'failed', reason: expect.stringContaining('410') });

      await archive.updateSettings({ waybackLookup: true, waybackUrl: server.base });
      const url = `${server.base}/gone/two`;
      server.wayback = JSON.stringify({ url, archived_snapshots: { closest: { available: true, status: '200', timestamp: '20200102030405', url: `${server.base}/web/20200102030405/${url}` } } });
      await archive.importLibrary(exportFile(dir, 'dead2.json', parsed([item(url, { title: 'Dead two' })])));
      expect(await archive.waitForImports(30)).toMatchObject({ waiting: 0, running: 0 });
      const two = (await archive.listArticles({ limit: 100 })).items.find((a) => a.url === url)!;
      const detail = await archive.getArticle(two.id);
      expect(detail.extraction.status).toBe('done');
      expect(detail.text).toContain('Archived copy of a dead page');
      expect(detail.title).toBe('Dead two');
      expect(detail.archivedCopy).toEqual({ url: `${server.base}/web/20200102030405id_/${url}`, at: '2020-01-02T03:04:05.000Z' });

      // saveUrl of a dead page takes the same way.
      const saved = await archive.saveUrl(`${server.base}/gone/three`);
      expect(saved.extraction.status).toBe('done');
    } finally {
      await archive.close();
    }
  }, 60_000);

  it('treats a hostile availability answer as no snapshot, never fetching outside the Wayback host', async () => {
    const dir = dataDir('import-wayback-hostile');
    const archive = await openArchive(dir);
    try {
      await archive.updateSettings({ waybackLookup: true, waybackUrl: server.base });
      const url = `${server.base}/gone/hostile`;
      const closest = (extra: object) => JSON.stringify({ archived_snapshots: { closest: { available: true, status: '200', timestamp: '20200102030405', url: `${server.base}/web/20200102030405/${url}`, ...extra } } });
      const answers = [
        'not json at all {',
        JSON.stringify({ archived_snapshots: { closest: { available: true, url: 'x'.repeat(200_000) } } }),
        closest({ url: `http://localhost.invalid/web/20200102030405/${url}` }),
        closest({ url: 'javascript:alert(1)' }),
        closest({ timestamp: '../../etc' }),
        '{"__proto__": {"archived_snapshots": {"closest": {"available": true}}}}',
      ];
      for (const [i, answer] of answers.entries()) {
        server.wayback = answer;
        const hits = server.hits.length;
        const saved = await archive.saveUrl(`${url}-${i}`, { keepFailed: true });
        expect(saved.extraction, answer.slice(0, 40)).toMatchObject({ status: 'failed', reason: expect.stringContaining('410') });
        expect(server.hits.slice(hits).filter((p) => p.startsWith('/web/'))).toEqual([]);
      }
    } finally {
      await archive.close();
    }
  }, 60_000);
});
