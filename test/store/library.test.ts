// The lowdb store: compact atomic writes, many changes coalesced into one write, migrations,
// and one process per data directory.

import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { Library, lockDataDir, SCHEMA_VERSION } from '../../src/store/index.js';
import * as atomic from '../../src/store/atomic.js';

function tempDir(): string {
  return mkdtempSync(path.join(os.tmpdir(), 'tidings-store-'));
}

describe('store: library.json', () => {
  it('writes compact JSON to disk even under NODE_ENV=test', async () => {
    expect(process.env.NODE_ENV).toBe('test');
    const dir = tempDir();
    const library = await Library.open(dir);
    library.change((d) => void (d.settings.refreshMinutes = 15));
    await library.flush();
    const text = readFileSync(path.join(dir, 'library.json'), 'utf8');
    expect(text).not.toContain('\n');
    expect(JSON.parse(text).settings.refreshMinutes).toBe(15);
    expect(JSON.parse(text).schemaVersion).toBe(SCHEMA_VERSION);
  });

  it('coalesces many mutations into one write', async () => {
    const dir = tempDir();
    const library = await Library.open(dir);
    const spy = vi.spyOn(atomic, 'writeFileAtomic');
    for (let i = 0; i < 100; i++) library.change((d) => void (d.settings.fontSize = i));
    await Promise.all([library.flush(), library.flush(), library.flush()]);
    expect(spy.mock.calls.filter(([file]) => String(file).endsWith('library.json')).length).toBeLessThanOrEqual(1);
    expect(JSON.parse(readFileSync(path.join(dir, 'library.json'), 'utf8')).settings.fontSize).toBe(99);
    spy.mockRestore();
  });

  it('makes a change durable in the journal, not by rewriting library.json', async () => {
    const dir = tempDir();
    const library = await Library.open(dir);
    await library.flush();
    const spy = vi.spyOn(atomic, 'writeFileAtomic');
    library.change((d) => void (d.settings.theme = 'dark'));
    await library.durable();
    expect(spy.mock.calls.filter(([file]) => String(file).endsWith('library.json'))).toEqual([]);
    spy.mockRestore();
    const journal = readdirSync(path.join(dir, 'journal')).filter((n) => n.endsWith('.jsonl'));
    expect(journal).toHaveLength(1);
    expect(readFileSync(path.join(dir, 'journal', journal[0]!), 'utf8')).toContain('"theme":"dark"');
    // Opened again without a flush or close (a crash): the journal brings the change back.
    expect(JSON.parse(readFileSync(path.join(dir, 'library.json'), 'utf8')).settings.theme).not.toBe('dark');
    const again = await Library.open(dir);
    expect(again.data.settings.theme).toBe('dark');
  });

  it('leaves no temp files behind', async () => {
    const dir = tempDir();
    const library = await Library.open(dir);
    library.change((d) => void (d.seeded = true));
    await library.flush();
    expect(readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('migrates a library without a schema version and keeps its data', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'library.json'), JSON.stringify({ feeds: {}, articles: {}, savedSearches: [{ id: 'a', name: 'n', query: 'q' }] }));
    const library = await Library.open(dir);
    expect(library.data.schemaVersion).toBe(SCHEMA_VERSION);
    expect(library.data.savedSearches).toHaveLength(1);
    expect(library.data.rules).toEqual([]);
    expect(library.data.settings.refreshMinutes).toBe(60);
  });
});

describe('store: one process per data directory', () => {
  it('refuses a second lock in the same process and releases on demand', async () => {
    const dir = tempDir();
    const lock = await lockDataDir(dir);
    await expect(lockDataDir(dir)).rejects.toThrow(/already open/);
    lock.release();
    (await lockDataDir(dir)).release();
  });

  it('tells a second process clearly that the archive is open elsewhere', async () => {
    const dir = tempDir();
    const lock = await lockDataDir(dir);
    const script = `import('${path.resolve('src/store/lock.ts')}').then(m => m.lockDataDir(${JSON.stringify(dir)})).then(() => console.log('LOCKED'), (e) => console.log(e.message))`;
    const result = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], { encoding: 'utf8' });
    expect(result.stdout).toMatch(/open in another Tidings process \(pid \d+\)/);
    lock.release();
  });

  it('takes over the lock of a process that died', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'tidings.lock'), JSON.stringify({ pid: 2 ** 22 + 12345 }));
    (await lockDataDir(dir)).release();
  });
});

describe('store: article files', () => {
  it('writes an article\'s two files atomically and leaves no temp files', async () => {
    const { ArticleFiles } = await import('../../src/store/index.js');
    const dir = tempDir();
    const files = new ArticleFiles(dir);
    await files.init();
    await files.writeMany([{ id: '0123456789abcdef', html: '<p>hi</p>', text: 'hi' }]);
    await files.writeMany([{ id: '0123456789abcdef', html: '<p>again</p>', text: 'again' }]);
    expect(await files.readHtml('0123456789abcdef')).toBe('<p>again</p>');
    expect(await files.readText('0123456789abcdef')).toBe('again');
    expect(readdirSync(files.articlesDir).sort()).toEqual(['0123456789abcdef.html', '0123456789abcdef.txt']);
  });

  it('writes many articles at once: one that fails fails alone and leaves no temp file', async () => {
    const { ArticleFiles } = await import('../../src/store/index.js');
    const dir = tempDir();
    const files = new ArticleFiles(dir);
    await files.init();
    // A folder where an article's .txt should go: its rename fails, the others are written.
    mkdirSync(path.join(files.articlesDir, '2222222222222222.txt', 'inside'), { recursive: true });
    const errors = await files.writeMany([
      { id: '1111111111111111', html: '<p>one</p>', text: 'one' },
      { id: '2222222222222222', html: '<p>two</p>', text: 'two' },
      { id: '../escape', html: 'x', text: 'x' },
      { id: '3333333333333333', html: '<p>three</p>', text: 'three' },
    ]);
    expect(errors.map((e) => (e === null ? null : String(e)))).toEqual([null, expect.stringMatching(/ENOTEMPTY|EISDIR|EEXIST/), 'Error: store: ../escape: not an article id', null]);
    expect(await files.readText('3333333333333333')).toBe('three');
    expect(readdirSync(files.articlesDir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    // Its text is not served from memory: the store has only what the disk has.
    await expect(files.readText('2222222222222222')).rejects.toThrow(/EISDIR/);
  });

  it('serves a text written a moment ago from memory, as the file has it, and forgets it on removal', async () => {
    const { ArticleFiles } = await import('../../src/store/index.js');
    const dir = tempDir();
    const files = new ArticleFiles(dir);
    await files.init();
    await files.writeMany([{ id: '0123456789abcdef', html: '<p>hi</p>', text: 'hi' }]);
    // Changing the file behind the store's back shows where the text comes from.
    writeFileSync(path.join(files.articlesDir, '0123456789abcdef.txt'), 'on disk');
    expect(await files.readText('0123456789abcdef')).toBe('hi');
    await files.remove('0123456789abcdef');
    expect(await files.readText('0123456789abcdef')).toBe('');
  });

  it('keeps only the last texts in memory, within a count and a size', async () => {
    const { RecentTexts } = await import('../../src/store/files.js');
    const recent = new RecentTexts(2, 10);
    recent.add('a', 'aaaa');
    recent.add('b', 'bbbb');
    recent.add('c', 'cccc');
    expect([recent.get('a'), recent.get('b'), recent.get('c')]).toEqual([undefined, 'bbbb', 'cccc']);
    recent.add('d', 'dddddddd');
    expect([recent.get('b'), recent.get('c'), recent.get('d')]).toEqual([undefined, undefined, 'dddddddd']);
    recent.add('e', 'e'.repeat(11));
    expect(recent.get('e')).toBeUndefined();
    recent.add('d', 'dd');
    recent.add('f', 'ffffffff');
    expect([recent.get('d'), recent.get('f')]).toEqual(['dd', 'ffffffff']);
  });

  it('clears temp files a killed process left in articles/ when the archive opens', async () => {
    const { openArchive } = await import('../../src/archive/index.js');
    const dir = tempDir();
    await (await openArchive(dir)).close();
    writeFileSync(path.join(dir, 'articles', '.0123456789abcdef.html.999.beef.tmp'), 'half');
    const archive = await openArchive(dir);
    expect(readdirSync(path.join(dir, 'articles')).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    await archive.close();
  });
});
