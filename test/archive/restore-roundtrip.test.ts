// Export → restore into a fresh data directory gives back the same articles: ids, dates, states,
// tags, highlights and the note, HTML, text and images, byte for byte. Restored again, or into
// an archive that already holds them, nothing is duplicated: states merge as a sync would,
// content stays, a deleted article stays deleted.

import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openArchive } from '../../src/archive/index.js';
import { restoreArchive } from '../../src/archive/restore.js';
import type { ArticleRecord, LibraryData } from '../../src/model/index.js';
import { fillArchive } from './export-fixture.js';
import { openContext } from './restore-context.js';

let dir: string;
let zip: string;
let source: LibraryData;
let ids: string[];
const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'tidings-restore-'));
  const files = path.join(dir, 'files');
  mkdirSync(files);
  const dataA = path.join(dir, 'a');
  const archive = await openArchive(dataA);
  ids = await fillArchive(archive, files);
  await archive.close();
  // Highlights and a note, written as the store writes them.
  const a = await openContext(dataA);
  a.ctx.library.change((data) => {
    data.articles[ids[0]!]!.highlights = [{ id: 'h1', quote: { type: 'TextQuoteSelector', exact: 'dots', prefix: 'about ', suffix: ' and' }, position: { type: 'TextPositionSelector', start: 13, end: 17 }, color: 'green', note: 'see "dots": here', createdAt: '2026-01-02T03:04:05.000Z' }];
    data.articles[ids[0]!]!.note = 'A note\nover two lines';
    data.articles[ids[1]!]!.publishedAt = '2001-02-03T04:05:06.000Z';
  });
  await a.close();
  const again = await openArchive(dataA);
  zip = path.join(dir, 'export.zip');
  await again.exportLibrary(zip, { format: 'archive' });
  await again.close();
  const read = await openContext(dataA);
  source = structuredClone(read.ctx.data);
  await read.close();
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('restore of an archive export', () => {
  it('into a fresh data directory: the same records field by field, the same files by sha256', async () => {
    const dataB = path.join(dir, 'b');
    const b = await openContext(dataB);
    const result = await restoreArchive(b.ctx, zip, { sanitize: b.sanitize });
    const exported = Object.keys(source.articles);
    expect(result).toMatchObject({ format: 'tidings', items: exported.length, added: exported.length, merged: 0, unchanged: 0, queued: 0, problems: [] });
    for (const id of exported) {
      const here = b.ctx.data.articles[id] as ArticleRecord;
      const there = source.articles[id]!;
      for (const field of new Set([...Object.keys(here), ...Object.keys(there)])) expect([id, field, here[field as keyof ArticleRecord]]).toEqual([id, field, there[field as keyof ArticleRecord]]);
      for (const ext of ['html', 'txt']) expect(sha(path.join(dataB, 'articles', `${id}.${ext}`))).toBe(sha(path.join(dir, 'a', 'articles', `${id}.${ext}`)));
    }
    expect(b.ctx.data.articles[ids[0]!]!.highlights![0]!.note).toBe('see "dots": here');
    expect(b.ctx.data.tombstones).toEqual(source.tombstones);
    const assets = readdirSync(path.join(dataB, 'assets'));
    expect(assets).toHaveLength(1);
    expect(sha(path.join(dataB, 'assets', assets[0]!))).toBe(sha(path.join(dir, 'a', 'assets', assets[0]!)));
    await b.close();
    // The records went through the journal (other devices get them) and survive a reopen.
    const reopened = await openContext(dataB);
    expect(Object.keys(reopened.ctx.data.articles).sort()).toEqual(exported.sort());
    expect(readdirSync(path.join(dataB, 'journal')).length).toBeGreaterThan(0);
    await reopened.close();
  }, 60_000);

  it('into an archive that holds them: no duplicates, states merged, content kept, deleted stays deleted', async () => {
    const dataC = path.join(dir, 'c');
    const c = await openContext(dataC);
    await restoreArchive(c.ctx, zip, { sanitize: c.sanitize });
    const [one, two] = ids as [string, string];
    c.ctx.library.change((data) => {
      data.articles[one]!.starred = false;
      data.articles[one]!.tags = ['mine'];
      data.articles[one]!.title = 'A title changed here';
      delete data.articles[two];
      data.tombstones[two] = new Date().toISOString();
    });
    const second = await restoreArchive(c.ctx, zip, { sanitize: c.sanitize });
    // The one deleted here stays deleted, the seed article is unchanged, the other merges.
    expect(second).toMatchObject({ added: 0, merged: 1, deleted: 1, unchanged: second.items - 2 });
    const article = c.ctx.data.articles[one]!;
    expect(article.starred).toBe(true);
    expect(article.tags).toEqual(['mine', 'pics']);
    expect(article.title).toBe('A title changed here');
    expect(c.ctx.data.articles[two]).toBeUndefined();
    const third = await restoreArchive(c.ctx, zip, { sanitize: c.sanitize });
    expect(third).toMatchObject({ added: 0, merged: 0, deleted: 1, unchanged: third.items - 1 });
    await c.close();
  }, 60_000);
});
