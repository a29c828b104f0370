// @vitest-environment jsdom
// "Continue reading" (issue 16 item 4): a place among the smart views, before Highlights, with
// its count; it pages in the started articles furthest read first ('started' view, progress
// sort); an empty one says what it is for. A list's sort "progress" reaches the engine.

import { describe, expect, it } from 'vitest';
import type { ArticlePage, ListQuery } from '../../src/api.js';
import type { ArchiveClient } from '../../renderer/src/client/index.js';
import { emptyFor, loaderFor, placeTitle } from '../../renderer/src/app/place.js';
import { Sidebar } from '../../renderer/src/sidebar/index.js';

function recorder() {
  const asked: ListQuery[] = [];
  const client = {
    listArticles: async (q: ListQuery): Promise<ArticlePage> => (asked.push(q), { total: 0, offset: 0, items: [] }),
    search: async (query: string, o: ListQuery): Promise<ArticlePage> => (asked.push({ ...o, query }), { total: 0, offset: 0, items: [] }),
  } as unknown as ArchiveClient;
  return { client, asked };
}

describe('Continue reading', () => {
  it('is a place of the sidebar with its count, just before Highlights', () => {
    const root = document.createElement('nav');
    document.body.replaceChildren(root);
    const went: unknown[] = [];
    const sidebar = new Sidebar(root, { go: (p) => went.push(p), explain: () => undefined, addFeed: () => undefined, highlights: () => undefined });
    sidebar.show({ counts: { all: 10, started: 3 }, savedSearches: [], tags: [], feeds: [] });
    const item = root.querySelector<HTMLElement>('#view-started')!;
    expect(item.querySelector('.place-name')?.textContent).toBe('Continue reading');
    expect(item.querySelector('.count')?.textContent).toBe('3');
    expect(item.nextElementSibling?.id).toBe('view-highlights');
    item.click();
    expect(went).toEqual([{ kind: 'view', view: 'started' }]);
    expect(placeTitle({ kind: 'view', view: 'started' })).toBe('Continue reading');
  });

  it('pages in the started articles most recently read first (sort recent), in the order the select asks otherwise', async () => {
    const { client, asked } = recorder();
    await loaderFor(client, { kind: 'view', view: 'started' }, 'recent')(0, 50);
    await loaderFor(client, { kind: 'view', view: 'started' }, 'progress')(0, 50);
    // "Newest first" picked in Continue reading is newest first (it was read as 'recent': the choice did nothing).
    await loaderFor(client, { kind: 'view', view: 'started' }, 'date')(0, 50);
    await loaderFor(client, { kind: 'view', view: 'started' }, 'relevance')(0, 50);
    expect(asked[0]).toMatchObject({ view: 'started', sort: 'recent', offset: 0, limit: 50 });
    expect(asked.slice(1).map((q) => q.sort)).toEqual(['progress', 'date', 'recent']);
  });

  it('sorts any list or search by progress when asked, and lists by date otherwise', async () => {
    const { client, asked } = recorder();
    await loaderFor(client, { kind: 'feed', feedId: 'f1', title: 'F' }, 'progress')(0, 10);
    await loaderFor(client, { kind: 'view', view: 'unread' }, 'relevance')(0, 10);
    await loaderFor(client, { kind: 'search', query: 'tomatoes' }, 'progress')(0, 10);
    await loaderFor(client, { kind: 'tag', tag: 'garden' }, 'recent')(0, 10);
    expect(asked.map((q) => q.sort)).toEqual(['progress', 'date', 'progress', 'recent']);
  });

  it("lets a search's own sort: win over the select (the app picks Best match for any search without sort:date)", async () => {
    const { client, asked } = recorder();
    await loaderFor(client, { kind: 'search', query: 'tomatoes sort:progress' }, 'relevance')(0, 10);
    await loaderFor(client, { kind: 'search', query: 'sort:date tomatoes' }, 'relevance')(0, 10);
    await loaderFor(client, { kind: 'search', query: 'tomatoes -sort:progresses' }, 'relevance')(0, 10);
    await loaderFor(client, { kind: 'search', query: '"sort:progress" tomatoes' }, 'date')(0, 10);
    await loaderFor(client, { kind: 'search', query: 'tomatoes sort:recent' }, 'relevance')(0, 10);
    expect(asked.map((q) => q.sort)).toEqual(['progress', 'date', 'relevance', 'date', 'recent']);
  });

  it('says what it is for when empty', () => {
    const text = emptyFor({ kind: 'view', view: 'started' }).map((n) => n.textContent).join(' ');
    expect(text).toMatch(/started/i);
    expect(text).toMatch(/not finished|unfinished/i);
  });
});
