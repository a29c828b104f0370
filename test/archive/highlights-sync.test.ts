// Two machines highlighting the same article before they sync (issue 16): each highlight is
// merged on its own, so both end up on both machines, and a recolour on one machine and a removal
// of another highlight on the other both stay. Journals and article files are copied between two
// data directories the way a sync engine does it (as test/archive/sync-resave.test.ts does).

import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Archive } from '../../src/api.js';
import { openArchive } from '../../src/archive/index.js';
import { copyAll, ownDevice, servePage } from './sync-helpers.js';

const root = mkdtempSync(path.join(os.tmpdir(), 'tidings-highlights-sync-'));
let server: Awaited<ReturnType<typeof servePage>>;
let base = '';

const page = `<!doctype html><html lang="en"><head><title>The lighthouse keeper</title></head><body><article><h1>The lighthouse keeper</h1>
<p>The lamp is lit at dusk and put out at dawn, whatever the weather says about it.</p>
<p>Gulls nest on the gallery rail in spring and leave the keeper alone by August.</p>
<p>Supplies come by boat on Thursdays, unless the swell is higher than the jetty.</p>
<p>The logbook records every ship that passes, with its flag, its course and the hour.</p>
</article></body></html>`;

beforeAll(async () => {
  server = await servePage(page);
  base = server.base;
});

afterAll(async () => {
  await server.close();
  rmSync(root, { recursive: true, force: true });
});

async function marks(archive: Archive, id: string): Promise<string[]> {
  const page = await archive.listHighlights({ articleId: id });
  return page.items.map((e) => `${e.highlight.quote.exact}|${e.highlight.color}`);
}

describe('sync: highlights made on two machines before they sync', () => {
  it('both highlights end up on both machines; a recolour and a removal made apart both stay', { timeout: 60_000 }, async () => {
    const dirA = path.join(root, 'A');
    const dirB = path.join(root, 'B');
    const a: Archive = await openArchive(dirA);
    const b: Archive = await openArchive(dirB);
    const devA = ownDevice(dirA);
    const devB = ownDevice(dirB);
    try {
      const saved = await a.saveUrl(`${base}/lighthouse.html`);
      copyAll(dirA, dirB, devB);
      await b.syncNow();
      expect((await b.getArticle(saved.id)).title).toBe('The lighthouse keeper');

      // Apart: A highlights the first passage, B the second.
      const first = await a.addHighlight(saved.id, { exact: 'The lamp is lit at dusk' });
      const second = await b.addHighlight(saved.id, { exact: 'Gulls nest on the gallery rail', color: 'green' });
      copyAll(dirA, dirB, devB);
      copyAll(dirB, dirA, devA);
      await a.syncNow();
      await b.syncNow();
      const both = ['The lamp is lit at dusk|yellow', 'Gulls nest on the gallery rail|green'];
      expect((await marks(a, saved.id)).sort()).toEqual([...both].sort());
      expect(await marks(b, saved.id)).toEqual(await marks(a, saved.id));

      // Apart again: A recolours the first, B removes the second and adds a third.
      await a.updateHighlight(saved.id, first.id, { color: 'pink' });
      await b.removeHighlight(saved.id, second.id);
      await b.addHighlight(saved.id, { exact: 'Supplies come by boat on Thursdays', color: 'blue' });
      copyAll(dirA, dirB, devB);
      copyAll(dirB, dirA, devA);
      await a.syncNow();
      await b.syncNow();
      const after = ['The lamp is lit at dusk|pink', 'Supplies come by boat on Thursdays|blue'];
      expect((await marks(a, saved.id)).sort()).toEqual([...after].sort());
      expect(await marks(b, saved.id)).toEqual(await marks(a, saved.id));
      expect((await a.getArticle(saved.id)).highlights).toEqual((await b.getArticle(saved.id)).highlights);
    } finally {
      await a.close();
      await b.close();
    }
  });
});
