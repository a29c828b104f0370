// A record merged from journals has its fields in one order on every device (validate.ts's, then
// others by name): the same JSON everywhere. A record already in that order is kept as it is (no
// rebuild per op); one that is not (fields in reverse, unknown ones unsorted: a library.json
// edited by hand, an older Tidings) comes out in order after its next op.

import { describe, expect, it } from 'vitest';
import type { LibraryData, RecordClock } from '../../src/model/index.js';
import { emptyLibrary } from '../../src/store/defaults.js';
import { applyOp } from '../../src/store/merge.js';
import { fieldOrder } from '../../src/store/validate.js';

const ID = '00000000000000aa';
const A = 'aaaaaaaaaaaa';
const h = (step: number): string => `${String(1_764_340_000_000 + step).padStart(13, '0')}.000000.${A}`;

function article(): Record<string, unknown> {
  return {
    id: ID, source: 'file', feedId: null, guid: null, url: null, title: 'Title', byline: null, siteName: null, lang: null,
    publishedAt: null, excerpt: null, wordCount: 10, readingMinutes: 1, leadImage: null, enclosures: [], suggestedTags: [],
    contentHash: null, extraction: { status: 'done', reason: null, attempts: 1, at: null }, read: false, starred: false,
    tags: [], savedAt: '2026-11-28T00:00:00.000Z', addedAt: '2026-11-28T00:00:00.000Z',
  };
}

/** The order every device writes: validate.ts's fields, then the others by name. */
function canonical(record: Record<string, unknown>): string[] {
  const known = fieldOrder('a').filter((f) => Object.hasOwn(record, f));
  return [...known, ...Object.keys(record).filter((f) => !known.includes(f)).sort()];
}

describe('merge: field order', () => {
  it('an out-of-order record comes out in order after an op; an ordered one stays so', () => {
    const data: LibraryData = emptyLibrary(1);
    const clocks: Record<string, RecordClock> = {};
    const reversed = Object.fromEntries(Object.entries(article()).reverse());
    expect(applyOp(data, clocks, { h: h(1), k: `a:${ID}`, o: 'new', v: reversed }).effect).toBe('added');
    const made = data.articles[ID] as unknown as Record<string, unknown>;
    expect(Object.keys(made)).toEqual(canonical(made));

    // A hand-edited library.json: known fields reversed, an unknown field or two, unsorted.
    const edited = Object.fromEntries([['zeta', 1], ['alpha', 2], ...Object.entries(made).reverse()]);
    (data.articles as Record<string, unknown>)[ID] = edited;
    applyOp(data, clocks, { h: h(2), k: `a:${ID}`, o: 'set', v: { read: true } }, true);
    const after = data.articles[ID] as unknown as Record<string, unknown>;
    expect(after.read).toBe(true);
    expect(Object.keys(after)).toEqual(canonical(after));
    expect(Object.keys(after).slice(-2)).toEqual(['alpha', 'zeta']);

    applyOp(data, clocks, { h: h(3), k: `a:${ID}`, o: 'set', v: { starred: true } });
    const again = data.articles[ID] as unknown as Record<string, unknown>;
    expect(again.starred).toBe(true);
    expect(Object.keys(again)).toEqual(canonical(again));
  });
});
