// Compaction rewrites a journal as the net effect of its lines: the state it gives is the same,
// it is smaller, and a device that had read the old journal reads the new one from its start.

import { mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LibraryData, RecordClock } from '../../src/model/index.js';
import { compactOps } from '../../src/store/compact.js';
import { emptyLibrary } from '../../src/store/defaults.js';
import { applyOp } from '../../src/store/merge.js';
import { SCHEMA_VERSION } from '../../src/store/migrations.js';
import type { Op } from '../../src/store/ops.js';
import { Library } from '../../src/store/index.js';

const DEV = 'aaaaaaaaaaaa';
const at = (ms: number): string => `${String(1_700_000_000_000 + ms).padStart(13, '0')}.000000.${DEV}`;

function article(id: string, title: string): Record<string, unknown> {
  return {
    id, source: 'url', feedId: null, guid: null, url: `https://example.com/${id}`, title, byline: null, siteName: null, lang: null,
    publishedAt: null, excerpt: null, wordCount: 1, readingMinutes: 1, leadImage: null, enclosures: [], suggestedTags: [], contentHash: null,
    extraction: { status: 'done', reason: null, attempts: 1, at: null }, read: false, starred: false, tags: ['first'], savedAt: null, addedAt: '2026-01-01T00:00:00.000Z',
  };
}

function stateOf(ops: readonly Op[]): string {
  const data: LibraryData = emptyLibrary(SCHEMA_VERSION);
  const clocks: Record<string, RecordClock> = {};
  for (const op of ops) expect(applyOp(data, clocks, op).effect).not.toBe('rejected');
  return JSON.stringify(data);
}

/** A journal that sets the same fields over and over, tags and untags, deletes and re-saves. */
function busyJournal(): Op[] {
  const ops: Op[] = [];
  let t = 0;
  for (let n = 0; n < 20; n++) {
    const id = n.toString(16).padStart(16, '0');
    ops.push({ h: at(t++), k: `a:${id}`, o: 'new', v: article(id, `title ${n}`) });
    for (let i = 0; i < 30; i++) ops.push({ h: at(t++), k: `a:${id}`, o: 'set', v: { read: i % 2 === 0, starred: i % 3 === 0 } });
    ops.push({ h: at(t++), k: `a:${id}`, o: 'tag', t: 'later', on: true });
    const added = ops.at(-1)!.h;
    ops.push({ h: at(t++), k: `a:${id}`, o: 'tag', t: 'later', on: false, s: `${added}#0000` });
    if (n % 4 === 0) ops.push({ h: at(t++), k: `a:${id}`, o: 'del' });
    if (n % 8 === 0) ops.push({ h: at(t++), k: `a:${id}`, o: 'new', v: article(id, `saved again ${n}`) });
  }
  for (let i = 0; i < 50; i++) ops.push({ h: at(t++), k: 'settings', o: 'set', v: { fontSize: 10 + i } });
  return ops;
}

describe('store: journal compaction', () => {
  it('gives the same state as every line, with far fewer lines', () => {
    const ops = busyJournal();
    const compacted = compactOps(ops);
    expect(stateOf(compacted)).toBe(stateOf(ops));
    expect(compacted.length).toBeLessThan(ops.length / 5);
    // Read after the old lines (a device that had them): still the same state.
    expect(stateOf([...ops, ...compacted])).toBe(stateOf(ops));
  });

  it('rewrites a large journal at open under a new epoch, and the archive opens the same', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tidings-compact-'));
    const library = await Library.open(dir);
    for (let i = 0; i < 400; i++) library.change((d) => void (d.settings.fontSize = 10 + (i % 20)));
    library.change((d) => void d.savedSearches.push({ id: 'kept', name: 'Kept', query: 'tag:x' }));
    await library.durable();
    const [name] = readdirSync(path.join(dir, 'journal'));
    const file = path.join(dir, 'journal', name!);
    const before = statSync(file).size;
    const epochBefore = JSON.parse(readFileSync(file, 'utf8').split('\n')[0]!).epoch;
    // No checkpoint was written: everything comes back from the journal, then it is compacted.
    const again = await Library.open(dir, { compactBytes: 1000 });
    expect(again.data.settings.fontSize).toBe(10 + (399 % 20));
    expect(again.data.savedSearches.map((s) => s.name)).toEqual(['Kept']);
    const after = statSync(file).size;
    expect(after).toBeLessThan(before / 10);
    const header = JSON.parse(readFileSync(file, 'utf8').split('\n')[0]!);
    expect(header.epoch).not.toBe(epochBefore);
    expect(header.compacted).toBe(after);
    // And it goes on: a change after compaction is durable and comes back.
    again.change((d) => void (d.settings.theme = 'dark'));
    await again.durable();
    const third = await Library.open(dir, { compactBytes: 1000 });
    expect(third.data.settings).toMatchObject({ theme: 'dark', fontSize: 10 + (399 % 20) });
    expect(third.data.savedSearches.map((s) => s.name)).toEqual(['Kept']);
  });
});
