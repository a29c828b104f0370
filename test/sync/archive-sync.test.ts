// Two Tidings archives kept in step by two real Syncthing instances on 127.0.0.1 (issue 12, "A
// real sync engine"). A opens first and plants the seed; the pair then shares A's data directory
// with B's empty one as one Syncthing folder, using the .stignore Tidings writes; B opens as a
// device joining an archive that already exists (no seed of its own: it takes A's). With both open
// in this process, a star, a tag and a new saved article cross in both directions; each crossing is
// timed from the API call's answer until the other archive lists it, and must take under 30 s. At
// the end both list the same articles with the same state, and no `*.sync-conflict-*` file is
// left in either directory. Then the hostile cases, each with the folder paused on both sides so
// the changes are truly concurrent: conflicting edits and a delete, one page saved on both (a
// real Syncthing file conflict), one feed subscribed on both; B closed and reopened; two archives
// that each started alone; and a data directory copied to a second machine of the same name.

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpSync, type Dirent, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Archive, ArchiveEvent, ArticleSummary } from '../../src/api.js';
import { openArchive } from '../../src/archive/index.js';
import { STIGNORE } from '../../src/archive/sync.js';
import { startPair, syncthingAvailable, SYNCTHING_SKIP_REASON, type Pair } from './syncthing.js';

const available = syncthingAvailable();
const FOLDER = 'tidings-archive';
/** The goal of the issue: every change shows on the other machine within this. */
const CROSSING_MS = 30_000;
const POLL_MS = 100;
/** A 1×1 PNG, kept offline as an asset by a save. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
/** One word only each version of the changing page has, to search for. */
const CODEWORDS = ['quokka', 'wombat', 'dingo'];
const CONFLICT = /\.sync-conflict-\d{8}-\d{6}-[A-Z0-9]{7}/;

/** The .stignore lines as Tidings writes them (the harness writes each line plus a newline). */
const IGNORE_LINES = STIGNORE.replace(/\n$/, '').split('\n');

let root: string;
let dirA: string;
let dirB: string;
let pair: Pair | null = null;
let a: Archive | null = null;
let b: Archive | null = null;
let seedId = '';
/** B's directory as Syncthing left it, before B opened. */
let beforeOpenB: string[] = [];
let savedOnB = '';
/** The page saved on both machines while the folder was paused. */
let noticeId = '';
/** What A told its front ends. */
const eventsOnA: ArchiveEvent[] = [];
/** Measured crossing times, reported at the end. */
const timings: { what: string; ms: number }[] = [];

/** Every file under dir, relative; Syncthing's marker folder left out. */
function filesUnder(dir: string): string[] {
  return (readdirSync(dir, { recursive: true, withFileTypes: true }) as Dirent[])
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
    .filter((name) => !name.startsWith('.stfolder'))
    .sort();
}

/** What each journal holds, for the message of a crossing that did not happen. */
function journals(dir: string): string {
  const folder = path.join(dir, 'journal');
  if (!existsSync(folder)) return `${dir}: no journal/`;
  return readdirSync(folder)
    .map((name) => `--- ${path.basename(dir)}/journal/${name}\n${readFileSync(path.join(folder, name), 'utf8')}`)
    .join('\n');
}

/** The part of an article that must be equal on both machines. */
function state(article: ArticleSummary): { id: string; read: boolean; starred: boolean; tags: string[] } {
  return { id: article.id, read: article.read, starred: article.starred, tags: [...article.tags].sort() };
}

/** Pause or resume the folder on both sides: changes made meanwhile are concurrent. */
async function paused(value: boolean): Promise<void> {
  const route = `/rest/config/folders/${encodeURIComponent(FOLDER)}`;
  await Promise.all([pair!.request('A', 'PATCH', route, { paused: value }), pair!.request('B', 'PATCH', route, { paused: value })]);
}

/** Wait until both archives list the same thing (Syncthing done, both pulled); returns that list. */
async function converged(): Promise<ReturnType<typeof state>[]> {
  const since = Date.now();
  let lists: ReturnType<typeof state>[][] = [];
  while (Date.now() - since < CROSSING_MS) {
    await pair!.rescan(FOLDER).catch(() => undefined);
    lists = [await listed(a!), await listed(b!)];
    if (JSON.stringify(lists[0]) === JSON.stringify(lists[1])) {
      // Still equal a second later: not a moment between two pulls.
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      const again = [await listed(a!), await listed(b!)];
      if (JSON.stringify(again[0]) === JSON.stringify(lists[0]) && JSON.stringify(again[1]) === JSON.stringify(lists[0])) return lists[0]!;
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`no convergence within ${CROSSING_MS} ms\nA lists ${JSON.stringify(lists[0])}\nB lists ${JSON.stringify(lists[1])}\n${journals(dirA)}\n${journals(dirB)}`);
}

/**
 * Conflict copies still there after the archives' own scan (10 s) had the chance to resolve
 * them: a copy Syncthing made a moment ago and Tidings then removed is no leftover.
 */
async function conflictsLeft(): Promise<string[]> {
  const since = Date.now();
  while (conflictFiles().length > 0 && Date.now() - since < 15_000) await new Promise((resolve) => setTimeout(resolve, 250));
  return conflictFiles();
}

function conflictFiles(): string[] {
  return [...filesUnder(dirA).map((n) => `A/${n}`), ...filesUnder(dirB).map((n) => `B/${n}`)].filter((name) => CONFLICT.test(name));
}

async function listed(archive: Archive): Promise<ReturnType<typeof state>[]> {
  const page = await archive.listArticles({ limit: 1000 });
  return page.items.map(state).sort((x, y) => x.id.localeCompare(y.id));
}

/**
 * Poll `archive` every 100 ms until `seen` holds; return the time since `since`. Rescans on both
 * sides help Syncthing along (its own watcher waits a second or more). Throws, with both sides'
 * state and journals, after 30 s.
 */
async function crossing(what: string, since: number, archive: Archive, seen: (list: ReturnType<typeof state>[]) => boolean, help = true): Promise<number> {
  let lastRescan = 0;
  let last: ReturnType<typeof state>[] = [];
  while (Date.now() - since < CROSSING_MS) {
    last = await listed(archive);
    if (seen(last)) {
      const ms = Date.now() - since;
      timings.push({ what, ms });
      return ms;
    }
    if (help && Date.now() - lastRescan > 1_000) {
      lastRescan = Date.now();
      void pair?.rescan(FOLDER).catch(() => undefined);
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  const sides = `A lists ${JSON.stringify(await listed(a!))}\nB lists ${JSON.stringify(await listed(b!))}`;
  throw new Error(`${what}: not seen within ${CROSSING_MS} ms (the other side shows ${JSON.stringify(last)})\n${sides}\n${journals(dirA)}\n${journals(dirB)}`);
}

/** Close both archives, stop the pair, remove the directories (every test group ends so). */
async function cleanUp(): Promise<void> {
  await Promise.allSettled([a?.close(), b?.close()]);
  await pair?.stop();
  if (root) rmSync(root, { recursive: true, force: true });
  [a, b, pair] = [null, null, null];
}

describe.skipIf(!available)('two archives through real Syncthing', () => {
  beforeAll(async () => {
    root = mkdtempSync(path.join(os.tmpdir(), 'tidings-archive-sync-'));
    dirA = path.join(root, 'A');
    dirB = path.join(root, 'B');
    mkdirSync(dirB);
    // A first, on its own: it plants the seed article and writes its .stignore.
    a = await openArchive(dirA);
    a.on((event) => eventsOnA.push(event));
    seedId = (await a.listArticles({ limit: 10 })).items[0]?.id ?? '';
    await a.flush();
    pair = await startPair({ folders: [{ id: FOLDER, dirA, dirB, ignore: IGNORE_LINES }] });
    await pair.waitInSync(FOLDER, 60_000);
    // B joins: its directory now holds A's journal and article files.
    beforeOpenB = filesUnder(dirB);
    b = await openArchive(dirB);
  }, 120_000);

  afterAll(async () => {
    if (timings.length > 0) {
      // The measured crossings, for the report (issue 12 asks for < 30 s each).
      console.info(`archive-sync crossings: ${timings.map((t) => `${t.what} ${t.ms} ms`).join('; ')}`);
    }
    await cleanUp();
  }, 60_000);

  it('shares the data directory with the .stignore Tidings writes, and keeps local files local', () => {
    expect(seedId).not.toBe('');
    expect(readFileSync(path.join(dirA, '.stignore'), 'utf8')).toBe(STIGNORE);
    expect(readFileSync(path.join(dirB, '.stignore'), 'utf8')).toBe(STIGNORE);
    // What Syncthing brought to B before B opened: journal and article files, nothing local to A.
    expect(beforeOpenB.filter((name) => /^(library\.|backups\/|index\/|tidings\.lock)/.test(name))).toEqual([]);
    expect(beforeOpenB).toContain(`articles/${seedId}.html`);
    expect(beforeOpenB.filter((name) => name.startsWith('journal/'))).toHaveLength(1);
  });

  it('B joins without a seed of its own and lists A\'s seed article', async () => {
    // Listed as soon as B opens: its files were there, so nothing waits.
    const listB = await listed(b!);
    expect(listB.map((x) => x.id)).toEqual([seedId]);
    const journalNames = readdirSync(path.join(dirB, 'journal')).filter((n) => n.endsWith('.jsonl'));
    expect(journalNames).toHaveLength(2);
    const detail = await b!.getArticle(seedId);
    expect(detail.html.length).toBeGreaterThan(0);
  });

  it('a star and a tag made on A show on B', async () => {
    await a!.setStarred([seedId], true);
    let since = Date.now();
    await crossing('star A→B', since, b!, (list) => list.find((x) => x.id === seedId)?.starred === true);

    await a!.tagArticles([seedId], ['from-a']);
    since = Date.now();
    await crossing('tag A→B', since, b!, (list) => list.find((x) => x.id === seedId)?.tags.includes('from-a') === true);
  }, 2 * CROSSING_MS + 5_000);

  it('an article saved on B shows on A, with its text', async () => {
    const file = path.join(root, 'saved-on-b.html');
    writeFileSync(
      file,
      '<!doctype html><html lang="en"><head><title>Saved on B</title></head><body><article><h1>Saved on B</h1>' +
        `<p>${'A paragraph written on machine B, long enough to count as an article body. '.repeat(8)}</p></article></body></html>`,
    );
    const saved = await b!.importFile(file, { title: 'Saved on B' });
    savedOnB = saved.id;
    const since = Date.now();
    await crossing('new article B→A', since, a!, (list) => list.some((x) => x.id === savedOnB));
    const detail = await a!.getArticle(savedOnB);
    expect(detail.title).toBe('Saved on B');
    expect(detail.text).toContain('written on machine B');
    // Shown at once: the front ends were told, and search finds it (the index took it in).
    expect(eventsOnA.some((e) => e.type === 'changed' && e.what === 'articles' && e.ids?.includes(savedOnB))).toBe(true);
    const found = await a!.listArticles({ query: 'machine' });
    expect(found.items.map((x) => x.id)).toContain(savedOnB);
  }, CROSSING_MS + 5_000);

  it('a star and a tag made on B show on A', async () => {
    await b!.setStarred([savedOnB], true);
    let since = Date.now();
    await crossing('star B→A', since, a!, (list) => list.find((x) => x.id === savedOnB)?.starred === true);

    await b!.tagArticles([seedId], ['from-b']);
    since = Date.now();
    await crossing('tag B→A', since, a!, (list) => list.find((x) => x.id === seedId)?.tags.includes('from-b') === true);
  }, 2 * CROSSING_MS + 5_000);

  it('a star crosses with no help: Syncthing\'s own file watching and Tidings\' own pull', async () => {
    await a!.setStarred([seedId], false);
    const since = Date.now();
    await crossing('unstar A→B, no rescan', since, b!, (list) => list.find((x) => x.id === seedId)?.starred === false, false);
    await a!.setStarred([seedId], true);
    await crossing('star A→B, no rescan', Date.now(), b!, (list) => list.find((x) => x.id === seedId)?.starred === true, false);
  }, 2 * CROSSING_MS + 5_000);

  it('ends with the same articles and state on both sides and no conflict file', async () => {
    await pair!.rescan(FOLDER);
    await pair!.waitInSync(FOLDER, CROSSING_MS);
    const [listA, listB] = [await listed(a!), await listed(b!)];
    expect(listB).toEqual(listA);
    expect(listA.map((x) => x.id).sort()).toEqual([seedId, savedOnB].sort());
    expect(listA.find((x) => x.id === seedId)).toMatchObject({ starred: true, tags: expect.arrayContaining(['from-a', 'from-b']) });
    expect(listA.find((x) => x.id === savedOnB)).toMatchObject({ starred: true });
    expect(await conflictsLeft()).toEqual([]);
  }, CROSSING_MS + 10_000);

  it('concurrent edits made while the folder is paused converge: last writer for read, add wins for tags, delete beats a later edit', async () => {
    await paused(true);
    try {
      await a!.setRead([seedId], true);
      await a!.untagArticles([seedId], ['from-b']);
      await new Promise((resolve) => setTimeout(resolve, 20));
      // B, later: read then unread (its last word is unread), and the tag removed and added again.
      await b!.setRead([seedId], true);
      await b!.setRead([seedId], false);
      await b!.untagArticles([seedId], ['from-b']);
      await b!.tagArticles([seedId], ['from-b']);
      // A deletes B's article while B stars... its unstar, later.
      await a!.deleteArticles([savedOnB]);
      await b!.setStarred([savedOnB], false);
      // The pause holds: nothing of A's has reached B yet, so the edits above are concurrent.
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      expect((await listed(b!)).find((x) => x.id === seedId)?.read).toBe(false);
      expect((await listed(b!)).some((x) => x.id === savedOnB)).toBe(true);
    } finally {
      await paused(false);
    }
    const list = await converged();
    const seed = list.find((x) => x.id === seedId);
    expect(seed).toMatchObject({ read: false, tags: expect.arrayContaining(['from-a', 'from-b']) });
    // Delete against a later edit: the delete wins (merge.ts: edits after a delete never bring
    // the article back on their own), on both sides, and its files are gone from both.
    expect(list.map((x) => x.id)).toEqual([seedId]);
    for (const dir of [dirA, dirB]) expect(existsSync(path.join(dir, 'articles', `${savedOnB}.html`))).toBe(false);
    await pair!.waitInSync(FOLDER, CROSSING_MS);
    expect(await conflictsLeft()).toEqual([]);
  }, 3 * CROSSING_MS);

  it('B closed while A changes: B reopens as the same device and has the change at once', async () => {
    const deviceFiles = readdirSync(path.join(dirB, 'journal')).filter((n) => n.endsWith('.jsonl')).sort();
    await b!.close();
    b = null;
    await a!.tagArticles([seedId], ['while-b-away']);
    await pair!.rescan(FOLDER);
    await pair!.waitInSync(FOLDER, CROSSING_MS);
    b = await openArchive(dirB);
    expect((await listed(b)).find((x) => x.id === seedId)?.tags).toContain('while-b-away');
    expect(readdirSync(path.join(dirB, 'journal')).filter((n) => n.endsWith('.jsonl')).sort()).toEqual(deviceFiles);
    expect(await converged()).toEqual(await listed(a!));
    expect(await conflictsLeft()).toEqual([]);
  }, 3 * CROSSING_MS);

  it('one page saved on both machines while paused, changed in between: one article, the later text on both, no conflict copy', async () => {
    // A page on 127.0.0.1 whose text changes at every fetch: the two saves store different files
    // under one id (the id comes from the URL), which Syncthing meets as a conflict.
    let fetches = 0;
    const server: Server = createServer((_req, res) => {
      fetches++;
      const title = `Harbour notice, version ${fetches}`;
      const word = CODEWORDS[fetches - 1] ?? 'zulu';
      const body = Array.from({ length: 8 }, (_, i) => `<p>${title}, paragraph ${i + 1}: the harbour closes at dusk while the new pier is built (codeword ${word}).</p>`).join('');
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body><article><h1>${title}</h1>${body}</article></body></html>`);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/notice`;
      await paused(true);
      let id = '';
      try {
        id = (await a!.saveUrl(url)).id;
        await new Promise((resolve) => setTimeout(resolve, 1_100));
        expect((await b!.saveUrl(url)).id).toBe(id);
      } finally {
        await paused(false);
      }
      const list = await converged();
      expect(list.filter((x) => x.id === id)).toHaveLength(1);
      expect(await conflictsLeft()).toEqual([]);
      await pair!.waitInSync(FOLDER, CROSSING_MS);
      const [onA, onB] = [await a!.getArticle(id), await b!.getArticle(id)];
      // The later save (B's) wins the title by its clock and the files by their time, on both.
      expect(onA.title).toBe('Harbour notice, version 2');
      expect(onB.title).toBe(onA.title);
      expect(onB.html).toBe(onA.html);
      expect(onB.text).toContain('codeword wombat');
      noticeId = id;
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  }, 4 * CROSSING_MS);

  // Found here first (j5-bugs.md BUG 1): A served its own earlier text from memory
  // (ArticleFiles.recentTexts) after Syncthing replaced the file; fixed in 3456b54.
  it('after that, A reads and finds the later text too, not its own earlier one', async () => {
    expect(noticeId).not.toBe('');
    const searched = async (archive: Archive, word: string) => (await archive.listArticles({ query: word })).items.map((x) => x.id);
    const seen = {
      textOnA: (await a!.getArticle(noticeId)).text.includes('codeword wombat') ? 'version 2' : 'version 1',
      searchOnA: { quokka: await searched(a!, 'quokka'), wombat: await searched(a!, 'wombat') },
      searchOnB: { quokka: await searched(b!, 'quokka'), wombat: await searched(b!, 'wombat') },
    };
    expect(seen).toEqual({ textOnA: 'version 2', searchOnA: { quokka: [], wombat: [noticeId] }, searchOnB: { quokka: [], wombat: [noticeId] } });
  });

  it('the same feed subscribed and refreshed on both machines while paused: one feed, each item once, the same on both', async () => {
    const items = Array.from({ length: 3 }, (_, i) => {
      const text = Array.from({ length: 6 }, (_, p) => `<p>Lighthouse log ${i + 1}, entry ${p + 1}: the lamp was lit at dusk and the fog horn sounded twice.</p>`).join('');
      return `<item><title>Lighthouse log ${i + 1}</title><link>http://lighthouse.example/log-${i + 1}</link><guid isPermaLink="false">log-${i + 1}</guid>` +
        `<pubDate>Mon, 0${i + 1} Jun 2026 08:00:00 GMT</pubDate><description><![CDATA[${text}]]></description></item>`;
    }).join('');
    const server: Server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      res.end(`<?xml version="1.0"?><rss version="2.0"><channel><title>Lighthouse</title><link>http://lighthouse.example/</link><description>d</description>${items}</channel></rss>`);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/feed.xml`;
      await paused(true);
      try {
        const [onA, onB] = [await a!.addFeed(url, { fullText: 'never' }), await b!.addFeed(url, { fullText: 'never' })];
        expect(onA.status).toBe('added');
        expect(onB.status).toBe('added');
        if (onA.status === 'added' && onB.status === 'added') expect(onB.feed.id).toBe(onA.feed.id);
      } finally {
        await paused(false);
      }
      const list = await converged();
      const feedsA = (await a!.listFeeds()).map((f) => ({ id: f.id, url: f.url, total: f.total }));
      const feedsB = (await b!.listFeeds()).map((f) => ({ id: f.id, url: f.url, total: f.total }));
      expect(feedsA).toHaveLength(1);
      expect(feedsB).toEqual(feedsA);
      expect(feedsA[0]!.total).toBe(3);
      const titles = await Promise.all(list.map(async (x) => (await a!.getArticle(x.id)).title));
      expect(titles.filter((t) => t.startsWith('Lighthouse log')).sort()).toEqual(['Lighthouse log 1', 'Lighthouse log 2', 'Lighthouse log 3']);
      await pair!.waitInSync(FOLDER, CROSSING_MS);
      expect(await conflictsLeft()).toEqual([]);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  }, 4 * CROSSING_MS);

  it('an article saved on B with an image: A shows it only with its image there', async () => {
    const server: Server = createServer((req, res) => {
      if (req.url === '/pic.png') {
        res.writeHead(200, { 'content-type': 'image/png' });
        res.end(PNG);
        return;
      }
      const body = Array.from({ length: 8 }, (_, i) => `<p>Tide table ${i + 1}: high water at the harbour mouth comes forty minutes after the pier.</p>`).join('');
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Tide tables</title></head><body><article><h1>Tide tables</h1><p><img src="/pic.png" alt="The harbour" width="640" height="480"></p>${body}</article></body></html>`);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const saved = await b!.saveUrl(`http://127.0.0.1:${(server.address() as AddressInfo).port}/tides`);
      const asset = /tidings-asset:([0-9a-f]{64}\.png)/.exec((await b!.getArticle(saved.id)).html)?.[1] ?? '';
      expect(asset).not.toBe('');
      expect(b!.assetPath(asset)).not.toBeNull();
      // The moment A lists the article (polled every 100 ms), its image must be there to show.
      await crossing('article with an image B→A', Date.now(), a!, (list) => list.some((x) => x.id === saved.id));
      expect(a!.assetPath(asset)).not.toBeNull();
      expect((await a!.getArticle(saved.id)).html).toContain(`tidings-asset:${asset}`);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  }, CROSSING_MS + 10_000);

});

describe.skipIf(!available)('two archives that each started alone, then shared one folder', () => {
  beforeAll(async () => {
    root = mkdtempSync(path.join(os.tmpdir(), 'tidings-archive-sync-alone-'));
    dirA = path.join(root, 'A');
    dirB = path.join(root, 'B');
    // Each machine ran Tidings before Syncthing joined them: each planted the seed and changed it.
    a = await openArchive(dirA);
    b = await openArchive(dirB);
    seedId = (await a.listArticles({ limit: 10 })).items[0]?.id ?? '';
    await a.setStarred([seedId], true);
    await b.tagArticles([seedId], ['tagged-on-b']);
    pair = await startPair({ folders: [{ id: FOLDER, dirA, dirB, ignore: IGNORE_LINES }] });
  }, 120_000);

  afterAll(cleanUp, 60_000);

  it('ends with one seed article holding both changes, the same on both, and no conflict file', async () => {
    expect(seedId).not.toBe('');
    expect((await listed(b!)).map((x) => x.id)).toEqual([seedId]); // the seed's id is the same everywhere
    const list = await converged();
    expect(list).toEqual([{ id: seedId, read: false, starred: true, tags: expect.arrayContaining(['tagged-on-b']) as unknown as string[] }]);
    await pair!.waitInSync(FOLDER, CROSSING_MS);
    expect(await conflictsLeft()).toEqual([]);
    expect(readdirSync(path.join(dirA, 'journal')).filter((n) => n.endsWith('.jsonl'))).toHaveLength(2);
  }, 2 * CROSSING_MS);
});

describe.skipIf(!available)('a data directory copied to a second machine of the same name (one device id, two writers)', () => {
  beforeAll(async () => {
    root = mkdtempSync(path.join(os.tmpdir(), 'tidings-archive-sync-clone-'));
    dirA = path.join(root, 'A');
    dirB = path.join(root, 'B');
    const first = await openArchive(dirA);
    seedId = (await first.listArticles({ limit: 10 })).items[0]?.id ?? '';
    await first.close();
    // The user copies the whole folder (library.json too) to a laptop with the same host name:
    // both open as one device and write one journal file.
    cpSync(dirA, dirB, { recursive: true, filter: (src) => !path.basename(src).startsWith('tidings.lock') });
    a = await openArchive(dirA);
    b = await openArchive(dirB);
    await a.setStarred([seedId], true);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    await b.tagArticles([seedId], ['clone-b']);
    pair = await startPair({ folders: [{ id: FOLDER, dirA, dirB, ignore: IGNORE_LINES }] });
  }, 120_000);

  afterAll(cleanUp, 60_000);

  // Found here (j5-bugs.md): Syncthing keeps B's journal (newer) on both sides and moves A's aside
  // as a conflict copy; each side then lost the other's changes for good. Now the conflict copy of
  // its own journal makes a machine take a new device id and keep the copy's lines (a fork).
  it('both writers\' changes end on both sides, and later changes still cross both ways', async () => {
    const list = await converged();
    expect(list.find((x) => x.id === seedId)).toMatchObject({ starred: true, tags: expect.arrayContaining(['clone-b']) });
    expect(await conflictsLeft()).toEqual([]);
    // After the conflict: each side's next change must still reach the other.
    await a!.setRead([seedId], true);
    await crossing('read A→B after a journal conflict', Date.now(), b!, (l) => l.find((x) => x.id === seedId)?.read === true);
    await b!.tagArticles([seedId], ['after-conflict']);
    await crossing('tag B→A after a journal conflict', Date.now(), a!, (l) => l.find((x) => x.id === seedId)?.tags.includes('after-conflict') === true);
    expect(await converged()).toEqual(await listed(a!));
    expect(await conflictsLeft()).toEqual([]);
  }, 6 * CROSSING_MS);
});

describe.skipIf(available)('two archives through real Syncthing (skipped)', () => {
  it.skip(SYNCTHING_SKIP_REASON, () => undefined);
});
