// Records for the progress sorts (sort:progress, sort:recent) and the query run over them with no
// text index: a record is an id, a day of March 2026 it was published, and its reading state.

import { type Catalog, execute, sortKey } from '../../src/search/execute.js';
import { MemoryIndex } from '../../src/search/memory-index.js';
import { parseQuery } from '../../src/search/query.js';
import { TagWords } from '../../src/search/tag-words.js';
import type { ArticleRecord } from '../../src/model/index.js';

export const day = (n: number) => `2026-03-${String(n).padStart(2, '0')}T10:00:00.000Z`;

/** A record published on day `published`, with progress and progressAt only when given (any value: records may be hostile). */
export const rec = (id: string, published: number, progress?: number, progressAt?: unknown) =>
  ({ id, publishedAt: day(published), savedAt: null, addedAt: day(28), read: false, starred: false, tags: [], feedId: null, url: null,
    ...(progress === undefined ? {} : { progress }), ...(progressAt === undefined ? {} : { progressAt }) }) as unknown as ArticleRecord;

/** The catalog of these records; `withList`: with the date-ordered list the archive keeps (the fast path). */
export function catalogOf(records: ArticleRecord[], withList: boolean): Catalog {
  const articles = Object.fromEntries(records.map((a) => [a.id, a]));
  const ordered = [...records].sort((x, y) => (sortKey(x) < sortKey(y) ? 1 : sortKey(x) > sortKey(y) ? -1 : x.id < y.id ? -1 : 1));
  return withList ? { articles, feeds: {}, list: () => ordered } : { articles, feeds: {} };
}

/** The ids a query answers, in order. */
export const ids = (query: string, catalog: Catalog, page = { offset: 0, limit: 100 }) =>
  execute(parseQuery(query), new MemoryIndex(null), new TagWords([]), catalog, page).hits.map((h) => h.id);
