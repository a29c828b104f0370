// Highlights on two machines syncing now and then (issue 16): 80 random highlight changes on each
// (add a passage, recolour, note, remove) on two articles, with journals and article files copied
// one way or the other at random between them, as a sync engine does. At the end both machines
// show the same highlights, and none is lost: every highlight whose last change (by the time it
// was made, on either machine) was not its removal is there. (A removal on one machine and a later
// recolour of the same highlight on the other, not yet synced, keep it: the later change wins.)

import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Archive } from '../../src/api.js';
import { openArchive } from '../../src/archive/index.js';
import type { HighlightColor } from '../../src/model/index.js';
// mulberry32, seeded: a failing case runs again by its seed.
import { random as prng } from '../../bench/search/corpus.js';
import { copyAll, ownDevice } from './sync-helpers.js';

const SEED = Number(process.env.TIDINGS_HIGHLIGHTS_SEED ?? 16_2026);
const root = mkdtempSync(path.join(os.tmpdir(), 'tidings-highlights-random-'));
let server: Server;
let base = '';

const SENTENCES = Array.from({ length: 12 }, (_, i) => `Sentence number ${i} tells of harbour ${i * 7} and its tide ${i * 3}`);

function page(name: string): string {
  return `<!doctype html><html lang="en"><head><title>Page ${name}</title></head><body><article><h1>Page ${name}</h1>
${SENTENCES.map((s) => `<p>${s} on page ${name}.</p>`).join('\n')}
</article></body></html>`;
}

beforeAll(async () => {
  server = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(page(req.url?.includes('two') ? 'two' : 'one'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  rmSync(root, { recursive: true, force: true });
});

const COLOURS: HighlightColor[] = ['yellow', 'green', 'blue', 'pink', 'purple'];

describe('sync: random highlight changes on two machines', () => {
  it(`both end with the same highlights and none lost (seed ${SEED})`, { timeout: 120_000 }, async () => {
    const rand = prng(SEED);
    const dirs = [path.join(root, 'A'), path.join(root, 'B')];
    const archives: Archive[] = [await openArchive(dirs[0]!), await openArchive(dirs[1]!)];
    const devices = dirs.map(ownDevice);
    const sync = async (from: number, to: number): Promise<void> => {
      copyAll(dirs[from]!, dirs[to]!, devices[to]!);
      await archives[to]!.syncNow();
    };
    try {
      const ids = [(await archives[0]!.saveUrl(`${base}/one.html`)).id, (await archives[0]!.saveUrl(`${base}/two.html`)).id];
      await sync(0, 1);
      // What the user did, to judge the end by: per highlight, its article and whether its last change removed it.
      const last = new Map<string, { article: string; removed: boolean }>();
      let removals = 0;
      for (let step = 0; step < 160; step++) {
        const who = step % 2;
        const archive = archives[who]!;
        const article = ids[Math.floor(rand() * ids.length)]!;
        const present = (await archive.getArticle(article)).highlights ?? [];
        const roll = rand();
        if (roll < 0.45 || present.length === 0) {
          const sentence = SENTENCES[Math.floor(rand() * SENTENCES.length)]!;
          const added = await archive.addHighlight(article, { exact: sentence, color: COLOURS[Math.floor(rand() * COLOURS.length)]! });
          // The same passage again gives the highlight already there here, unchanged: no change to judge by.
          if (!present.some((x) => x.id === added.id)) last.set(added.id, { article, removed: false });
        } else if (roll < 0.8) {
          const target = present[Math.floor(rand() * present.length)]!;
          await archive.updateHighlight(article, target.id, rand() < 0.5 ? { color: COLOURS[Math.floor(rand() * COLOURS.length)]! } : { note: `note ${step}` });
          last.set(target.id, { article, removed: false });
        } else {
          const target = present[Math.floor(rand() * present.length)]!;
          await archive.removeHighlight(article, target.id);
          last.set(target.id, { article, removed: true });
          removals++;
        }
        if (rand() < 0.2) await sync(who, 1 - who);
      }
      await sync(0, 1);
      await sync(1, 0);
      for (const article of ids) {
        const [a, b] = [await archives[0]!.getArticle(article), await archives[1]!.getArticle(article)];
        expect(a.highlights ?? []).toEqual(b.highlights ?? []);
        const expected = [...last].filter(([, x]) => x.article === article && !x.removed).map(([id]) => id).sort();
        expect((a.highlights ?? []).map((x) => x.id).sort()).toEqual(expected);
      }
      expect(last.size).toBeGreaterThan(20);
      expect(removals).toBeGreaterThan(5);
    } finally {
      await Promise.all(archives.map((a) => a.close()));
    }
  });
});
