// A damaged library.json at open: moved aside, the newest good backup restored, the user told.

import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Library } from '../../src/store/index.js';

function tempDir(): string {
  return mkdtempSync(path.join(os.tmpdir(), 'tidings-recovery-'));
}

/** A library with one feed in it, written and backed up by a second open. */
async function goodLibrary(): Promise<{ dir: string; good: string }> {
  const dir = tempDir();
  const library = await Library.open(dir);
  library.change((d) => {
    d.savedSearches.push({ id: 's1', name: 'kept', query: 'gpu' });
  });
  await library.flush();
  await Library.open(dir); // the open of a good file makes the backup
  return { dir, good: readFileSync(path.join(dir, 'library.json'), 'utf8') };
}

const damages: [string, (good: string) => string | Buffer][] = [
  ['a truncated file', (good) => good.slice(0, Math.floor(good.length / 2))],
  ['a file of NUL bytes', (good) => Buffer.alloc(good.length)],
  ['invalid JSON', () => '{"schemaVersion": 1, "feeds": {,,}'],
  ['an empty file', () => ''],
  ['JSON that is not a library', () => '[1, 2, 3]'],
];

describe('store: corruption recovery', () => {
  for (const [name, damage] of damages) {
    it(`restores the newest good backup from ${name}`, async () => {
      const { dir, good } = await goodLibrary();
      const damaged = damage(good);
      writeFileSync(path.join(dir, 'library.json'), damaged);

      const library = await Library.open(dir);

      expect(library.data.savedSearches.map((s) => s.name)).toEqual(['kept']);
      expect(library.notices.join(' ')).toMatch(/damaged.*moved aside as library\.corrupt-.*restored/);
      const aside = readdirSync(dir).filter((n) => n.startsWith('library.corrupt-'));
      expect(aside).toHaveLength(1);
      // The damaged file is kept as it was, never overwritten.
      expect(readFileSync(path.join(dir, aside[0]!))).toEqual(Buffer.from(damaged));
      expect(JSON.parse(readFileSync(path.join(dir, 'library.json'), 'utf8')).savedSearches).toHaveLength(1);
    });
  }

  it('starts empty and says so when no backup is good, keeping the damaged file', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'library.json'), '{"truncated": ');
    const library = await Library.open(dir);
    expect(library.data.articles).toEqual({});
    expect(library.notices[0]).toMatch(/no good backup/);
    expect(readdirSync(dir).some((n) => n.startsWith('library.corrupt-'))).toBe(true);
  });

  it('refuses a library from a newer Tidings without moving it aside', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'library.json'), JSON.stringify({ schemaVersion: 999, feeds: {}, articles: {} }));
    await expect(Library.open(dir)).rejects.toThrow(/schema 999 is newer/);
    expect(existsSync(path.join(dir, 'library.json'))).toBe(true);
    expect(readdirSync(dir).some((n) => n.startsWith('library.corrupt-'))).toBe(false);
  });

  it('keeps at most five backups', async () => {
    const dir = tempDir();
    const library = await Library.open(dir);
    library.change((d) => void (d.seeded = true));
    await library.flush();
    for (let i = 0; i < 8; i++) {
      await Library.open(dir);
      await new Promise((r) => setTimeout(r, 3));
    }
    expect(readdirSync(path.join(dir, 'backups')).length).toBe(5);
  });
});
