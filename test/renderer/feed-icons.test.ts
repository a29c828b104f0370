// @vitest-environment jsdom
// Feed icons in the UI: the sidebar shows each feed's icon (a lazy 16 px image from the asset
// URL) or a letter when it has none or its image fails; the list row shows the same beside the
// feed's name, and rows already on screen take an icon that arrives later. No text is added to
// the names (the letter is drawn by CSS from an attribute).

import { describe, expect, it } from 'vitest';
import type { ArticleSummary, FeedSummary } from '../../src/api.js';
import { createRow, fillRow } from '../../renderer/src/list/row.js';
import { Sidebar } from '../../renderer/src/sidebar/index.js';

const ICON = `${'a'.repeat(64)}.png`;

function feed(id: string, title: string, icon?: string | null): FeedSummary {
  return {
    id, title, folder: null, unread: 1, total: 1, url: `http://127.0.0.1/${id}.xml`, siteUrl: null, fetchFullArticle: false, refreshMinutes: null, retentionDays: null,
    http: { etag: null, lastModified: null, bodyHash: null }, createdAt: '2026-01-01T00:00:00Z', lastFetchedAt: null, lastSuccessAt: null,
    lastError: null, errorCount: 0, nextFetchAt: null, gone: false, ...(icon === undefined ? {} : { icon }),
  };
}

function article(id: string, feedId: string | null, feedTitle: string | null): ArticleSummary {
  return {
    id, source: feedId ? 'feed' : 'url', feedId, guid: null, url: 'https://site.example/a', title: 'A title', byline: null, siteName: null, lang: null,
    publishedAt: '2026-11-01T00:00:00Z', excerpt: null, wordCount: 0, readingMinutes: 0, leadImage: null, enclosures: [], suggestedTags: [], contentHash: null,
    extraction: { status: 'feed', reason: null, attempts: 0, at: null }, read: false, starred: false, tags: [], savedAt: null, addedAt: '2026-11-02T00:00:00Z', feedTitle,
  } as ArticleSummary;
}

function sidebarWith(feeds: FeedSummary[]) {
  const root = document.createElement('nav');
  document.body.replaceChildren(root);
  const sidebar = new Sidebar(root, { go: () => undefined, explain: () => undefined, addFeed: () => undefined, iconUrl: (name) => `/assets/${name}?token=t` });
  sidebar.show({ counts: {}, savedSearches: [], tags: [], feeds });
  const icon = (id: string) => root.querySelector<HTMLElement>(`[data-place="feed:${id}"] .feed-icon`)!;
  return { root, sidebar, icon };
}

describe('feed icons in the sidebar', () => {
  it('an icon is a lazy 16 px image from the asset URL; none is a letter of the title', () => {
    const { icon, root } = sidebarWith([feed('a', 'Alpha', ICON), feed('b', '  «beta» news', null), feed('c', 'Gamma')]);
    const img = icon('a').querySelector('img')!;
    expect(img.getAttribute('src')).toBe(`/assets/${ICON}?token=t`);
    expect(img.getAttribute('loading')).toBe('lazy');
    expect(img.getAttribute('alt')).toBe('');
    expect([img.width, img.height]).toEqual([16, 16]);
    expect(icon('b').querySelector('img')).toBeNull();
    expect(icon('b').dataset.letter).toBe('B');
    expect(icon('c').dataset.letter).toBe('G');
    // The names keep their text: the letter is drawn by CSS.
    expect(root.querySelector('[data-place="feed:b"] .place-name')!.textContent).toBe('  «beta» news');
    expect(icon('b').textContent).toBe('');
  });

  it('an image that fails to load becomes the letter', () => {
    const { icon } = sidebarWith([feed('a', 'Alpha', ICON)]);
    icon('a').querySelector('img')!.dispatchEvent(new Event('error'));
    expect(icon('a').querySelector('img')).toBeNull();
    expect(icon('a').dataset.letter).toBe('A');
  });

  it('a name that is not an asset name is never put in a URL', () => {
    const { icon } = sidebarWith([feed('a', 'Alpha', '../../library.json')]);
    expect(icon('a').querySelector('img')).toBeNull();
  });
});

describe('feed icons in the list', () => {
  it("shows the feed's icon beside its name, nothing for a saved page, and takes an icon that arrives later", () => {
    const { sidebar } = sidebarWith([feed('a', 'Alpha', null)]);
    const row = createRow();
    document.body.append(row);
    fillRow(row, article('1', 'a', 'Alpha'), false);
    const icon = row.querySelector<HTMLElement>('.row-top .feed-icon')!;
    expect(icon.hidden).toBe(false);
    expect(icon.dataset.letter).toBe('A');
    expect(row.querySelector('.row-source')!.textContent).toBe('Alpha');
    sidebar.show({ counts: {}, savedSearches: [], tags: [], feeds: [feed('a', 'Alpha', ICON)] });
    expect(icon.querySelector('img')!.getAttribute('src')).toBe(`/assets/${ICON}?token=t`);
    fillRow(row, article('2', null, null), false);
    expect(icon.hidden).toBe(true);
  });
});
