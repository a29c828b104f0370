// Mark all as read: the unread ids of a list are gathered a page at a time, each once, up to
// the list's end; each place asks the archive for its unread articles where the archive can
// filter them, and pages whole lists (searches, Starred) otherwise.

import { describe, expect, it } from 'vitest';
import type { ArticlePage, ArticleSummary, ListQuery, SearchOptions } from '../../src/api.js';
import type { ArchiveClient } from '../../renderer/src/client/index.js';
import { PAGE, unreadAfter, unreadIds, unreadPager } from '../../renderer/src/manage/unread.js';

function article(id: string, read: boolean): ArticleSummary {
  return { id, read } as ArticleSummary;
}

/** A list of `total` articles, every third one read, served a page at a time. */
function list(total: number) {
  const all = Array.from({ length: total }, (_, i) => article(`a${i}`, i % 3 === 0));
  const asked: [number, number][] = [];
  const pager = (offset: number, limit: number): Promise<ArticlePage> => {
    asked.push([offset, limit]);
    return Promise.resolve({ total, offset, items: all.slice(offset, offset + limit) });
  };
  return { all, asked, pager };
}

describe('unreadIds', () => {
  it('pages through a long list and keeps only the unread ids, in order', async () => {
    const { all, asked, pager } = list(2 * PAGE + 10);
    const ids = await unreadIds(pager);
    expect(ids).toEqual(all.filter((a) => !a.read).map((a) => a.id));
    expect(asked).toEqual([[0, PAGE], [PAGE, PAGE], [2 * PAGE, PAGE]]);
  });

  it('asks once for an empty list', async () => {
    const { asked, pager } = list(0);
    expect(await unreadIds(pager)).toEqual([]);
    expect(asked).toHaveLength(1);
  });

  it('stops when a page comes back empty even if the total said more (articles removed meanwhile)', async () => {
    let calls = 0;
    const ids = await unreadIds((offset) => {
      calls++;
      return Promise.resolve({ total: 5000, offset, items: offset === 0 ? [article('x', false), article('x', false)] : [] });
    });
    expect(ids).toEqual(['x']);
    expect(calls).toBe(2);
  });
});

// "Mark older as read": unreadIds from below one article (unreadAfter is unreadIds with `after`).
describe('unreadAfter', () => {
  it('keeps the unread ids below the article only, across pages', async () => {
    const { all, pager } = list(PAGE + 10);
    const from = all[PAGE - 3]!.id;
    expect(await unreadAfter(pager, from)).toEqual(all.slice(PAGE - 2).filter((a) => !a.read).map((a) => a.id));
  });

  it('answers none when the article is not in the list (removed meanwhile), not the whole list', async () => {
    const { pager } = list(50);
    expect(await unreadAfter(pager, 'gone')).toEqual([]);
  });

  it('leaves out the article itself when a page boundary shows it twice, unread (a row moved while paging)', async () => {
    const pages = [[article('u0', false), article('from', false)], [article('from', false), article('u1', false)]];
    const ids = await unreadAfter((offset) => Promise.resolve({ total: 4, offset, items: pages[offset === 0 ? 0 : 1]! }), 'from');
    expect(ids).toEqual(['u1']);
  });
});

describe('unreadPager', () => {
  function recordingClient() {
    const lists: ListQuery[] = [];
    const searches: [string, SearchOptions | undefined][] = [];
    const page = { total: 0, offset: 0, items: [] };
    const client = {
      listArticles: (query: ListQuery) => (lists.push(query), Promise.resolve(page)),
      search: (query: string, options?: SearchOptions) => (searches.push([query, options]), Promise.resolve(page)),
    } as unknown as ArchiveClient;
    return { client, lists, searches };
  }

  it('asks the archive for the unread articles of a feed, a folder, a tag and the All view', async () => {
    const { client, lists } = recordingClient();
    await unreadPager(client, { kind: 'feed', feedId: 'f1', title: 'F' })(0, 10);
    await unreadPager(client, { kind: 'folder', folder: 'News' })(10, 10);
    await unreadPager(client, { kind: 'tag', tag: 'ai' })(0, 10);
    await unreadPager(client, { kind: 'view', view: 'all' })(0, 10);
    expect(lists).toEqual([
      { feedId: 'f1', view: 'unread', sort: 'date', offset: 0, limit: 10 },
      { folder: 'News', view: 'unread', sort: 'date', offset: 10, limit: 10 },
      { tag: 'ai', view: 'unread', sort: 'date', offset: 0, limit: 10 },
      { view: 'unread', sort: 'date', offset: 0, limit: 10 },
    ]);
  });

  it('pages Starred and a search whole (the read ones are filtered out by unreadIds)', async () => {
    const { client, lists, searches } = recordingClient();
    await unreadPager(client, { kind: 'view', view: 'starred' })(0, 10);
    await unreadPager(client, { kind: 'search', query: 'tag:ai gpu' })(0, 10);
    expect(lists).toEqual([{ view: 'starred', sort: 'date', offset: 0, limit: 10 }]);
    expect(searches).toEqual([['tag:ai gpu', { offset: 0, limit: 10, sort: 'date' }]]);
  });
});
