// Placeholders (an import's title-and-link files, made again by a fetch) are written in place
// without an fsync each; in one batch with durable articles each keeps its own result.

import { mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ArticleFiles } from '../../src/store/index.js';

const id = (n: number) => n.toString(16).padStart(16, '0');

describe('store: placeholder files', () => {
  it('writes durable and placeholder articles of one batch, each with its result, in order', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tidings-placeholders-'));
    const files = new ArticleFiles(dir);
    await files.init();
    const batch = [
      { id: id(1), html: '<p>kept</p>', text: 'kept' },
      { id: id(2), html: '<p><a href="https://x/2">https://x/2</a></p>', text: 'Two\nhttps://x/2', durable: false },
      { id: 'not-an-id', html: '', text: '', durable: false },
      { id: id(3), html: '<p>also kept</p>', text: 'also kept' },
    ];
    const errors = await files.writeMany(batch);
    expect(errors.map((e) => e === null)).toEqual([true, true, false, true]);
    expect(await files.readHtml(id(2))).toBe(batch[1]!.html);
    expect(readFileSync(path.join(files.articlesDir, `${id(2)}.txt`), 'utf8')).toBe('Two\nhttps://x/2');
    expect(await files.readHtml(id(3))).toBe('<p>also kept</p>');
    // No temp file is left by either way.
    expect(readdirSync(files.articlesDir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('a placeholder that cannot be written fails alone, with a readable error', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tidings-placeholders-'));
    const files = new ArticleFiles(dir);
    await files.init();
    // A folder where the file should go: refused even to root.
    mkdirSync(path.join(files.articlesDir, `${id(9)}.html`));
    const errors = await files.writeMany([{ id: id(9), html: 'y', text: 'y', durable: false }, { id: id(10), html: 'z', text: 'z', durable: false }]);
    expect(errors[0]).not.toBeNull();
    expect(errors[1]).toBeNull();
  });
});
