// Two imports at once on one archive (two windows, or the CLI while the app runs the same data
// directory through its server): each completes, or one is refused with a clear message, and
// nothing is lost or duplicated: every exported article once, with its files, tags and state.

import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Archive, ImportResult } from '../../src/api.js';
import { openArchive } from '../../src/archive/index.js';
import { exportedArchive } from './export-fixture.js';

let dir: string;
let exported: string;
let pocket: string;
let ids: string[];
const text = (value: string): Uint8Array => new TextEncoder().encode(value);

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'tidings-import-concurrent-'));
  ({ ids, zip: exported } = await exportedArchive(dir));
  pocket = path.join(dir, 'pocket.zip');
  writeFileSync(pocket, zipSync({ 'part_000000.csv': text('title,url,time_added,cursor,tags,status\nFrom Pocket,https://example.invalid/pocket-1,1700000000,a1,later,archive\n') }));
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Each import fulfilled, or refused in words that say why (never a crash's message). */
function outcomes(settled: PromiseSettledResult<ImportResult>[]): ImportResult[] {
  const done: ImportResult[] = [];
  for (const s of settled) {
    if (s.status === 'fulfilled') done.push(s.value);
    else expect(String((s.reason as Error).message)).toMatch(/import|busy|another/i);
  }
  expect(done.length, "at least one completes").toBeGreaterThan(0);
  return done;
}

async function exportedArticlesOnce(archive: Archive, dataDir: string): Promise<void> {
  const all = await archive.listArticles({ limit: 1000 });
  for (const id of ids) expect(all.items.filter((a) => a.id === id), `${id} once`).toHaveLength(1);
  const titles = all.items.map((a) => a.title);
  expect(new Set(titles).size, 'no title twice').toBe(titles.length);
  const one = await archive.getArticle(ids[0]!);
  expect(one.tags).toEqual(['pics']);
  expect(one.starred).toBe(true);
  const files = readdirSync(path.join(dataDir, 'articles'));
  for (const id of ids) expect(files.filter((f) => f.startsWith(id)).sort()).toEqual([`${id}.html`, `${id}.txt`]);
}

describe('two imports at once on one archive', () => {
  it('the same archive export twice: every article once', { timeout: 60_000 }, async () => {
    const dataDir = path.join(dir, 'twice');
    const archive = await openArchive(dataDir);
    try {
      const before = (await archive.stats()).articles;
      outcomes(await Promise.allSettled([archive.importLibrary(exported), archive.importLibrary(exported)]));
      expect((await archive.stats()).articles).toBe(before + ids.length);
      await exportedArticlesOnce(archive, dataDir);
      const again = await archive.importLibrary(exported);
      expect(again).toMatchObject({ added: 0 });
      expect((await archive.stats()).articles).toBe(before + ids.length);
    } finally {
      await archive.close();
    }
  });

  it('an archive export and a Pocket zip at once: both arrive, nothing twice', { timeout: 60_000 }, async () => {
    const dataDir = path.join(dir, 'both');
    const archive = await openArchive(dataDir);
    try {
      const before = (await archive.stats()).articles;
      const done = outcomes(await Promise.allSettled([archive.importLibrary(exported), archive.importLibrary(pocket)]));
      const formats = done.map((r) => r.format);
      const expected = before + (formats.includes('tidings') ? ids.length : 0) + (formats.includes('pocket-csv') ? 1 : 0);
      expect((await archive.stats()).articles).toBe(expected);
      if (formats.includes('tidings')) await exportedArticlesOnce(archive, dataDir);
      // What was refused goes in afterwards, once.
      if (!formats.includes('tidings')) await archive.importLibrary(exported);
      if (!formats.includes('pocket-csv')) await archive.importLibrary(pocket);
      await exportedArticlesOnce(archive, dataDir);
      expect((await archive.stats()).articles).toBe(before + ids.length + 1);
    } finally {
      await archive.close();
    }
  });
});
