// Tag rules and articles from another device (issue 12). Rules are replicated, and the device
// that saved an article already ran them on it; the device that receives the article through
// its journal must take it as it is, not run the rules again. Otherwise what the user did after
// the rules (a rule's tag removed, the article marked unread) is undone on every device: the
// second run's add is one the user's remove never saw, so it wins, and its `read` is later.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Archive } from '../../src/api.js';
import { openArchive } from '../../src/archive/index.js';
import { copyAll, ownDevice } from './sync-helpers.js';

const root = mkdtempSync(path.join(os.tmpdir(), 'tidings-sync-remote-rules-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('sync: rules do not run again on an article another device saved', () => {
  // Found by this test (fixed in 3456b54): the 'added' hooks of pulled articles ran rulesOnNew.
  it('a rule\'s tag removed and the article marked unread on the saving device stay so on both', { timeout: 30_000 }, async () => {
    const dirA = path.join(root, 'A');
    const dirB = path.join(root, 'B');
    const file = path.join(root, 'zebra.txt');
    writeFileSync(file, 'Zebras of the plain\n\nA note about zebras and their stripes, long enough to be an article.\n');
    let a: Archive = await openArchive(dirA);
    let b: Archive = await openArchive(dirB);
    const devA = ownDevice(dirA);
    const devB = ownDevice(dirB);
    try {
      await a.addRule({ name: 'zebras', query: 'zebras', addTags: ['animals'], markRead: true });
      copyAll(dirA, dirB, devB);
      await b.syncNow();
      expect((await b.listRules()).map((r) => r.name)).toEqual(['zebras']);

      // B saves the article: its rule tags it and marks it read; the user then undoes both.
      const saved = await b.importFile(file);
      const onB = (await b.getArticle(saved.id));
      expect(onB.tags).toEqual(['animals']);
      expect(onB.read).toBe(true);
      await b.untagArticles([saved.id], ['animals']);
      await b.setRead([saved.id], false);

      copyAll(dirB, dirA, devA);
      await a.syncNow();
      copyAll(dirA, dirB, devB);
      await b.syncNow();
      for (const [name, archive] of [['A', a], ['B', b]] as const) {
        const article = await archive.getArticle(saved.id);
        expect({ device: name, tags: article.tags, read: article.read }).toEqual({ device: name, tags: [], read: false });
      }
    } finally {
      await a.close();
      await b.close();
    }
    // Nothing left to do at the next open either.
    a = await openArchive(dirA);
    b = await openArchive(dirB);
    await a.close();
    await b.close();
  });
});
