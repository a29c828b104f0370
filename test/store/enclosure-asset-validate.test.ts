// The enclosure's stored copy (asset, assetError) and the setting downloadEnclosures: an older
// archive without them opens unchanged (the setting reads as off); a damaged asset name is
// dropped, not the article (the remote URL still plays).

import { describe, expect, it } from 'vitest';
import { validateLibrary } from '../../src/store/validate.js';

function doc(enclosure: Record<string, unknown>, settings: Record<string, unknown> = {}) {
  return {
    schemaVersion: 1,
    settings: { refreshMinutes: 60, maxConcurrentFetches: 8, maxPerHost: 2, downloadImages: true, theme: 'system', fontSize: 18, ...settings },
    feeds: {}, tombstones: {}, rules: [], savedSearches: [], seeded: true,
    articles: {
      a1: {
        id: 'a1', source: 'feed', feedId: null, guid: null, url: null, title: 'Episode', byline: null, siteName: null, lang: null,
        publishedAt: null, excerpt: null, wordCount: 1, readingMinutes: 1, leadImage: null, enclosures: [enclosure], suggestedTags: [],
        contentHash: null, extraction: { status: 'feed', reason: null, attempts: 0, at: null },
        read: false, starred: false, tags: [], savedAt: null, addedAt: '2024-01-01T00:00:00.000Z',
      },
    },
  } as Record<string, unknown>;
}

const articles = (d: Record<string, unknown>) => d.articles as Record<string, { enclosures: Record<string, unknown>[] }>;

describe('enclosure copies in library.json', () => {
  it('keeps an older enclosure and settings as they are', () => {
    const d = doc({ url: 'https://pod.example/a.mp3', type: 'audio/mpeg', length: 10 });
    expect(validateLibrary(d)).toEqual([]);
    expect(articles(d).a1!.enclosures[0]).toEqual({ url: 'https://pod.example/a.mp3', type: 'audio/mpeg', length: 10 });
    expect((d.settings as Record<string, unknown>).downloadEnclosures).toBeUndefined();
  });

  it('keeps a well-formed asset and error, and the setting', () => {
    const asset = `${'a'.repeat(64)}.mp3`;
    const d = doc({ url: 'https://pod.example/a.mp3', type: 'audio/mpeg', length: 10, asset, assetError: 'earlier failure', assetPending: true }, { downloadEnclosures: true });
    expect(validateLibrary(d)).toEqual([]);
    expect(articles(d).a1!.enclosures[0]).toMatchObject({ asset, assetError: 'earlier failure', assetPending: true });
    expect((d.settings as Record<string, unknown>).downloadEnclosures).toBe(true);
  });

  it('drops a damaged asset name (a path) but keeps the article and its enclosure', () => {
    const d = doc({ url: 'https://pod.example/a.mp3', type: 'audio/mpeg', length: 10, asset: '../../etc/passwd', assetError: 7, assetPending: 'yes' });
    expect(validateLibrary(d)).toEqual([]);
    expect(articles(d).a1!.enclosures[0]).toEqual({ url: 'https://pod.example/a.mp3', type: 'audio/mpeg', length: 10 });
  });

  it('sets a damaged setting aside for its default', () => {
    const d = doc({ url: 'https://pod.example/a.mp3', type: null, length: null }, { downloadEnclosures: 'yes' });
    expect(validateLibrary(d)).toMatchObject([{ section: 'settings', key: 'downloadEnclosures' }]);
  });
});
