// The seed entry: in every new archive, imported like a user's file, deleted for good on request.

import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openArchive } from '../../src/archive/index.js';

function tempDir(): string {
  return mkdtempSync(path.join(os.tmpdir(), 'tidings-seed-'));
}

describe('archive: the seed entry', () => {
  it('is in a new archive as a saved Polish article with a title and tags', async () => {
    const archive = await openArchive(tempDir());
    const page = await archive.listArticles({});
    expect(page.total).toBe(1);
    const seed = await archive.getArticle(page.items[0]!.id);
    expect(seed.lang).toBe('pl');
    expect(seed.source).toBe('file');
    expect(seed.savedAt).not.toBeNull();
    expect(seed.title).toMatch(/Musk.*GPU/);
    expect(seed.tags).toEqual(expect.arrayContaining(['ai', 'gpu', 'twitter']));
    // Broken lines joined, paragraphs kept, doubled spaces folded.
    expect(seed.text).toContain('Musk nabył Twittera prawie sześć miesięcy temu i dokonał już wielu poważnych zmian w sieci społecznościowej');
    expect(seed.text).not.toMatch(/ {2}/);
    expect(seed.text.split('\n\n').length).toBe(5);
    expect(seed.html.match(/<p>/g)).toHaveLength(5);
    expect(seed.wordCount).toBeGreaterThan(300);
    expect((await archive.listArticles({ view: 'saved' })).total).toBe(1);
    await archive.close();
  });

  it('stays deleted after the user deletes it', async () => {
    const dir = tempDir();
    let archive = await openArchive(dir);
    const id = (await archive.listArticles({})).items[0]!.id;
    await archive.deleteArticles([id]);
    await archive.close();
    archive = await openArchive(dir);
    expect((await archive.listArticles({})).total).toBe(0);
    // Importing the same file again is the user's explicit wish, but the id stays tombstoned.
    await archive.close();
  });

  it('is planted once: reopening does not add it again', async () => {
    const dir = tempDir();
    await (await openArchive(dir)).close();
    const archive = await openArchive(dir);
    expect((await archive.listArticles({})).total).toBe(1);
    await archive.close();
  });
});
