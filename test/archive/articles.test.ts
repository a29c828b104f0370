// The article part of the contract: state changes, tags, filters, delete, stats, errors.

import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Archive } from '../../src/api.js';
import { openArchive } from '../../src/archive/index.js';

async function archiveWithTwoFiles(): Promise<{ archive: Archive; dir: string; ids: string[] }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tidings-articles-'));
  const archive = await openArchive(dir);
  const files = path.join(dir, 'in');
  const a = path.join(dir, 'a.txt');
  const b = path.join(dir, 'b.txt');
  void files;
  writeFileSync(a, 'Notes on gardening\n\nTomatoes want sun and\nwater every  day.');
  writeFileSync(b, 'The second file has no heading line because it is one long sentence that goes on.');
  const ids = [(await archive.importFile(a)).id, (await archive.importFile(b, { tags: [' Garden '] })).id];
  return { archive, dir, ids };
}

describe('archive: articles', () => {
  it('marks read and starred, counts only real changes', async () => {
    const { archive, ids } = await archiveWithTwoFiles();
    expect(await archive.setRead(ids, true)).toBe(2);
    expect(await archive.setRead(ids, true)).toBe(0);
    expect(await archive.setStarred([ids[0]!], true)).toBe(1);
    expect((await archive.listArticles({ view: 'starred' })).items.map((a) => a.id)).toEqual([ids[0]]);
    expect((await archive.listArticles({ view: 'unread' })).items.map((a) => a.id)).not.toContain(ids[0]);
    await archive.close();
  });

  it('tags without duplicates, comparing without case, keeping the first spelling', async () => {
    const { archive, ids } = await archiveWithTwoFiles();
    expect(await archive.tagArticles(ids, ['garden', 'Tomato'])).toBe(2);
    const b = await archive.getArticle(ids[1]!);
    expect(b.tags).toEqual(['Garden', 'Tomato']);
    expect((await archive.listArticles({ tag: 'GARDEN' })).total).toBe(2);
    expect(await archive.untagArticles(ids, ['tomato'])).toBe(2);
    expect((await archive.getArticle(ids[0]!)).tags).toEqual(['garden']);
    await expect(archive.tagArticles(ids, ['   '])).rejects.toThrow(/tagArticles: argument 2\[0\]: must not be empty/);
    await archive.close();
  });

  it('takes a title from a heading line or from the first sentence', async () => {
    const { archive, ids } = await archiveWithTwoFiles();
    const a = await archive.getArticle(ids[0]!);
    expect(a.title).toBe('Notes on gardening');
    expect(a.text).toBe('Tomatoes want sun and water every day.');
    const b = await archive.getArticle(ids[1]!);
    expect(b.title.length).toBeLessThanOrEqual(91);
    await archive.close();
  });

  it('deletes for good: files gone, id tombstoned, other data untouched', async () => {
    const { archive, dir, ids } = await archiveWithTwoFiles();
    expect(await archive.deleteArticles([ids[0]!])).toBe(1);
    expect(existsSync(path.join(dir, 'articles', `${ids[0]}.html`))).toBe(false);
    await expect(archive.getArticle(ids[0]!)).rejects.toThrow(/no such article/);
    expect((await archive.getArticle(ids[1]!)).tags).toEqual(['Garden']);
    await archive.flush();
    await archive.close();
  });

  it('rejects unknown ids without changing anything', async () => {
    const { archive, ids } = await archiveWithTwoFiles();
    await expect(archive.setRead([ids[0]!, 'ffffffffffffffff'], true)).rejects.toThrow(/articles: ffffffffffffffff: no such article/);
    expect((await archive.getArticle(ids[0]!)).read).toBe(false);
    await expect(archive.deleteArticles(['ffffffffffffffff'])).rejects.toThrow(/no such article/);
    await archive.close();
  });

  it('gives clear errors for files it cannot import', async () => {
    const { archive, dir } = await archiveWithTwoFiles();
    await expect(archive.importFile(path.join(dir, 'missing.txt'))).rejects.toThrow(/import: .*missing\.txt: no such file/);
    const binary = path.join(dir, 'binary.txt');
    writeFileSync(binary, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 1]));
    await expect(archive.importFile(binary)).rejects.toThrow(/binary/);
    await archive.close();
  });

  it('counts in stats', async () => {
    const { archive } = await archiveWithTwoFiles();
    const stats = await archive.stats();
    expect(stats.articles).toBe(3); // the seed and two files
    expect(stats.saved).toBe(3);
    expect(stats.bytes.articles).toBeGreaterThan(0);
    await archive.close();
  });
});
