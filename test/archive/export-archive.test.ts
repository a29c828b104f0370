// The archive export: a zip whose manifest holds the sha256 of every other entry, the selected
// articles' records, files and images, tombstones only in a full export; written to a temp
// file and renamed, so a failed export leaves no half file (and an older file stays whole).

import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { unzipSync, strFromU8 } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Archive, ArchiveEvent } from '../../src/api.js';
import { openArchive } from '../../src/archive/index.js';
import { writeArchive, type ExportSource } from '../../src/exports/index.js';
import { fillArchive } from './export-fixture.js';

let dir: string;
let archive: Archive;
let ids: string[];

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'tidings-export-archive-'));
  const files = path.join(dir, 'files');
  mkdirSync(files);
  archive = await openArchive(path.join(dir, 'data'));
  ids = await fillArchive(archive, files);
  const seed = (await archive.listArticles({ limit: 10 })).items.find((a) => !ids.includes(a.id));
  if (seed) await archive.deleteArticles([seed.id]);
}, 30_000);

afterAll(async () => {
  await archive.close();
  rmSync(dir, { recursive: true, force: true });
});

function entriesOf(file: string): Record<string, Uint8Array> {
  return unzipSync(readFileSync(file));
}

describe('archive export', () => {
  it('writes every selected article, its image, library.json and a manifest with the sha256 of every other entry', async () => {
    const out = path.join(dir, 'all.zip');
    const events: ArchiveEvent[] = [];
    const off = archive.on((e) => e.type === 'export' && events.push(e));
    const result = await archive.exportLibrary(out, { format: 'archive' });
    off();
    expect(result).toMatchObject({ format: 'archive', path: out, articles: 2, assets: 1 });
    expect(result.bytes).toBe(readFileSync(out).length);
    const entries = entriesOf(out);
    const manifest = JSON.parse(strFromU8(entries['manifest.json']!));
    expect(manifest).toMatchObject({ format: 'tidings-archive', version: 1, query: null, articles: 2 });
    const listed = new Map(manifest.files.map((f: { path: string; bytes: number; sha256: string }) => [f.path, f]));
    const names = Object.keys(entries).filter((n) => n !== 'manifest.json').sort();
    expect([...listed.keys()].sort()).toEqual(names);
    for (const name of names) {
      const bytes = entries[name]!;
      expect(listed.get(name)).toEqual({ path: name, bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') });
    }
    for (const id of ids) expect(names).toContain(`articles/${id}.html`);
    expect(names.filter((n) => n.startsWith('assets/'))).toHaveLength(1);
    const library = JSON.parse(strFromU8(entries['library.json']!));
    expect(Object.keys(library.articles).sort()).toEqual([...ids].sort());
    expect(library.articles[ids[0]!].starred).toBe(true);
    expect(Object.keys(library.tombstones)).toHaveLength(1); // the deleted seed: a full export carries it
    expect(library.sync).toBeUndefined();
    expect(events.at(-1)).toMatchObject({ phase: 'done', done: 2, total: 2 });
    expect(events.some((e) => e.type === 'export' && e.phase === 'progress')).toBe(true);
  });

  it('with a query: only the articles it selects, their assets, no tombstones', async () => {
    const out = path.join(dir, 'garden.zip');
    const result = await archive.exportLibrary(out, { format: 'archive', query: 'tag:garden' });
    expect(result).toMatchObject({ articles: 1, assets: 0 });
    const entries = entriesOf(out);
    const library = JSON.parse(strFromU8(entries['library.json']!));
    expect(Object.keys(library.articles)).toEqual([ids[1]]);
    expect(library.tombstones).toEqual({});
    expect(Object.keys(entries).some((n) => n.startsWith('assets/'))).toBe(false);
  });

  it('a query that selects nothing: an empty export, not an error', async () => {
    const out = path.join(dir, 'none.zip');
    const result = await archive.exportLibrary(out, { format: 'archive', query: 'tag:nosuchtag' });
    expect(result.articles).toBe(0);
    expect(Object.keys(JSON.parse(strFromU8(entriesOf(out)['library.json']!)).articles)).toEqual([]);
  });

  it('a failed export leaves no half file, and the file that was there stays whole', async () => {
    const folder = mkdtempSync(path.join(dir, 'fail-'));
    const out = path.join(folder, 'old.zip');
    writeFileSync(out, 'the previous export');
    const records = [{ id: 'aaaaaaaaaaaaaaaa', enclosures: [] }, { id: 'bbbbbbbbbbbbbbbb', enclosures: [] }];
    const source = {
      articles: records, library: { schemaVersion: 1, settings: {}, feeds: {}, rules: [], savedSearches: [] },
      readHtml: async (id: string) => {
        if (id.startsWith('b')) throw new Error('ENOSPC: no space left on device');
        return '<p>x</p>'.repeat(10_000);
      },
      readText: async () => 'x', assetPath: () => null, progress: () => undefined,
    } as unknown as ExportSource;
    await expect(writeArchive(out, source, null)).rejects.toThrow(/ENOSPC/);
    expect(readFileSync(out, 'utf8')).toBe('the previous export');
    expect(readdirSync(folder)).toEqual(['old.zip']);
  });

  it('a folder that does not exist is a clear invalid error', async () => {
    const error = await archive.exportLibrary(path.join(dir, 'no', 'such', 'x.zip'), { format: 'archive' }).catch((e: unknown) => e);
    expect((error as { kind: string }).kind).toBe('invalid');
    expect(existsSync(path.join(dir, 'no'))).toBe(false);
  });
});
