// The archive as the app wires it: importLibrary on an archive export (detected, and forced
// with format 'tidings') restores through restoreArchive with the extraction part's sanitizer,
// and the HTML with its local images comes back byte for byte whatever the downloadImages setting.

import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { zipSync } from 'fflate';
import { writeFileSync } from 'node:fs';
import { openArchive } from '../../src/archive/index.js';
import { isTidingsArchive } from '../../src/archive/restore.js';
import { exportedArchive } from './export-fixture.js';

let dir: string;
let zip: string;
let ids: string[];
const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'tidings-restore-import-'));
  ({ ids, zip } = await exportedArchive(dir));
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

  it('knows an archive export by its zip directory and manifest alone (one of gigabytes is not read whole), and nothing else', async () => {
    expect(await isTidingsArchive(zip)).toBe(true);
    const other = path.join(dir, 'omnivore.zip');
    writeFileSync(other, zipSync({ 'metadata_0_to_1.json': new TextEncoder().encode('[]'), 'manifest.json': new TextEncoder().encode('{"format":"something-else"}') }));
    expect(await isTidingsArchive(other)).toBe(false);
    const csv = path.join(dir, 'pocket.csv');
    writeFileSync(csv, 'title,url,time_added,tags,status\n');
    expect(await isTidingsArchive(csv)).toBe(false);
    const cut = path.join(dir, 'cut.zip');
    writeFileSync(cut, readFileSync(zip).subarray(0, 200));
    expect(await isTidingsArchive(cut)).toBe(false);
  });
});
