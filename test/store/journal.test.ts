// The journal as hostile input: a crash mid-append, damaged lines, another device's journal
// that lies (forged device, paths as ids, prototype keys, wrong types, huge lines), a full disk.

import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Library } from '../../src/store/index.js';
import { readJournal, readWholeJournal } from '../../src/store/journal.js';

const OTHER = 'bbbbbbbbbbbb';
const at = (n: number, device = OTHER): string => `${String(Date.now() - 100_000 + n).padStart(13, '0')}.000000.${device}`;

function tempDir(): string {
  return mkdtempSync(path.join(os.tmpdir(), 'tidings-journal-'));
}

function ownJournal(dir: string): string {
  const names = readdirSync(path.join(dir, 'journal')).filter((n) => n.endsWith('.jsonl'));
  expect(names).toHaveLength(1);
  return path.join(dir, 'journal', names[0]!);
}

function otherJournal(dir: string, lines: unknown[], device = OTHER): string {
  mkdirSync(path.join(dir, 'journal'), { recursive: true });
  const file = path.join(dir, 'journal', `${device}.jsonl`);
  const body = lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n');
  writeFileSync(file, `${JSON.stringify({ journal: 1, device, epoch: 'e1' })}\n${body}\n`);
  return file;
}

function article(id: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id, source: 'url', feedId: null, guid: null, url: `https://example.com/${id}`, title: `Title ${id}`, byline: null, siteName: null, lang: null,
    publishedAt: null, excerpt: null, wordCount: 1, readingMinutes: 1, leadImage: null, enclosures: [], suggestedTags: [], contentHash: null,
    extraction: { status: 'done', reason: null, attempts: 1, at: null }, read: false, starred: false, tags: [], savedAt: null, addedAt: '2026-01-01T00:00:00.000Z',
    ...extra,
  };
}

describe('store: journal', () => {
  it('ignores a torn last line and cuts it off before appending again', async () => {
    const dir = tempDir();
    const library = await Library.open(dir);
    library.change((d) => void (d.settings.fontSize = 21));
    await library.durable();
    const file = ownJournal(dir);
    appendFileSync(file, '{"h":"17'); // a crash mid-append
    const again = await Library.open(dir);
    expect(again.data.settings.fontSize).toBe(21);
    expect(again.notices).toEqual([]);
    again.change((d) => void (d.settings.fontSize = 22));
    await again.durable();
    const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean);
    expect(lines.every((l) => JSON.parse(l))).toBe(true);
    expect((await Library.open(dir)).data.settings.fontSize).toBe(22);
  });

  it('leaves out damaged lines in the middle, says so once, and applies the rest', async () => {
    const dir = tempDir();
    const library = await Library.open(dir);
    await library.flush();
    library.change((d) => void (d.settings.fontSize = 30));
    await library.durable();
    const file = ownJournal(dir);
    appendFileSync(file, 'not json at all\n\u0000\u0000\u0000\n{"h":"x","k":"settings","o":"set","v":{}}\n');
    library.change((d) => void (d.settings.theme = 'dark'));
    await library.durable();
    const again = await Library.open(dir);
    expect(again.data.settings).toMatchObject({ fontSize: 30, theme: 'dark' });
    expect(again.notices).toHaveLength(1);
    expect(again.notices[0]).toMatch(/3 journal lines were left out/);
  });

  it("takes another device's articles, stars and tags, and refuses what a hostile journal says", async () => {
    const dir = tempDir();
    const id = '0123456789abcdef';
    mkdirSync(path.join(dir, 'articles'), { recursive: true });
    otherJournal(dir, [
      { h: at(1), k: `a:${id}`, o: 'new', v: article(id) },
      { h: at(2), k: `a:${id}`, o: 'set', v: { starred: true } },
      { h: at(3), k: `a:${id}`, o: 'tag', t: 'work', on: true },
      // Hostile: a path as an id, prototype keys, wrong types, unknown fields, a far-future clock, a huge line.
      { h: at(4), k: 'a:../../etc/passwd', o: 'new', v: article('../../etc/passwd') },
      { h: at(5), k: 'a:__proto__', o: 'new', v: article('__proto__') },
      { h: at(6), k: `a:${id}`, o: 'set', v: { __proto__: { polluted: true } } },
      `{"h":"${at(7)}","k":"a:${id}","o":"set","v":{"__proto__":{"polluted":true}}}`,
      { h: at(9), k: `a:${id}`, o: 'set', v: { starred: 'yes' } },
      { h: at(10), k: `a:${id}`, o: 'set', v: { title: 42 } },
      { h: at(11), k: 'settings', o: 'set', v: { fontSize: -5, theme: 'dark', evil: 'x' } },
      { h: at(12), k: 'settings', o: 'new', v: {} },
      { h: at(13), k: `a:${id}`, o: 'tag', t: 'x'.repeat(5000), on: true },
      { h: at(14), k: `a:${id}`, o: 'explode' },
      { h: '9999999999999.000000.bbbbbbbbbbbb', k: `a:${id}`, o: 'set', v: { extra: 1 } },
      'x'.repeat(5 * 1024 * 1024),
    ]);
    const library = await Library.open(dir, { hasFiles: () => true });
    const a = library.data.articles[id]!;
    expect(a).toMatchObject({ starred: true, read: false, tags: ['work'], title: `Title ${id}` });
    expect(Object.keys(library.data.articles)).toEqual([id]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.hasOwn(a, 'extra')).toBe(false);
    expect(library.data.settings).toMatchObject({ theme: 'dark' });
    expect(library.data.settings.fontSize).toBeGreaterThan(0);
    expect(Object.hasOwn(library.data.settings, 'evil')).toBe(false);
    expect(library.notices.join('\n')).toMatch(/journal lines were left out/);
  });

  it('keeps an article from another device waiting until its file arrives', async () => {
    const dir = tempDir();
    const id = 'fedcba9876543210';
    otherJournal(dir, [{ h: at(1), k: `a:${id}`, o: 'new', v: article(id) }, { h: at(2), k: `a:${id}`, o: 'set', v: { read: true } }]);
    let arrived = false;
    const library = await Library.open(dir, { hasFiles: () => arrived });
    expect(library.data.articles[id]).toBeUndefined();
    await library.flush(); // the wait survives a checkpoint and a reopen
    const reopened = await Library.open(dir, { hasFiles: () => arrived });
    expect(reopened.data.articles[id]).toBeUndefined();
    arrived = true;
    const pulled = await reopened.pull();
    expect(pulled.applied.some((a) => a.key === `a:${id}` && a.effect === 'added')).toBe(true);
    expect(reopened.data.articles[id]).toMatchObject({ read: true });
  });

  it('reads only what is new in another journal, and all of it again after a compaction (new epoch)', async () => {
    const dir = tempDir();
    const file = otherJournal(dir, [{ h: at(1), k: 'settings', o: 'set', v: { fontSize: 19 } }]);
    const library = await Library.open(dir);
    expect(library.data.settings.fontSize).toBe(19);
    appendFileSync(file, `${JSON.stringify({ h: at(2), k: 'settings', o: 'set', v: { fontSize: 20 } })}\n`);
    appendFileSync(file, `{"h":"${at(3)}","k":"settings","o":"set","v":{"fontSize":2`); // still being written
    const first = await library.pull();
    expect(first.applied).toHaveLength(1);
    expect(library.data.settings.fontSize).toBe(20);
    appendFileSync(file, '3}}\n');
    await library.pull();
    expect(library.data.settings.fontSize).toBe(23);
    // Compacted elsewhere: a new epoch, fewer lines; reading it all again changes nothing.
    writeFileSync(file, `${JSON.stringify({ journal: 1, device: OTHER, epoch: 'e2' })}\n${JSON.stringify({ h: at(3), k: 'settings', o: 'set', v: { fontSize: 23 } })}\n`);
    const again = await library.pull();
    expect(again.applied).toHaveLength(1);
    expect(library.data.settings.fontSize).toBe(23);
  });

  it('a journal that is not one (no header, another device in it) is kept aside, never appended to', async () => {
    const dir = tempDir();
    const library = await Library.open(dir);
    await library.flush();
    const file = ownJournal(dir);
    writeFileSync(file, 'garbage\n');
    const again = await Library.open(dir);
    again.change((d) => void (d.settings.fontSize = 25));
    await again.durable();
    const names = readdirSync(path.join(dir, 'journal'));
    expect(names.some((n) => n.includes('.damaged-'))).toBe(true);
    expect(readFileSync(file, 'utf8').split('\n')[0]).toMatch(/"journal":1/);
  });
});

describe('store: articles waiting for their files', () => {
  it('stop waiting once a later delete is known (they could never show)', async () => {
    const dir = tempDir();
    const id = '00000000000000aa';
    otherJournal(dir, [{ h: at(1), k: `a:${id}`, o: 'new', v: article(id) }]);
    const library = await Library.open(dir, { hasFiles: () => false });
    expect(library.data.sync!.pending).toHaveLength(1);
    appendFileSync(path.join(dir, 'journal', `${OTHER}.jsonl`), `${JSON.stringify({ h: at(2), k: `a:${id}`, o: 'del' })}\n`);
    await library.pull();
    expect(library.data.sync!.pending).toEqual([]);
    expect(library.data.articles[id]).toBeUndefined();
    expect(library.data.tombstones[id]).toBeDefined();
  });
});

describe('store: a journal read a part at a time', () => {
  it('reads a journal larger than one read in parts, and leaves out a line longer than a whole read', async () => {
    const dir = tempDir();
    const ops = Array.from({ length: 40 }, (_, i) => ({ h: at(i + 1), k: 'settings', o: 'set', v: { fontSize: 10 + i } }));
    const file = otherJournal(dir, [...ops.slice(0, 20), `{"h":"${at(21)}","k":"settings","o":"set","v":{"theme":"${'x'.repeat(3000)}"}}`, ...ops.slice(20)]);
    let all: unknown[] = [];
    let skipped = 0;
    let from: Parameters<typeof readJournal>[1];
    for (let reads = 0, more = true; more; reads++) {
      expect(reads).toBeLessThan(200);
      const part = await readJournal(file, from, 1024);
      all = all.concat(part.ops);
      skipped += part.skipped.length;
      from = part.next;
      more = part.more;
    }
    expect(all).toEqual(ops);
    expect(skipped).toBeGreaterThanOrEqual(1);
    const whole = await readWholeJournal(file, undefined, 1024);
    expect(whole.ops).toEqual(ops);
    expect(whole.more).toBe(false);
  });
});

describe('store: our journal replaced by an older copy', () => {
  it('is written again from the library, so other machines still get every change', async () => {
    const dir = tempDir();
    const library = await Library.open(dir);
    library.change((d) => void (d.settings.fontSize = 20));
    await library.flush();
    const file = ownJournal(dir);
    const older = readFileSync(file);
    library.change((d) => void (d.settings.theme = 'dark'));
    library.change((d) => void d.savedSearches.push({ id: 'later', name: 'Later', query: 'is:unread' }));
    await library.flush();
    writeFileSync(file, older); // a sync tool or a restore put back an older copy
    const again = await Library.open(dir);
    expect(again.notices.join('\n')).toMatch(/was shorter than when it was last written/);
    expect(again.data.settings).toMatchObject({ fontSize: 20, theme: 'dark' });
    // Another machine that reads only this journal gets all of it.
    const other = tempDir();
    mkdirSync(path.join(other, 'journal'), { recursive: true });
    writeFileSync(path.join(other, 'journal', path.basename(file)), readFileSync(file));
    const elsewhere = await Library.open(other);
    expect(elsewhere.data.settings).toMatchObject({ fontSize: 20, theme: 'dark' });
    expect(elsewhere.data.savedSearches.map((s) => s.name)).toEqual(['Later']);
  });
});
