// The list filters as query-language filters (issue 14, item 7): `folder:` and `is:today` are
// typed like the other operators, and a list's view, feed, folder and tag become the same
// Filter items, run by the one engine (execute.ts), not by a second filter of their own.

import { describe, expect, it } from 'vitest';
import { TidingsError } from '../../src/errors.js';
import type { ArticleRecord, Feed } from '../../src/model/index.js';
import {
  type Catalog, execute, listFilters, matchAll, matchesArticle, MemoryIndex, parseQuery, type ParsedQuery, Segment, SegmentBuilder, TagWords,
} from '../../src/search/index.js';

function feed(id: string, title: string, folder: string | null): Feed {
  return {
    id, url: `https://${id}.example/feed`, siteUrl: `https://${id}.example/`, title, folder, fetchFullArticle: false, refreshMinutes: null,
    retentionDays: null, http: { etag: null, lastModified: null, bodyHash: null }, createdAt: '2023-01-01T00:00:00.000Z', lastFetchedAt: null,
    lastSuccessAt: null, lastError: null, errorCount: 0, nextFetchAt: null, gone: false,
  };
}

function article(id: string, feedId: string | null, date: string, extra: Partial<ArticleRecord> = {}): ArticleRecord {
  return {
    id, source: feedId ? 'feed' : 'url', feedId, guid: null, url: null, title: id, byline: null, siteName: null, lang: null,
    publishedAt: date, excerpt: null, wordCount: 0, readingMinutes: 1, leadImage: null, enclosures: [], suggestedTags: [],
    contentHash: null, extraction: { status: 'done', reason: null, attempts: 1, at: null },
    read: false, starred: false, tags: [], savedAt: null, addedAt: date, ...extra,
  };
}

// Dates relative to the local midnight the engine reads "today" from.
const midnight = new Date();
midnight.setHours(0, 0, 0, 0);
const TODAY = new Date(midnight.getTime() + 60_000).toISOString();
const YESTERDAY = new Date(midnight.getTime() - 60_000).toISOString();

const FEEDS: Record<string, Feed> = {
  news1: feed('news1', 'Daily Planet', 'News'),
  news2: feed('news2', 'Gazette', 'News'),
  tech: feed('tech', 'Ars Technica', 'Tech'),
  // A feed whose title contains another feed's id: an id filter must not take it.
  loose: feed('loose', 'news1 fan club', null),
};
const ARTICLES: Record<string, ArticleRecord> = Object.fromEntries(
  [
    article('a1', 'news1', TODAY, { tags: ['ai'] }),
    article('a2', 'news2', YESTERDAY, { read: true }),
    article('a3', 'tech', TODAY, { starred: true, tags: ['AI'] }),
    article('a4', 'loose', YESTERDAY),
    article('a5', null, TODAY, { savedAt: TODAY }),
    article('a6', 'news1', YESTERDAY, { tags: ['gpu'] }),
  ].map((a) => [a.id, a]),
);

function setup(): { index: MemoryIndex; tags: TagWords; catalog: Catalog } {
  const builder = new SegmentBuilder();
  for (const a of Object.values(ARTICLES)) builder.add({ id: a.id, hash: 'x', title: `report ${a.id}`, byline: '', site: '', body: 'quasar news' });
  return { index: new MemoryIndex(Segment.decode(builder.encode())), tags: new TagWords(Object.values(ARTICLES)), catalog: { articles: ARTICLES, feeds: FEEDS } };
}

const ids = (parsed: ParsedQuery) => {
  const { index, tags, catalog } = setup();
  return matchAll(parsed, index, tags, catalog).map((h) => h.id).sort();
};

describe('query language: folder: and is:today', () => {
  it('parses folder: like the other operators, quoted or not, and refuses it empty', () => {
    expect(parseQuery('folder:News').groups).toEqual([{ items: [{ kind: 'folder', value: 'News' }], negated: false }]);
    expect(parseQuery('-folder:"My News"').groups).toEqual([{ items: [{ kind: 'folder', value: 'My News' }], negated: true }]);
    expect(() => parseQuery('folder:')).toThrow(TidingsError);
    expect(() => parseQuery('folder:')).toThrow(/folder: needs a value/);
  });

  it('parses is:today and names it among the is: values', () => {
    expect(parseQuery('is:today').groups).toEqual([{ items: [{ kind: 'is', value: 'today' }], negated: false }]);
    expect(() => parseQuery('is:tomorrow')).toThrow(/is:today/);
  });

  it('folder: takes the articles of every feed in that folder, in any letter case', () => {
    expect(ids(parseQuery('folder:News'))).toEqual(['a1', 'a2', 'a6']);
    expect(ids(parseQuery('folder:news'))).toEqual(['a1', 'a2', 'a6']);
    expect(ids(parseQuery('folder:Tech OR folder:News'))).toEqual(['a1', 'a2', 'a3', 'a6']);
    // Articles of no folder (a loose feed, a saved page) are outside every folder.
    expect(ids(parseQuery('-folder:News'))).toEqual(['a3', 'a4', 'a5']);
    expect(ids(parseQuery('folder:Nowhere'))).toEqual([]);
  });

  it('is:today takes what stands at today (since local midnight), not yesterday', () => {
    expect(ids(parseQuery('is:today'))).toEqual(['a1', 'a3', 'a5']);
    expect(ids(parseQuery('-is:today'))).toEqual(['a2', 'a4', 'a6']);
    expect(ids(parseQuery('quasar is:today folder:News'))).toEqual(['a1']);
  });

  it('matches one article the same way (rules on new articles)', () => {
    const { index, catalog } = setup();
    for (const query of ['folder:news', 'is:today', '-folder:News is:today', 'quasar is:today']) {
      const all = new Set(ids(parseQuery(query)));
      for (const id of Object.keys(ARTICLES)) expect(matchesArticle(parseQuery(query), index, catalog, id), `${query} ${id}`).toBe(all.has(id));
    }
  });
});

describe('listFilters: a list query as filters of the query language', () => {
  const run = (groups: ParsedQuery['groups'], text = '') => {
    const { index, tags, catalog } = setup();
    const parsed = parseQuery(text);
    parsed.groups.push(...groups);
    return execute(parsed, index, tags, catalog, { offset: 0, limit: 100 }).hits.map((h) => h.id).sort();
  };

  it('turns views into is: filters, and "all" into none', () => {
    expect(listFilters({ view: 'all' })).toEqual([]);
    expect(listFilters({})).toEqual([]);
    expect(run(listFilters({ view: 'unread' }))).toEqual(['a1', 'a3', 'a4', 'a5', 'a6']);
    expect(run(listFilters({ view: 'starred' }))).toEqual(['a3']);
    expect(run(listFilters({ view: 'saved' }))).toEqual(['a5']);
    expect(run(listFilters({ view: 'today' }))).toEqual(['a1', 'a3', 'a5']);
  });

  it('refuses an unknown view with the error the list always gave', () => {
    const error = (() => {
      try {
        listFilters({ view: 'archived' as never });
      } catch (e) {
        return e as TidingsError;
      }
      return null;
    })();
    expect(error).toBeInstanceOf(TidingsError);
    expect(error!.module).toBe('articles');
    expect(error!.message).toContain('unknown view');
  });

  it('takes a feed by its id only, a folder by its exact name, a tag in any letter case', () => {
    // feed:news1 as typed also takes the feed titled "news1 fan club"; the list's feedId does not.
    expect(run([], 'feed:news1')).toEqual(['a1', 'a4', 'a6']);
    expect(run(listFilters({ feedId: 'news1' }))).toEqual(['a1', 'a6']);
    // A list's folder is the folder's name as stored (the sidebar sends it), not a folding of it.
    expect(run(listFilters({ folder: 'News' }))).toEqual(['a1', 'a2', 'a6']);
    expect(run(listFilters({ folder: 'news' }))).toEqual([]);
    expect(run(listFilters({ tag: 'ai' }))).toEqual(['a1', 'a3']);
    expect(run(listFilters({ view: 'today', folder: 'News', tag: 'AI' }), 'quasar')).toEqual(['a1']);
  });
});
