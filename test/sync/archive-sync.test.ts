// Two Tidings archives kept in step by two real Syncthing instances on 127.0.0.1 (issue 12, "A
// real sync engine"). A opens first and plants the seed; the pair then shares A's data directory
// with B's empty one as one Syncthing folder, using the .stignore Tidings writes; B opens as a
// device joining an archive that already exists (no seed of its own: it takes A's). With both open
// in this process, a star, a tag and a new saved article cross in both directions; each crossing is
// timed from the API call's answer until the other archive lists it, and must take under 30 s. At
// the end both list the same articles with the same state, and no `*.sync-conflict-*` file is
// left in either directory.

import { type Dirent, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Archive, ArticleSummary } from '../../src/api.js';
import { openArchive } from '../../src/archive/index.js';
import { STIGNORE } from '../../src/archive/sync.js';
import { startPair, syncthingAvailable, SYNCTHING_SKIP_REASON, type Pair } from './syncthing.js';

const available = syncthingAvailable();
const FOLDER = 'tidings-archive';
/** The goal of the issue: every change shows on the other machine within this. */
const CROSSING_MS = 30_000;
const POLL_MS = 100;
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

async function listed(archive: Archive): Promise<ReturnType<typeof state>[]> {
  const page = await archive.listArticles({ limit: 1000 });
  return page.items.map(state).sort((x, y) => x.id.localeCompare(y.id));
}

/**
 * Poll `archive` every 100 ms until `seen` holds; return the time since `since`. Rescans on both
 * sides help Syncthing along (its own watcher waits a second or more). Throws, with both sides'
 * state and journals, after 30 s.
 */
async function crossing(what: string, since: number, archive: Archive, seen: (list: ReturnType<typeof state>[]) => boolean): Promise<number> {
  let lastRescan = 0;
  let last: ReturnType<typeof state>[] = [];
  while (Date.now() - since < CROSSING_MS) {
    last = await listed(archive);
    if (seen(last)) {
      const ms = Date.now() - since;
      timings.push({ what, ms });
      return ms;
    }
    if (Date.now() - lastRescan > 1_000) {
      lastRescan = Date.now();
      void pair?.rescan(FOLDER).catch(() => undefined);
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  const sides = `A lists ${JSON.stringify(await listed(a!))}\nB lists ${JSON.stringify(await listed(b!))}`;
  throw new Error(`${what}: not seen within ${CROSSING_MS} ms (the other side shows ${JSON.stringify(last)})\n${sides}\n${journals(dirA)}\n${journals(dirB)}`);
}

describe.skipIf(!available)('two archives through real Syncthing', () => {
  beforeAll(async () => {
    root = mkdtempSync(path.join(os.tmpdir(), 'tidings-archive-sync-'));
    dirA = path.join(root, 'A');
    dirB = path.join(root, 'B');
    mkdirSync(dirB);
    // A first, on its own: it plants the seed article and writes its .stignore.
    a = await openArchive(dirA);
    seedId = (await a.listArticles({ limit: 10 })).items[0]?.id ?? '';
    await a.flush();
    pair = await startPair({ folders: [{ id: FOLDER, dirA, dirB, ignore: IGNORE_LINES }] });
    await pair.waitInSync(FOLDER, 60_000);
    // B joins: its directory now holds A's journal and article files.
    beforeOpenB = filesUnder(dirB);
    b = await openArchive(dirB);
  }, 120_000);

  afterAll(async () => {
    await Promise.allSettled([a?.close(), b?.close()]);
    await pair?.stop();
    if (timings.length > 0) {
      // The measured crossings, for the report (issue 12 asks for < 30 s each).
      console.info(`archive-sync crossings: ${timings.map((t) => `${t.what} ${t.ms} ms`).join('; ')}`);
    }
    if (root) rmSync(root, { recursive: true, force: true });
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
  }, CROSSING_MS + 5_000);

  it('a star and a tag made on B show on A', async () => {
    await b!.setStarred([savedOnB], true);
    let since = Date.now();
    await crossing('star B→A', since, a!, (list) => list.find((x) => x.id === savedOnB)?.starred === true);

    await b!.tagArticles([seedId], ['from-b']);
    since = Date.now();
    await crossing('tag B→A', since, a!, (list) => list.find((x) => x.id === seedId)?.tags.includes('from-b') === true);
  }, 2 * CROSSING_MS + 5_000);

  it('ends with the same articles and state on both sides and no conflict file', async () => {
    await pair!.rescan(FOLDER);
    await pair!.waitInSync(FOLDER, CROSSING_MS);
    const [listA, listB] = [await listed(a!), await listed(b!)];
    expect(listB).toEqual(listA);
    expect(listA.map((x) => x.id).sort()).toEqual([seedId, savedOnB].sort());
    expect(listA.find((x) => x.id === seedId)).toMatchObject({ starred: true, tags: expect.arrayContaining(['from-a', 'from-b']) });
    expect(listA.find((x) => x.id === savedOnB)).toMatchObject({ starred: true });
    const conflicts = [...filesUnder(dirA), ...filesUnder(dirB)].filter((name) => CONFLICT.test(name));
    expect(conflicts).toEqual([]);
  }, CROSSING_MS + 10_000);
});

describe.skipIf(available)('two archives through real Syncthing (skipped)', () => {
  it.skip(SYNCTHING_SKIP_REASON, () => undefined);
});
