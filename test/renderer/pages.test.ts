// The list's pager against a real archive: pages arrive on demand, rows are found by index and
// id, a reset forgets the old source, answers for an old source are thrown away.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Archive } from '../../src/api.js';
import { openArchive } from '../../src/archive/index.js';
import { PageCache, type PageLoader } from '../../renderer/src/list/pages.js';

let dir: string;
let archive: Archive;
const ARTICLES = 25; // plus the seed entry

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'tidings-pages-'));
  archive = await openArchive(path.join(dir, 'data'));
  for (let i = 0; i < ARTICLES; i++) {
    const file = path.join(dir, `note-${i}.txt`);
    writeFileSync(file, `Note number ${i}\n\nThe body of note ${i}, written for the pager test.`);
    await archive.importFile(file, { title: `Note ${i}`, tags: i % 2 ? ['odd'] : [] });
  }
});

afterAll(async () => {
  await archive.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The archive's own list, counting the calls the pager makes. */
function counted(query: { tag?: string } = {}): { loader: PageLoader; calls: number[] } {
  const calls: number[] = [];
  return {
    calls,
    loader: (offset, limit) => {
      calls.push(offset);
      return archive.listArticles({ ...query, offset, limit });
    },
  };
}

describe('PageCache', () => {
  it('loads only the pages that cover the rows asked for, once', async () => {
    const { loader, calls } = counted();
    const cache = new PageCache(loader, 10);
    expect(await cache.ensure(12, 18)).toBe(true);
    expect(calls).toEqual([10]);
    expect(cache.total).toBe(ARTICLES + 1);
    expect(cache.get(12)?.title).toBeTypeOf('string');
    expect(cache.get(0)).toBeUndefined();
    expect(await cache.ensure(12, 18)).toBe(false);
    expect(calls).toEqual([10]);
  });

  it('gives the same rows, in the same order, as one big list', async () => {
    const everything = await archive.listArticles({ offset: 0, limit: 1000 });
    const cache = new PageCache((offset, limit) => archive.listArticles({ offset, limit }), 7);
    await cache.ensure(0, everything.total);
    const paged = Array.from({ length: everything.total }, (_, i) => cache.get(i)?.id);
    expect(paged).toEqual(everything.items.map((a) => a.id));
    const last = everything.items.at(-1)!;
    expect(cache.indexOf(last.id)).toBe(everything.total - 1);
  });

  it('stops at the end of the source', async () => {
    const { loader, calls } = counted({ tag: 'odd' });
    const cache = new PageCache(loader, 10);
    await cache.ensure(0, 10);
    expect(cache.total).toBe(12);
    await cache.ensure(0, 500);
    expect(calls).toEqual([0, 10]);
  });

  it('forgets the old source on reset, and ignores its late answers', async () => {
    let release!: () => void;
    const slow: PageLoader = async (offset, limit) => {
      await new Promise<void>((resolve) => (release = resolve));
      return archive.listArticles({ offset, limit });
    };
    const cache = new PageCache(slow, 10);
    const pending = cache.ensure(0, 10);
    cache.reset((offset, limit) => archive.listArticles({ tag: 'odd', offset, limit }));
    release();
    await pending;
    expect(cache.total).toBeNull();
    await cache.ensure(0, 10);
    expect(cache.total).toBe(12);
    expect(cache.get(0)?.tags).toEqual(['odd']);
  });

  it('keeps showing rows after invalidate until their fresh copy arrives', async () => {
    const cache = new PageCache((offset, limit) => archive.listArticles({ offset, limit }), 10);
    await cache.ensure(0, 10);
    const first = cache.get(0)!;
    await archive.setStarred([first.id], true);
    cache.invalidate();
    expect(cache.get(0)?.starred).toBe(false);
    expect(await cache.ensure(0, 10)).toBe(true);
    expect(cache.get(0)?.starred).toBe(true);
  });

  it('patches a row in place', async () => {
    const cache = new PageCache((offset, limit) => archive.listArticles({ offset, limit }), 10);
    await cache.ensure(0, 10);
    const id = cache.get(3)!.id;
    cache.patch(id, { read: true });
    expect(cache.get(3)?.read).toBe(true);
  });
});
