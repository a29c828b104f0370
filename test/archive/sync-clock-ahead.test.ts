// A device whose clock is days ahead (issue 12). Its clock times are not taken in beyond a day
// (hlc.ts MAX_SKEW_MS), so a change made here after seeing its change can carry an EARLIER time.
// Whatever the merge then decides, every device must decide the same: this one must not show
// its own value while the others, applying the same two journal lines, show the other.

import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openArchive } from '../../src/archive/index.js';

const root = mkdtempSync(path.join(os.tmpdir(), 'tidings-sync-clock-ahead-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const FAST = 'fa57fa57fa57';
const ID = 'c10cca4eadc10cca';
const DAY = 24 * 60 * 60 * 1000;

function hlc(wall: number, device: string): string {
  return `${String(wall).padStart(13, '0')}.000000.${device}`;
}

/** The journal of a device whose clock is three days ahead: it saved an article and starred it. */
function fastJournal(): string {
  const ahead = Date.now() + 3 * DAY;
  const now = new Date().toISOString();
  const article = {
    id: ID, source: 'file', feedId: null, guid: null, url: null, title: 'Saved on the fast machine', byline: null, siteName: null,
    lang: 'en', publishedAt: null, excerpt: null, wordCount: 5, readingMinutes: 1, leadImage: null, enclosures: [], suggestedTags: [],
    contentHash: null, extraction: { status: 'done', reason: null, attempts: 1, at: now }, read: false, starred: false, tags: [],
    savedAt: now, addedAt: now,
  };
  const lines = [
    { journal: 1, device: FAST, epoch: hlc(ahead, FAST) },
    { h: hlc(ahead + 1, FAST), k: `a:${ID}`, o: 'new', v: article },
    { h: hlc(ahead + 2, FAST), k: `a:${ID}`, o: 'set', v: { starred: true } },
  ];
  return lines.map((l) => JSON.stringify(l)).join('\n') + '\n';
}

function placeFastDevice(dir: string): void {
  mkdirSync(path.join(dir, 'journal'), { recursive: true });
  mkdirSync(path.join(dir, 'articles'), { recursive: true });
  writeFileSync(path.join(dir, 'journal', `${FAST}.jsonl`), fastJournal());
  writeFileSync(path.join(dir, 'articles', `${ID}.html`), '<p>Saved on the fast machine.</p>');
  writeFileSync(path.join(dir, 'articles', `${ID}.txt`), 'Saved on the fast machine.');
}

describe('sync: another device\'s clock days ahead', () => {
  // Found by the convergence work (j4-bugs #6): the local change's time was older than the
  // field's clock, so every other device kept the fast device's value. Fixed in Library.change.
  it('un-starring here what the fast device starred ends the same on this device and on a third one', { timeout: 30_000 }, async () => {
    const here = path.join(root, 'here');
    placeFastDevice(here);
    const archive = await openArchive(here);
    let mine = '';
    try {
      expect((await archive.getArticle(ID)).starred).toBe(true);
      await archive.setStarred([ID], false);
      mine = readdirSync(path.join(here, 'journal')).find((n) => n !== `${FAST}.jsonl` && n.endsWith('.jsonl'))!;
    } finally {
      await archive.close();
    }
    const seenHere = await (async () => {
      const again = await openArchive(here);
      try {
        return (await again.getArticle(ID)).starred;
      } finally {
        await again.close();
      }
    })();

    // A third device gets both journals (and the article's files), nothing else.
    const third = path.join(root, 'third');
    placeFastDevice(third);
    writeFileSync(path.join(third, 'journal', mine), readFileSync(path.join(here, 'journal', mine)));
    // The very same fast journal (placeFastDevice makes one with new times).
    writeFileSync(path.join(third, 'journal', `${FAST}.jsonl`), readFileSync(path.join(here, 'journal', `${FAST}.jsonl`)));
    const other = await openArchive(third);
    try {
      expect({ elsewhere: (await other.getArticle(ID)).starred }).toEqual({ elsewhere: seenHere });
    } finally {
      await other.close();
    }
  });
});
