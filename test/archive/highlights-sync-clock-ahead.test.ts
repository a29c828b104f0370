// A highlight changed here after a device whose clock is days ahead changed it (issue 16). The
// change made here must carry a later time than the highlight's own clock (as a field's does,
// see sync-clock-ahead.test.ts): else this device's own recolour is undone by the merge at once,
// and every other device keeps the fast device's colour.

import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openArchive } from '../../src/archive/index.js';

const root = mkdtempSync(path.join(os.tmpdir(), 'tidings-highlights-clock-ahead-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const FAST = 'fa57fa57fa57';
const ID = 'c10cca4eadc10cca';
const DAY = 24 * 60 * 60 * 1000;
const TEXT = 'Saved on the fast machine, and highlighted there.';

function hlc(wall: number, device: string): string {
  return `${String(wall).padStart(13, '0')}.000000.${device}`;
}

function highlight(color: string): Record<string, unknown> {
  return {
    id: 'h0123456789ab', quote: { type: 'TextQuoteSelector', exact: 'highlighted there', prefix: 'Saved on the fast machine, and ', suffix: '.' },
    position: { type: 'TextPositionSelector', start: 31, end: 48 }, color, note: null, createdAt: new Date().toISOString(),
  };
}

/** A device three days ahead: it saved an article, highlighted a passage, then made it green. */
function fastJournal(): string {
  const ahead = Date.now() + 3 * DAY;
  const now = new Date().toISOString();
  const article = {
    id: ID, source: 'file', feedId: null, guid: null, url: null, title: 'Highlighted on the fast machine', byline: null, siteName: null,
    lang: 'en', publishedAt: null, excerpt: null, wordCount: 8, readingMinutes: 1, leadImage: null, enclosures: [], suggestedTags: [],
    contentHash: null, extraction: { status: 'done', reason: null, attempts: 1, at: now }, read: false, starred: false, tags: [],
    savedAt: now, addedAt: now, highlights: [highlight('yellow')],
  };
  const lines = [
    { journal: 1, device: FAST, epoch: hlc(ahead, FAST) },
    { h: hlc(ahead + 1, FAST), k: `a:${ID}`, o: 'new', v: article },
    { h: hlc(ahead + 2, FAST), k: `a:${ID}`, o: 'hl', id: 'h0123456789ab', v: highlight('green') },
  ];
  return lines.map((l) => JSON.stringify(l)).join('\n') + '\n';
}

function placeFastDevice(dir: string, journal: string): void {
  mkdirSync(path.join(dir, 'journal'), { recursive: true });
  mkdirSync(path.join(dir, 'articles'), { recursive: true });
  writeFileSync(path.join(dir, 'journal', `${FAST}.jsonl`), journal);
  writeFileSync(path.join(dir, 'articles', `${ID}.html`), `<p>${TEXT}</p>`);
  writeFileSync(path.join(dir, 'articles', `${ID}.txt`), TEXT);
}

describe('sync: a highlight changed by a device whose clock is days ahead', () => {
  it('recolouring it here keeps the colour here, after reopening, and on a third device', { timeout: 30_000 }, async () => {
    const here = path.join(root, 'here');
    const journal = fastJournal();
    placeFastDevice(here, journal);
    const archive = await openArchive(here);
    let mine = '';
    try {
      expect((await archive.getArticle(ID)).highlights?.map((x) => x.color)).toEqual(['green']);
      await archive.updateHighlight(ID, 'h0123456789ab', { color: 'pink' });
      expect((await archive.getArticle(ID)).highlights?.map((x) => x.color)).toEqual(['pink']);
      mine = readdirSync(path.join(here, 'journal')).find((n) => n !== `${FAST}.jsonl` && n.endsWith('.jsonl'))!;
    } finally {
      await archive.close();
    }
    const again = await openArchive(here);
    try {
      expect((await again.getArticle(ID)).highlights?.map((x) => x.color)).toEqual(['pink']);
    } finally {
      await again.close();
    }
    const third = path.join(root, 'third');
    placeFastDevice(third, journal);
    writeFileSync(path.join(third, 'journal', mine), readFileSync(path.join(here, 'journal', mine)));
    const other = await openArchive(third);
    try {
      expect((await other.getArticle(ID)).highlights?.map((x) => x.color)).toEqual(['pink']);
    } finally {
      await other.close();
    }
  });
});
