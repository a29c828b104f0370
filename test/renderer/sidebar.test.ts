// @vitest-environment jsdom
// The sidebar: counts for the smart views, tags and saved searches; feeds grouped by folder with
// the folder's unread sum; a failing feed's mark says why; a read toggle is counted at once.

import { describe, expect, it } from 'vitest';
import type { FeedSummary } from '../../src/api.js';
import type { Place } from '../../renderer/src/app/place.js';
import { Sidebar } from '../../renderer/src/sidebar/index.js';

function feed(id: string, title: string, folder: string | null, unread: number, lastError: string | null = null): FeedSummary {
  return {
    id, title, folder, unread, total: unread + 1, url: `http://127.0.0.1/${id}.xml`, siteUrl: null, fetchFullArticle: false, refreshMinutes: null, retentionDays: null,
    http: { etag: null, lastModified: null, bodyHash: null }, createdAt: '2026-01-01T00:00:00Z', lastFetchedAt: null, lastSuccessAt: null,
    lastError, errorCount: lastError ? 2 : 0, nextFetchAt: null, gone: false,
  };
}

function setup() {
  const root = document.createElement('nav');
  document.body.replaceChildren(root);
  const went: Place[] = [];
  const explained: string[] = [];
  const sidebar = new Sidebar(root, { go: (p) => went.push(p), explain: (f) => explained.push(f.id), addFeed: () => undefined });
  sidebar.show({
    counts: { all: 10, unread: 4, starred: 1 },
    savedSearches: [{ id: 's1', kind: 'saved-search', name: 'GPUs', query: 'gpu', count: 2 }],
    tags: [{ name: 'ai', count: 3 }],
    feeds: [feed('a', 'Alpha', 'News', 2), feed('b', 'Beta', 'News', 1, 'HTTP 500'), feed('c', 'Gamma', null, 1)],
  });
  const count = (selector: string) => root.querySelector(`${selector} .count`)?.textContent;
  const place = (key: string) => root.querySelector<HTMLElement>(`[data-place="${key}"]`)!;
  return { root, sidebar, went, explained, count, place };
}

describe('Sidebar', () => {
  it('shows counts for views, saved searches, tags, folders and feeds', () => {
    const { count } = setup();
    expect(count('#view-unread')).toBe('4');
    expect(count('[data-place="search:gpu"]')).toBe('2');
    expect(count('[data-place="tag:ai"]')).toBe('3');
    expect(count('[data-place="folder:News"]')).toBe('3');
    expect(count('[data-place="feed:c"]')).toBe('1');
  });

  it('goes to the place clicked', () => {
    const { went, place } = setup();
    place('tag:ai').click();
    place('folder:News').click();
    expect(went).toEqual([{ kind: 'tag', tag: 'ai' }, { kind: 'folder', folder: 'News' }]);
  });

  it('marks a failing feed with its error, explained on click without opening the feed', () => {
    const { went, explained, place } = setup();
    const mark = place('feed:b').querySelector<HTMLButtonElement>('.feed-error')!;
    expect(mark.title).toBe('Last refresh failed 2 times: HTTP 500');
    expect(place('feed:a').querySelector('.feed-error')).toBeNull();
    mark.click();
    expect(explained).toEqual(['b']);
    expect(went).toEqual([]);
  });

  it('counts a read toggle at once in the view, the feed and its folder', () => {
    const { sidebar, count } = setup();
    sidebar.adjust('a', { unread: -1 });
    expect(count('#view-unread')).toBe('3');
    expect(count('[data-place="feed:a"]')).toBe('1');
    expect(count('[data-place="folder:News"]')).toBe('2');
    sidebar.adjust('a', { starred: 1 });
    expect(count('#view-starred')).toBe('2');
  });

  it('keeps the selection across a redraw', () => {
    const { sidebar, place } = setup();
    sidebar.select({ kind: 'tag', tag: 'ai' });
    sidebar.adjust('c', { unread: -1 });
    expect(place('tag:ai').classList.contains('selected')).toBe(true);
    expect(place('view:all').classList.contains('selected')).toBe(false);
  });
});
