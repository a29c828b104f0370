// The search part of the API: listing and full-text search with the query language. The search
// service (src/search/service.ts) owns the index (index/ in the data directory), its recovery and
// caches; this part opens it on the library, keeps it told of articles stored other ways than a
// feed's refresh (a saved page, an import, another device: the archive's hooks) and of removed
// ones, and turns its pages into summaries. Tags and rules (tags.ts), views (views.ts) and
// settings with retention (settings.ts) are rooms of their own that use the same service.

import path from 'node:path';
import type { ArchiveApi, ArticlePage, ArticleSummary, ListQuery } from '../api.js';
import { TidingsError } from '../errors.js';
import type { Feed } from '../model/index.js';
import { type ListHit, SearchService } from '../search/index.js';
import { summarize } from './articles.js';
import type { ArchiveContext } from './context.js';

type SearchPart = Pick<ArchiveApi, 'listArticles' | 'search'>;

const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 1000;

/** The steps of a feed's refresh that search, tags and settings own (src/archive/refresh.ts calls them in order). */
export interface SearchSteps {
  index(ids: { added: string[]; changed: string[] }): Promise<void>;
  rules(ids: string[]): Promise<void>;
  retention(feed: Feed): Promise<void>;
}

export function createSearchPart(ctx: ArchiveContext): { api: SearchPart; service: SearchService } {
  const service = new SearchService({
    articles: () => ctx.data.articles,
    feeds: () => ctx.data.feeds,
    textDir: ctx.files.articlesDir,
    // A text stored a moment ago comes from memory (the added hook runs just after the write).
    readText: (id) => ctx.files.readText(id),
    indexDir: path.join(ctx.dataDir, 'index'),
    emit: (event) => ctx.emit(event),
  });

  ctx.hooks.changed.push((ids) => service.update({ added: [], changed: ids }));
  ctx.hooks.removed.push((ids) => service.remove(ids));
  // Stop a rebuild first: rules waiting for it (tags.ts) would otherwise hold the close for its length.
  ctx.closers.push(() => service.close());

  const api: SearchPart = {
    async listArticles(query: ListQuery): Promise<ArticlePage> {
      const offset = checkWhole('offset', query.offset, 0, Number.MAX_SAFE_INTEGER) ?? 0;
      const limit = checkWhole('limit', query.limit, 1, MAX_LIMIT) ?? DEFAULT_LIMIT;
      const page = await service.list(query, { offset, limit });
      return { total: page.total, offset, items: page.hits.flatMap((hit) => summaryOf(ctx, hit)) };
    },

    async search(query, options = {}) {
      if (typeof query !== 'string' || query.trim() === '') throw new TidingsError('search', null, 'type something to search for', 'invalid');
      return api.listArticles({ query, offset: options.offset, limit: options.limit, sort: options.sort, typing: options.typing });
    },
  };
  return { api, service };
}

/** A listed article as the front ends show it (with its score and snippet, from a query). */
function summaryOf(ctx: ArchiveContext, hit: ListHit): ArticleSummary[] {
  const article = ctx.data.articles[hit.id];
  if (!article) return [];
  const summary: ArticleSummary = summarize(ctx, article);
  if (hit.score !== undefined) summary.score = hit.score;
  if (hit.snippet !== undefined) summary.snippet = hit.snippet;
  return [summary];
}

function checkWhole(name: string, value: number | undefined, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isInteger(value) || value < min || value > max) throw new TidingsError('articles', String(value), `${name} must be a whole number from ${min} to ${max}`, 'invalid');
  return value;
}
