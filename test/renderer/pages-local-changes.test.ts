// A change made here (an article opened, so read) shows in its row at once, and the archive hears
// of it a moment later (reads are sent in a batch). A page asked for before the archive knew
// answers with the row as it was: that answer must not undo the change on screen, and the
// archive's event for our own write is ignored, so nothing else would put it right. Seen in CI:
// the list reloaded for a refresh's events while an article was opened, and its row stayed unread.

import { describe, expect, it } from 'vitest';
import type { ArticlePage, ArticleSummary } from '../../src/api.js';
import { PageCache, type PageLoader } from '../../renderer/src/list/pages.js';

const row = (id: string, read = false): ArticleSummary => ({ id, title: id, read, starred: false }) as ArticleSummary;

/** A source whose answers the test releases, each computed when asked (as the server does). */
function heldSource(rows: () => ArticleSummary[]): { loader: PageLoader; release: () => void } {
  const held: (() => void)[] = [];
  return {
    loader: (offset, limit) => {
      const answer: ArticlePage = { items: rows().slice(offset, offset + limit).map((r) => ({ ...r })), total: rows().length } as ArticlePage;
      return new Promise((resolve) => held.push(() => resolve(answer)));
    },
    release: () => {
      for (const go of held.splice(0)) go();
    },
  };
}

/** A cache over `archive` with its first page in. */
async function loaded(archive: ArticleSummary[]): Promise<{ source: ReturnType<typeof heldSource>; cache: PageCache }> {
  const source = heldSource(() => archive);
  const cache = new PageCache(source.loader, 10);
  const first = cache.ensure(0, archive.length);
  source.release();
  await first;
  return { source, cache };
}

describe('the list keeps changes made here over answers older than them', () => {
  it('a page asked for before the change, answered after it, leaves the row changed', async () => {
    const archive = [row('a'), row('b'), row('c')];
    const { source, cache } = await loaded(archive);
    cache.invalidate(); // a burst of events: the list asks again
    const again = cache.ensure(0, 3); // asked now: the archive still says unread
    cache.patch('b', { read: true }); // the user opens b: shown read at once
    source.release();
    await again;
    expect(cache.get(1)).toMatchObject({ id: 'b', read: true });
  });

  it('a change confirmed once the archive has it holds over a page asked for before the write', async () => {
    const archive = [row('a'), row('b')];
    const { source, cache } = await loaded(archive);
    cache.patch('b', { read: true }, 'unsent'); // opened: shown read, the write waits for its batch
    cache.invalidate();
    const before = cache.ensure(0, 2); // asked after the change, before the write
    archive[1] = row('b', true); // the write lands
    cache.confirm('b', { read: true }); // the app says so once the archive answered
    source.release();
    await before;
    expect(cache.get(1)).toMatchObject({ id: 'b', read: true });
  });

  it('a change not yet sent holds over every answer until it is confirmed (a page asked for after it, answered before the write)', async () => {
    const archive = [row('a'), row('b')];
    const { source, cache } = await loaded(archive);
    cache.patch('b', { read: true }, 'unsent'); // opened: its read mark waits for the batch
    cache.invalidate();
    const asked = cache.ensure(0, 2); // asked after the change, answered before the write
    source.release();
    await asked;
    expect(cache.get(1)).toMatchObject({ id: 'b', read: true });
    archive[1] = row('b', true); // the batch is written
    cache.confirm('b', { read: true });
    archive[1] = row('b', false); // then marked unread in another window
    cache.invalidate();
    const later = cache.ensure(0, 2);
    source.release();
    await later;
    expect(cache.get(1)).toMatchObject({ id: 'b', read: false });
  });

  it('a change not yet sent is forgotten when sending it failed', async () => {
    const archive = [row('a'), row('b')];
    const { source, cache } = await loaded(archive);
    cache.patch('b', { read: true }, 'unsent');
    cache.forget('b');
    cache.invalidate();
    const again = cache.ensure(0, 2);
    source.release();
    await again;
    expect(cache.get(1)).toMatchObject({ id: 'b', read: false });
  });

  it('a confirmation of a change made over since (opened, then marked unread) stamps nothing', async () => {
    const archive = [row('a'), row('b')];
    const { source, cache } = await loaded(archive);
    cache.patch('b', { read: true }, 'unsent'); // opened: its read mark waits for the batch
    cache.patch('b', { read: false }); // marked unread, written at once
    archive[1] = row('b', true); // then read in another window
    cache.invalidate();
    const asked = cache.ensure(0, 2); // asked after both changes here: the archive's word
    cache.confirm('b', { read: true }); // the batch answered: not what the row holds now
    source.release();
    await asked;
    expect(cache.get(1)).toMatchObject({ id: 'b', read: true });
  });

  it('a page asked for after the change was stamped is the archive\'s word (another window may change it later)', async () => {
    const archive = [row('a'), row('b')];
    const { source, cache } = await loaded(archive);
    cache.patch('b', { read: true });
    archive[1] = row('b', true);
    archive[1] = row('b', false); // later, marked unread elsewhere
    cache.invalidate();
    const later = cache.ensure(0, 2);
    source.release();
    await later;
    expect(cache.get(1)).toMatchObject({ id: 'b', read: false });
    // And the change made here is forgotten: the next answer is taken as it comes.
    cache.invalidate();
    archive[1] = row('b', false);
    const next = cache.ensure(0, 2);
    source.release();
    await next;
    expect(cache.get(1)).toMatchObject({ id: 'b', read: false });
  });
});
