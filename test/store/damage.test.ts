// Damage inside valid JSON (issue 10, item 2): a record of the wrong shape is set aside (kept in
// library.corrupt-<time>.json with its key and reason) and the rest opens; a damaged file never
// rotates a good backup out; a BOM is not damage.

import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openArchive } from '../../src/archive/index.js';
import type { ArticleRecord, Feed } from '../../src/model/index.js';
import { Library } from '../../src/store/index.js';

/** A library document to damage: any shape may be written into it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Doc = Record<string, any>;

function tempDir(): string {
  return mkdtempSync(path.join(os.tmpdir(), 'tidings-damage-'));
}

function article(id: string, title = `Article ${id}`): ArticleRecord {
  return {
    id, source: 'file', feedId: null, guid: null, url: null, title, byline: null, siteName: null, lang: 'en',
    publishedAt: null, excerpt: 'text', wordCount: 10, readingMinutes: 1, leadImage: null, enclosures: [],
    suggestedTags: [], contentHash: null, extraction: { status: 'done', reason: null, attempts: 1, at: null },
    read: false, starred: false, tags: [], savedAt: '2026-01-01T00:00:00.000Z', addedAt: '2026-01-01T00:00:00.000Z',
  };
}

function feed(id: string): Feed {
  return {
    id, url: `https://example.com/${id}.xml`, siteUrl: null, title: id, folder: null, fetchFullArticle: false,
    refreshMinutes: null, retentionDays: null, http: { etag: null, lastModified: null, bodyHash: null },
    createdAt: '2026-01-01T00:00:00.000Z', lastFetchedAt: null, lastSuccessAt: null, lastError: null, errorCount: 0,
    nextFetchAt: null, gone: false,
  };
}

/** A sound library document at schema 1 with two articles and one feed. */
function goodDoc(): Record<string, unknown> {
  return {
    schemaVersion: 1,
    settings: { refreshMinutes: 60, maxConcurrentFetches: 8, maxPerHost: 2, downloadImages: true, theme: 'system', fontSize: 18 },
    feeds: { f1: feed('f1') },
    articles: { a1: article('a1', 'kept one'), a2: article('a2', 'kept two') },
    tombstones: {},
    rules: [],
    savedSearches: [{ id: 's1', name: 'kept', query: 'gpu' }],
    seeded: true,
  };
}

function writeDoc(dir: string, doc: unknown): void {
  writeFileSync(path.join(dir, 'library.json'), JSON.stringify(doc));
}

function asideFiles(dir: string): string[] {
  return readdirSync(dir).filter((n) => n.startsWith('library.corrupt-'));
}

const recordDamage: [string, (doc: Doc) => void, RegExp][] = [
  ['an article record of null', (d) => void (d.articles.bad = null), /1 damaged article record was set aside in library\.corrupt-.*\.json/],
  ['an article whose id is not its key', (d) => void (d.articles.bad = article('other')), /1 damaged article record/],
  ['an article whose tags are a string', (d) => void (d.articles.bad = { ...article('bad'), tags: 'x' }), /1 damaged article record/],
  ['a feed whose url is a number', (d) => void (d.feeds.bad = { ...feed('bad'), url: 42 }), /1 damaged feed record/],
  ['a rule of null', (d) => void (d.rules = [null]), /1 damaged rule record/],
];

describe('store: damaged records in valid JSON', () => {
  for (const [name, damage, notice] of recordDamage) {
    it(`sets aside ${name} and opens the rest`, async () => {
      const dir = tempDir();
      const doc = goodDoc();
      damage(doc);
      writeDoc(dir, doc);
      const library = await Library.open(dir);
      expect(Object.keys(library.data.articles).sort()).toEqual(['a1', 'a2']);
      expect(Object.keys(library.data.feeds)).toEqual(['f1']);
      expect(library.notices.join('\n')).toMatch(notice);
      const aside = asideFiles(dir);
      expect(aside).toHaveLength(1);
      const kept = JSON.parse(readFileSync(path.join(dir, aside[0]!), 'utf8')) as { records: { key: string; reason: string }[] };
      expect(kept.records).toHaveLength(1);
      expect(kept.records[0]!.reason).toMatch(/\w/);
      // library.json is saved without the damage: the next open is clean and says nothing.
      const again = await Library.open(dir);
      expect(again.notices).toEqual([]);
      expect(asideFiles(dir)).toHaveLength(1);
    });
  }

  it('sets aside an article keyed __proto__ (written by hand: JSON.stringify never emits one) and touches no prototype', async () => {
    const dir = tempDir();
    const text = JSON.stringify(goodDoc()).replace('"articles":{', `"articles":{"__proto__":${JSON.stringify(article('__proto__'))},`);
    writeFileSync(path.join(dir, 'library.json'), text);
    const library = await Library.open(dir);
    expect(Object.keys(library.data.articles).sort()).toEqual(['a1', 'a2']);
    expect(Object.getPrototypeOf(library.data.articles)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).title).toBeUndefined();
    expect(library.notices.join('\n')).toMatch(/1 damaged article record was set aside/);
  });

  for (const version of [-1, 0.5, '1', null]) {
    it(`opens a library whose schemaVersion is ${JSON.stringify(version)}, keeping its records`, async () => {
      const dir = tempDir();
      writeDoc(dir, { ...goodDoc(), schemaVersion: version });
      const library = await Library.open(dir);
      expect(library.data.schemaVersion).toBe(1);
      expect(Object.keys(library.data.articles).sort()).toEqual(['a1', 'a2']);
      expect(library.notices.join('\n')).toMatch(/damaged schema-version record was set aside/);
    });
  }

  for (const [name, articles] of [['missing', undefined], ['a list', [article('a1')]], ['a string', 'x']] as const) {
    it(`opens a library whose articles map is ${name}`, async () => {
      const dir = tempDir();
      writeDoc(dir, { ...goodDoc(), articles });
      const library = await Library.open(dir);
      expect(library.data.articles).toEqual({});
      expect(Object.keys(library.data.feeds)).toEqual(['f1']);
      expect(library.notices.join('\n')).toMatch(/damaged article record was set aside/);
    });
  }

  it('falls back to the default for a bad setting and keeps the good ones', async () => {
    const dir = tempDir();
    writeDoc(dir, { ...goodDoc(), settings: { ...(goodDoc().settings as object), fontSize: 'huge', theme: 'dark' } });
    const library = await Library.open(dir);
    expect(library.data.settings.fontSize).toBe(18);
    expect(library.data.settings.theme).toBe('dark');
    expect(library.notices.join('\n')).toMatch(/1 damaged setting record/);
  });

  it('fills in fields an older record lacks, without calling it damage', async () => {
    const dir = tempDir();
    const doc = goodDoc();
    const old: Partial<ArticleRecord> = article('a3');
    delete old.suggestedTags;
    delete old.contentHash;
    (doc.articles as Record<string, unknown>).a3 = old;
    writeDoc(dir, doc);
    const library = await Library.open(dir);
    expect(library.notices).toEqual([]);
    expect(library.data.articles.a3!.suggestedTags).toEqual([]);
  });

  it("keeps a feed item's sort rank, and drops a damaged one without setting the article aside", async () => {
    const dir = tempDir();
    const doc = goodDoc();
    (doc.articles as Record<string, unknown>).a3 = { ...article('a3'), feedRank: 176_000_000_000_000 };
    (doc.articles as Record<string, unknown>).a4 = { ...article('a4'), feedRank: 'first' };
    writeDoc(dir, doc);
    const library = await Library.open(dir);
    expect(library.notices).toEqual([]);
    expect(library.data.articles.a3!.feedRank).toBe(176_000_000_000_000);
    expect(library.data.articles.a4).toBeDefined();
    expect(library.data.articles.a4!.feedRank).toBeUndefined();
  });

  it('reads a library.json that starts with a UTF-8 BOM as it is', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'library.json'), `\uFEFF${JSON.stringify(goodDoc())}`);
    const library = await Library.open(dir);
    expect(library.notices).toEqual([]);
    expect(library.data.savedSearches.map((s) => s.name)).toEqual(['kept']);
    expect(asideFiles(dir)).toEqual([]);
  });

  it('never rotates good backups out by damaged files, however many opens fail', async () => {
    const dir = tempDir();
    writeDoc(dir, goodDoc());
    for (let i = 0; i < 3; i++) {
      await Library.open(dir); // clean opens: three good backups
      await new Promise((r) => setTimeout(r, 5));
    }
    const backups = path.join(dir, 'backups');
    const good = readdirSync(backups).sort();
    expect(good).toHaveLength(3);
    const damaged = [{ ...goodDoc(), articles: { a1: null } }, { ...goodDoc(), schemaVersion: 0.5 }, '{"cut', '[]', { ...goodDoc(), feeds: [] }];
    for (const doc of [...damaged, ...damaged]) {
      writeFileSync(path.join(dir, 'library.json'), typeof doc === 'string' ? doc : JSON.stringify(doc));
      await Library.open(dir);
      await new Promise((r) => setTimeout(r, 5));
    }
    expect(readdirSync(backups).sort()).toEqual(good);
    for (const name of good) {
      expect(JSON.parse(readFileSync(path.join(backups, name), 'utf8')).articles.a1.title).toBe('kept one');
    }
  });

  it('restores the newest backup that validates cleanly, skipping a damaged newer one', async () => {
    const dir = tempDir();
    writeDoc(dir, goodDoc());
    await Library.open(dir);
    const backups = path.join(dir, 'backups');
    const [goodName] = readdirSync(backups);
    // A damaged backup left by an older Tidings, newer than the good one.
    writeFileSync(path.join(backups, 'library-2999-01-01T00-00-00-000Z.json'), JSON.stringify({ ...goodDoc(), articles: { a1: null } }));
    writeFileSync(path.join(dir, 'library.json'), '{"cut');
    const library = await Library.open(dir);
    expect(library.notices.join('\n')).toContain(`the backup ${goodName} was restored`);
    expect(Object.keys(library.data.articles).sort()).toEqual(['a1', 'a2']);
  });
});

describe('archive: open, list, search and stats of a damaged library do not throw', () => {
  const damaged: [string, (d: Doc) => void][] = [
    ['an article of null', (d) => void (d.articles.bad = null)],
    ['schemaVersion -1', (d) => void (d.schemaVersion = -1)],
    ['no articles map', (d) => void delete d.articles],
    ['an articles list', (d) => void (d.articles = [])],
    ['a feed whose url is a number', (d) => void (d.feeds.bad = { ...feed('bad'), url: 1 })],
    ['an article with a null extraction', (d) => void (d.articles.a2.extraction = null)],
  ];
  for (const [name, damage] of damaged) {
    it(`survives ${name}`, async () => {
      const dir = tempDir();
      const doc = goodDoc();
      damage(doc);
      writeDoc(dir, doc);
      const archive = await openArchive(dir);
      try {
        await archive.listArticles({});
        await archive.search('kept');
        await archive.stats();
        await archive.listFeeds();
        await archive.listTags();
        expect(archive.notices.join('\n')).toMatch(/set aside/);
      } finally {
        await archive.close();
      }
    });
  }
});


