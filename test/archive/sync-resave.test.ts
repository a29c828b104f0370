// An article deleted and saved again on one device, both before the other device pulls (issue
// 12). The pull brings a delete and a later `new` of the same id together: the article exists
// after it, so its file must stay. (A sync engine would also carry the file's removal to every
// other machine, the saving one included.)

import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Archive } from '../../src/api.js';
import { openArchive } from '../../src/archive/index.js';
import { copyAll, ownDevice, servePage } from './sync-helpers.js';

const root = mkdtempSync(path.join(os.tmpdir(), 'tidings-sync-resave-'));
let server: Awaited<ReturnType<typeof servePage>>;
let base = '';

const page = `<!doctype html><html lang="en"><head><title>The ferry timetable</title></head><body><article><h1>The ferry timetable</h1>
${Array.from({ length: 6 }, (_, i) => `<p>Paragraph ${i}: the ferry leaves at dawn and comes back at dusk, every day of the week but Sunday, when it rests.</p>`).join('\n')}
</article></body></html>`;

beforeAll(async () => {
  server = await servePage(page);
  base = server.base;
});

afterAll(async () => {
  await server.close();
  rmSync(root, { recursive: true, force: true });
});

describe('sync: deleted and saved again before the other device pulls', () => {
  // Found by this test (fixed in 3456b54): announce() removed the file of an id the pull both
  // removed and added again.
  it('the other device keeps the article and its file', { timeout: 30_000 }, async () => {
    const dirA = path.join(root, 'A');
    const dirB = path.join(root, 'B');
    const a: Archive = await openArchive(dirA);
    const b: Archive = await openArchive(dirB);
    const devA = ownDevice(dirA);
    const devB = ownDevice(dirB);
    try {
      const saved = await a.saveUrl(`${base}/ferry.html`);
      copyAll(dirA, dirB, devB);
      await b.syncNow();
      expect((await b.getArticle(saved.id)).title).toBe('The ferry timetable');

      await b.deleteArticles([saved.id]);
      await b.saveUrl(`${base}/ferry.html`);
      expect((await b.getArticle(saved.id)).text).toContain('ferry leaves at dawn');

      copyAll(dirB, dirA, devA);
      await a.syncNow();
      expect(existsSync(path.join(dirA, 'articles', `${saved.id}.html`)), 'the file on A').toBe(true);
      expect((await a.getArticle(saved.id)).text).toContain('ferry leaves at dawn');
      expect(devA).not.toBe(devB);
    } finally {
      await a.close();
      await b.close();
    }
  });
});
