// The files of one change arrive from a sync engine one by one, in any order: Syncthing's default
// pull order is random, so a journal line can land before the article files it needs, an
// article's .html before its .txt, its images last. Here the files are copied by hand (each one
// whole, by temp name and rename, as Syncthing does) in the adverse orders, and after every step
// the archive must show what is there correctly: search finds what the reader shows, and what
// comes late is taken in and announced. No Syncthing needed, so these run everywhere.

import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Archive, ArchiveEvent } from '../../src/api.js';
import { openArchive } from '../../src/archive/index.js';

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
/** The archive's own scan runs every 10 s: what comes late is taken in within this. */
const LATE_MS = 12_000;

let root: string;
let server: Server;
let base = '';
/** Which version of /notice the next fetch gets. */
let version = 1;
const open: Archive[] = [];

beforeAll(async () => {
  root = mkdtempSync(path.join(os.tmpdir(), 'tidings-arrival-order-'));
  server = createServer((req, res) => {
    if (req.url === '/pic.png') {
      res.writeHead(200, { 'content-type': 'image/png' });
      res.end(PNG);
      return;
    }
    const word = ['quokka', 'wombat', 'dingo'][version - 1] ?? 'zulu';
    const title = req.url === '/tides' ? 'Tide tables' : `Harbour notice, version ${version}`;
    const image = req.url === '/tides' ? '<p><img src="/pic.png" alt="The harbour" width="640" height="480"></p>' : '';
    const body = Array.from({ length: 8 }, (_, i) => `<p>${title}, paragraph ${i + 1}: the harbour closes at dusk while the new pier is built (codeword ${word}).</p>`).join('');
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body><article><h1>${title}</h1>${image}${body}</article></body></html>`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterEach(async () => {
  await Promise.allSettled(open.splice(0).map((archive) => archive.close()));
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  rmSync(root, { recursive: true, force: true });
});

async function archiveAt(name: string): Promise<Archive> {
  const archive = await openArchive(path.join(root, name));
  open.push(archive);
  return archive;
}

/** One file from one data directory to the other, whole: a temp name, then a rename (as Syncthing). */
function arrive(from: Archive, to: Archive, relative: string): void {
  const target = path.join(to.dataDir, relative);
  mkdirSync(path.dirname(target), { recursive: true });
  const temp = path.join(path.dirname(target), `.syncthing.${path.basename(target)}.tmp`);
  copyFileSync(path.join(from.dataDir, relative), temp);
  renameSync(temp, target);
}

/** Every journal of `from`, as it is now. */
function journalsArrive(from: Archive, to: Archive): void {
  for (const name of readdirSync(path.join(from.dataDir, 'journal')).filter((n) => n.endsWith('.jsonl'))) arrive(from, to, `journal/${name}`);
}

async function searched(archive: Archive, word: string): Promise<string[]> {
  return (await archive.listArticles({ query: word })).items.map((x) => x.id);
}

async function until(check: () => Promise<boolean> | boolean, ms = LATE_MS): Promise<boolean> {
  const since = Date.now();
  while (Date.now() - since < ms) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return check();
}

// All three FAIL on today's code (reported in /tmp/briefs/j5-bugs.md; src/store and src/archive
// are the lead's): kept as it.fails, each turns red once fixed and becomes a plain `it`.
describe('files arriving in an adverse order', () => {
  // The article is listed when its .html is there (hasFiles); the index reads its text then
  // (empty), and nothing reads it again when the .txt lands: search never finds it.
  it('journal and .html first, .txt last: once the .txt is there, search finds the article', async () => {
    const [a, b] = [await archiveAt('txt-last-A'), await archiveAt('txt-last-B')];
    version = 2;
    const saved = await b.saveUrl(`${base}/notice`);
    journalsArrive(b, a);
    arrive(b, a, `articles/${saved.id}.html`);
    await a.syncNow();
    arrive(b, a, `articles/${saved.id}.txt`);
    await a.syncNow();
    const found = await until(async () => (await searched(a, 'wombat')).includes(saved.id));
    expect({ listed: (await a.listArticles({ limit: 100 })).items.some((x) => x.id === saved.id), found, text: (await a.getArticle(saved.id)).text.includes('wombat') })
      .toEqual({ listed: true, found: true, text: true });
  }, LATE_MS + 10_000);

  // The remote `new` re-indexes the old text at once; the new files land later and nothing
  // re-indexes: search finds the old words and not the new ones, though the reader shows the new.
  it.fails('an article changed elsewhere, its journal line before its new files: A ends reading and finding the new text', async () => {
    const [a, b] = [await archiveAt('replaced-A'), await archiveAt('replaced-B')];
    version = 1;
    const id = (await a.saveUrl(`${base}/notice`)).id;
    version = 2;
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect((await b.saveUrl(`${base}/notice`)).id).toBe(id);
    // Reopen A: its own earlier text is no longer in memory (that case is archive-sync's it.fails).
    await a.close();
    open.splice(open.indexOf(a), 1);
    const a2 = await archiveAt('replaced-A');
    journalsArrive(b, a2);
    await a2.syncNow();
    expect((await a2.getArticle(id)).title).toBe('Harbour notice, version 2');
    arrive(b, a2, `articles/${id}.html`);
    arrive(b, a2, `articles/${id}.txt`);
    await a2.syncNow();
    const found = await until(async () => (await searched(a2, 'wombat')).includes(id));
    expect({ found, stale: (await searched(a2, 'quokka')).includes(id), text: (await a2.getArticle(id)).text.includes('wombat') })
      .toEqual({ found: true, stale: false, text: true });
  }, LATE_MS + 10_000);

  // Listed without its image, and assets/ is not watched: no `changed` comes when it lands.
  it.fails('an image that arrives after its article: the front ends are told, so the reader shows it', async () => {
    const [a, b] = [await archiveAt('image-last-A'), await archiveAt('image-last-B')];
    const saved = await b.saveUrl(`${base}/tides`);
    const asset = /tidings-asset:([0-9a-f]{64}\.png)/.exec((await b.getArticle(saved.id)).html)?.[1] ?? '';
    expect(asset).not.toBe('');
    const events: ArchiveEvent[] = [];
    a.on((event) => events.push(event));
    journalsArrive(b, a);
    arrive(b, a, `articles/${saved.id}.html`);
    arrive(b, a, `articles/${saved.id}.txt`);
    await a.syncNow();
    const listedWithoutImage = (await a.listArticles({ limit: 100 })).items.some((x) => x.id === saved.id);
    expect(existsSync(path.join(a.dataDir, 'assets', asset))).toBe(false);
    const eventsBefore = events.length;
    arrive(b, a, `assets/${asset}`);
    await a.syncNow();
    // Either A waited for the image, or it says so once the image is there (a reader open on
    // the article shows a broken image until it is told).
    const told = await until(() => events.slice(eventsBefore).some((e) => e.type === 'changed' && e.what === 'articles' && (e.ids?.includes(saved.id) ?? false)));
    expect({ listedWithoutImage, toldWhenImageCame: told }).not.toEqual({ listedWithoutImage: true, toldWhenImageCame: false });
    expect(a.assetPath(asset)).not.toBeNull();
  }, LATE_MS + 10_000);
});
