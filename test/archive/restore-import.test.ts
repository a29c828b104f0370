// The archive as the app wires it: importLibrary on an archive export (detected, and forced
// with format 'tidings') restores through restoreArchive with the extraction part's sanitizer,
// and the HTML with its local images comes back byte for byte whatever the downloadImages setting.

import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openArchive } from '../../src/archive/index.js';
import { fillArchive } from './export-fixture.js';

let dir: string;
let zip: string;
let ids: string[];
const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'tidings-restore-import-'));
  mkdirSync(path.join(dir, 'files'));
  const archive = await openArchive(path.join(dir, 'a'));
  ids = await fillArchive(archive, path.join(dir, 'files'));
  zip = path.join(dir, 'export.zip');
  await archive.exportLibrary(zip, { format: 'archive' });
  await archive.close();
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('importLibrary of an archive export', () => {
  for (const downloadImages of [true, false]) {
    it(`restores byte for byte (downloadImages ${downloadImages})`, async () => {
      const data = path.join(dir, `b-${downloadImages}`);
      const archive = await openArchive(data);
      await archive.updateSettings({ downloadImages });
      const result = await archive.importLibrary(zip, downloadImages ? undefined : { format: 'tidings' });
      expect(result).toMatchObject({ format: 'tidings', problems: [] });
      for (const id of ids) {
        const article = await archive.getArticle(id);
        expect(article.id).toBe(id);
        for (const ext of ['html', 'txt']) expect(sha(path.join(data, 'articles', `${id}.${ext}`))).toBe(sha(path.join(dir, 'a', 'articles', `${id}.${ext}`)));
      }
      expect(readFileSync(path.join(data, 'articles', `${ids[0]}.html`), 'utf8')).toMatch(/tidings-asset:[0-9a-f]{64}\.png/);
      await archive.close();
    }, 60_000);
  }
});
