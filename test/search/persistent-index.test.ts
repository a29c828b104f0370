// The index of a data directory over time: built when missing, reconciled with the library at
// open (added, changed and deleted articles), compacted in the background once enough was
// added, stopped cleanly at close, and never trusted when its file is damaged.

import { existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { type DocMeta, type IndexEvent, type IndexOptions, PersistentIndex } from '../../src/search/index.js';

/** A library of plain notes: metadata in a map, bodies in <dir>/articles/<id>.txt. */
class Notes {
  readonly dir = mkdtempSync(path.join(os.tmpdir(), 'tidings-pindex-'));
  readonly textDir = path.join(this.dir, 'articles');
  readonly metas = new Map<string, DocMeta>();
  readonly events: IndexEvent[] = [];

  constructor() {
    mkdirSync(this.textDir, { recursive: true });
  }

  put(n: number, body: string): string {
    const id = n.toString(16).padStart(16, '0');
    writeFileSync(path.join(this.textDir, `${id}.txt`), body);
    this.metas.set(id, { id, hash: `${body.length}:${body.slice(0, 12)}`, title: `note ${n}`, byline: '', site: '' });
    return id;
  }

  open(options: IndexOptions = {}): PersistentIndex {
    return PersistentIndex.open(path.join(this.dir, 'index'), {
      textDir: this.textDir,
      docs: () => [...this.metas.values()],
      doc: (id) => this.metas.get(id) ?? null,
    }, (e) => this.events.push(e), options);
  }
}

const ids = async (index: PersistentIndex, word: string) => {
  const memory = await index.ready();
  return [...memory.lookup([word], false).docs].map((d) => memory.idOf(d)).sort();
};

describe('search: the index of a data directory', () => {
  it('builds a missing index, then reopens it as it is', async () => {
    const notes = new Notes();
    const a = notes.put(1, 'alpha beta');
    const b = notes.put(2, 'beta gamma');
    const first = notes.open();
    expect(await ids(first, 'beta')).toEqual([a, b]);
    await first.close();
    expect(notes.events.map((e) => e.kind === 'progress' && e.phase)).toEqual(['start', 'progress', 'done']);
    const file = path.join(notes.dir, 'index', 'segment.bin');
    const written = statSync(file).mtimeMs;
    notes.events.length = 0;
    const second = notes.open();
    expect((await second.ready()).liveSize).toBe(0);
    expect(await ids(second, 'gamma')).toEqual([b]);
    expect(notes.events).toEqual([]);
    expect(statSync(file).mtimeMs).toBe(written);
    await second.close();
  });

  it('catches up at open with what changed while it was closed', async () => {
    const notes = new Notes();
    const a = notes.put(1, 'alpha beta');
    const b = notes.put(2, 'beta gamma');
    await notes.open().close();
    notes.metas.delete(a);
    notes.put(2, 'delta only now');
    const c = notes.put(3, 'beta again');
    const index = notes.open();
    expect(await ids(index, 'beta')).toEqual([c]);
    expect(await ids(index, 'delta')).toEqual([b]);
    expect(await ids(index, 'alpha')).toEqual([]);
    await index.close();
  });

  it('updates and removes at once, and ignores updates for unchanged articles', async () => {
    const notes = new Notes();
    const a = notes.put(1, 'alpha');
    const index = notes.open();
    await index.ready();
    const b = notes.put(2, 'alpha beta');
    await index.update([b]);
    expect(await ids(index, 'alpha')).toEqual([a, b]);
    const before = (await index.ready()).liveSize;
    await index.update([a, b]);
    expect((await index.ready()).liveSize).toBe(before);
    index.remove([a]);
    notes.metas.delete(a);
    expect(await ids(index, 'alpha')).toEqual([b]);
    await index.close();
  });

  it('takes a new article\'s text from the library when it has it, and reads the file otherwise', async () => {
    const notes = new Notes();
    const a = notes.put(1, 'alpha');
    const asked: string[] = [];
    const index = PersistentIndex.open(path.join(notes.dir, 'index'), {
      textDir: notes.textDir,
      docs: () => [...notes.metas.values()],
      doc: (id) => notes.metas.get(id) ?? null,
      // The file says "stale": what the library hands over is what gets indexed.
      readText: async (id) => (asked.push(id), id === a ? 'from memory' : 'also memory'),
    }, () => undefined, {});
    expect(await ids(index, 'alpha')).toEqual([a]);
    expect(asked).toEqual([]);
    const b = notes.put(2, 'stale');
    await index.update([b]);
    expect(asked).toEqual([b]);
    expect(await ids(index, 'memory')).toEqual([b]);
    expect(await ids(index, 'stale')).toEqual([]);
    await index.close();
  });

  it('compacts in the background once enough was added, losing nothing added meanwhile', async () => {
    const notes = new Notes();
    notes.put(1, 'seed words');
    // Twenty (four times compactAbove) start it at once, however busy the library is.
    const index = notes.open({ compactAbove: 5, inlineBelow: 1000, quietMs: 60_000 });
    await index.ready();
    const added: string[] = [];
    for (let n = 10; n < 30; n++) {
      added.push(notes.put(n, `common word ${n}`));
      await index.update([added.at(-1)!]);
    }
    // Added while the compaction runs.
    const late = notes.put(99, 'common late');
    await index.update([late]);
    for (let i = 0; i < 400 && (await index.ready()).baseSize < 20; i++) await new Promise((r) => setTimeout(r, 25));
    const memory = await index.ready();
    // The compaction took the first twenty documents; the rest stay in memory until the next one.
    expect(memory.baseSize).toBeGreaterThanOrEqual(20);
    expect(memory.liveSize).toBeLessThan(5);
    expect(await ids(index, 'common')).toEqual([...added, late].sort());
    await index.close();
    const reopened = notes.open();
    expect(await ids(reopened, 'common')).toEqual([...added, late].sort());
    await reopened.close();
  });

  it('waits for a quiet moment before compacting, so a burst of articles is compacted once', async () => {
    const notes = new Notes();
    notes.put(1, 'seed words');
    const index = notes.open({ compactAbove: 5, inlineBelow: 1000, quietMs: 1000 });
    await index.ready();
    for (let n = 10; n < 18; n++) {
      await index.update([notes.put(n, `burst word ${n}`)]);
      await new Promise((r) => setTimeout(r, 20));
    }
    // Still adding: nothing compacted yet.
    expect((await index.ready()).liveSize).toBe(8);
    for (let i = 0; i < 400 && (await index.ready()).liveSize > 0; i++) await new Promise((r) => setTimeout(r, 25));
    expect((await index.ready()).baseSize).toBe(9);
    expect(await ids(index, 'burst')).toHaveLength(8);
    await index.close();
  });

  it('rebuilds on a worker when far behind, with progress', async () => {
    const notes = new Notes();
    notes.put(1, 'first');
    await notes.open().close();
    for (let n = 2; n < 40; n++) notes.put(n, `word${n} shared`);
    notes.events.length = 0;
    const index = notes.open({ rebuildAbove: 10, inlineBelow: 5 });
    expect((await ids(index, 'shared')).length).toBe(38);
    expect(notes.events.some((e) => e.kind === 'progress' && e.phase === 'done' && e.total === 39)).toBe(true);
    expect((await index.ready()).liveSize).toBe(0);
    await index.close();
  });

  it('stops a running rebuild at close and leaves no temp files', async () => {
    const notes = new Notes();
    for (let n = 1; n < 30; n++) notes.put(n, `text ${n} `.repeat(50));
    const index = notes.open({ inlineBelow: 5 });
    await index.close();
    const dir = path.join(notes.dir, 'index');
    const leftovers = existsSync(dir) ? (await import('node:fs')).readdirSync(dir).filter((f) => f.endsWith('.tmp')) : [];
    expect(leftovers).toEqual([]);
    const again = notes.open({ inlineBelow: 5 });
    expect((await ids(again, 'text')).length).toBe(29);
    await again.close();
  });

  it('rebuilds a damaged file and says why', async () => {
    const notes = new Notes();
    const a = notes.put(1, 'alpha');
    await notes.open().close();
    const file = path.join(notes.dir, 'index', 'segment.bin');
    const bytes = readFileSync(file);
    writeFileSync(file, bytes.subarray(0, bytes.length - 4));
    const index = notes.open();
    expect(await ids(index, 'alpha')).toEqual([a]);
    expect(notes.events.some((e) => e.kind === 'notice' && /file size/.test(e.message))).toBe(true);
    expect(readFileSync(file).length).toBe(bytes.length);
    await index.close();
  });
});
