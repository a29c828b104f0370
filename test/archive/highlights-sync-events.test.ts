// A highlight or a note changed on another machine reaches an open Highlights view (issue 16):
// the pull that brings it emits a `highlights` event for the article, as a change made here does
// (highlight-events.test.ts), and a pull that brings only a star or a reading position does not.

import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Archive, ArchiveEvent } from '../../src/api.js';
import { openArchive } from '../../src/archive/index.js';
import { copyAll, ownDevice, servePage } from './sync-helpers.js';

const root = mkdtempSync(path.join(os.tmpdir(), 'tidings-highlights-sync-events-'));
let server: Awaited<ReturnType<typeof servePage>>;
let base = '';

beforeAll(async () => {
  server = await servePage(`<!doctype html><html lang="en"><head><title>Tide tables</title></head><body><article><h1>Tide tables</h1>
${Array.from({ length: 5 }, (_, i) => `<p>Line ${i}: high water at the harbour mouth comes an hour after the moon is highest.</p>`).join('\n')}</article></body></html>`);
  base = server.base;
});

afterAll(async () => {
  await server.close();
  rmSync(root, { recursive: true, force: true });
});

describe('sync: highlights events for changes from another machine', () => {
  it('a pulled highlight or note emits one for its article; a pulled star or reading position none', { timeout: 60_000 }, async () => {
    const dirA = path.join(root, 'A');
    const dirB = path.join(root, 'B');
    const a: Archive = await openArchive(dirA);
    const b: Archive = await openArchive(dirB);
    const devB = ownDevice(dirB);
    const events: ArchiveEvent[] = [];
    b.on((event) => events.push(event));
    const pull = async (): Promise<string[][]> => {
      events.length = 0;
      copyAll(dirA, dirB, devB);
      await b.syncNow();
      return events.flatMap((e) => (e.type === 'highlights' ? [e.ids] : []));
    };
    try {
      const saved = await a.saveUrl(`${base}/tides.html`);
      await pull();
      await a.setStarred([saved.id], true);
      await a.setReadingProgress(saved.id, 0.5);
      expect(await pull()).toEqual([]);
      const mark = await a.addHighlight(saved.id, { exact: 'high water at the harbour mouth' });
      expect(await pull()).toEqual([[saved.id]]);
      await a.updateHighlight(saved.id, mark.id, { note: 'spring tides' });
      expect(await pull()).toEqual([[saved.id]]);
      await a.setArticleNote(saved.id, 'Check before sailing.');
      expect(await pull()).toEqual([[saved.id]]);
      expect((await b.getArticle(saved.id)).highlights?.[0]?.note).toBe('spring tides');
    } finally {
      await a.close();
      await b.close();
    }
  });
});
