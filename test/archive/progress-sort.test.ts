// The progress sort through the archive's API ("Continue reading", issue 16 item 4): a plain
// list, a view, a search and the "started" view, each with started articles first.

import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Archive } from '../../src/api.js';
import { openArchive } from '../../src/archive/index.js';
import { checkCall } from '../../src/contract/index.js';

/** Four notes on gardening, imported oldest first (each newer than the one before). */
async function library(): Promise<{ archive: Archive; ids: Record<string, string> }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tidings-progress-sort-'));
  const archive = await openArchive(dir);
  const ids: Record<string, string> = {};
  for (const name of ['oldest', 'older', 'newer', 'newest']) {
    const file = path.join(dir, `${name}.txt`);
    writeFileSync(file, `The ${name} garden note\n\nTomatoes want sun; this is the ${name} one.`);
    ids[name] = (await archive.importFile(file)).id;
    await new Promise((r) => setTimeout(r, 5));
  }
  return { archive, ids };
}

describe('archive: sort by progress', () => {
  it('lists started articles first (furthest read first), then the rest in date order, with no filter at all', async () => {
    const { archive, ids } = await library();
    const all = async (q: Parameters<Archive['listArticles']>[0]) => (await archive.listArticles(q)).items.map((a) => a.id);
    // Imported within one second, they tie on the date and go by id: whatever it is, it is the tie-break.
    const byDate = await all({});
    const [a, b, c] = [byDate[3]!, byDate[1]!, byDate[0]!];
    await archive.setReadingProgress(a, 0.3);
    await archive.setReadingProgress(b, 0.7);
    await archive.setReadingProgress(c, 1);
    const rest = byDate.filter((id) => id !== a && id !== b);
    expect(await all({ sort: 'progress' })).toEqual([b, a, ...rest]);
    expect(await all({ view: 'unread', sort: 'progress' })).toEqual([b, a, ...rest]);
    expect(await all({ sort: 'progress', offset: 1, limit: 2 })).toEqual([a, rest[0]]);
    expect(await all({ sort: 'date' })).toEqual(byDate);
    expect(Object.values(ids)).toContain(a);
    await archive.close();
  });

  it('sorts a search by progress, asked in the options or in the query', async () => {
    const { archive } = await library();
    const all = async (p: Promise<{ items: { id: string }[] }>) => (await p).items.map((x) => x.id);
    const byDate = await all(archive.search('tomatoes', { sort: 'date' }));
    const last = byDate[byDate.length - 1]!;
    await archive.setReadingProgress(last, 0.5);
    expect((await all(archive.search('tomatoes', { sort: 'progress' })))[0]).toBe(last);
    expect(await all(archive.search('tomatoes sort:progress'))).toEqual([last, ...byDate.slice(0, -1)]);
    expect(await all(archive.search('tomatoes', { sort: 'date' }))).toEqual(byDate);
    await archive.close();
  });

  it('has a "started" view: the started, unfinished articles, furthest read first, with its count', async () => {
    const { archive, ids } = await library();
    await archive.setReadingProgress(ids.oldest!, 0.9);
    await archive.setReadingProgress(ids.newest!, 0.2);
    await archive.setReadingProgress(ids.newer!, 1);
    const page = await archive.listArticles({ view: 'started', sort: 'progress' });
    expect(page.total).toBe(2);
    expect(page.items.map((a) => a.id)).toEqual([ids.oldest, ids.newest]);
    await archive.setReadingProgress(ids.oldest!, 0);
    expect((await archive.listArticles({ view: 'started', limit: 1 })).total).toBe(1);
    await archive.close();
  });

  it('is accepted at the front door (the contract) and a made-up sort is not', () => {
    expect(() => checkCall('listArticles', [{ sort: 'progress', view: 'started' }])).not.toThrow();
    expect(() => checkCall('listArticles', [{ sort: 'furthest' }])).toThrow(/sort/);
    expect(() => checkCall('listArticles', [{ view: 'begun' }])).toThrow(/view/);
    expect(() => checkCall('search', ['x', { sort: 'progress' }])).not.toThrow();
  });
});
