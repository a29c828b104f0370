// The article part of the API: list, read, change state, delete, stats.

import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { ArchiveApi, ArticleDetail, ArticlePage, ArticleSummary, ListQuery, Stats } from '../api.js';
import { TidingsError } from '../errors.js';
import type { ArticleRecord } from '../model/index.js';
import { normalizeTag, tagKey, withTags, withoutTags } from '../tags/normalize.js';
import type { ArchiveContext } from './context.js';
import { isSaved } from './store-article.js';

type ArticlesPart = Pick<
  ArchiveApi,
  'listArticles' | 'getArticle' | 'setRead' | 'setStarred' | 'tagArticles' | 'untagArticles' | 'deleteArticles' | 'stats'
>;

const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 1000;

export function createArticlesPart(ctx: ArchiveContext): ArticlesPart {
  const byDate = new DateOrder(ctx);

  return {
    async listArticles(query: ListQuery): Promise<ArticlePage> {
      if (query.query?.trim()) {
        throw new TidingsError('articles', query.query, 'search is not available in this archive', 'invalid');
      }
      const offset = checkOffset(query.offset);
      const limit = checkLimit(query.limit);
      const matches = filterFor(ctx, query);
      const all = byDate.ids().filter((id) => matches(ctx.data.articles[id]!));
      return { total: all.length, offset, items: all.slice(offset, offset + limit).map((id) => summarize(ctx, ctx.data.articles[id]!)) };
    },

    async getArticle(id) {
      const article = ctx.article(id);
      const [html, text] = await Promise.all([ctx.files.readHtml(id), ctx.files.readText(id)]);
      const detail: ArticleDetail = { ...summarize(ctx, article), html, text };
      return detail;
    },

    async setRead(ids, read) {
      return changeEach(ctx, ids, (a) => (a.read === read ? false : ((a.read = read), true)));
    },

    async setStarred(ids, starred) {
      return changeEach(ctx, ids, (a) => (a.starred === starred ? false : ((a.starred = starred), true)));
    },

    async tagArticles(ids, tags) {
      const clean = tags.map(normalizeTag);
      return changeEach(ctx, ids, (a) => {
        const next = withTags(a.tags, clean);
        return next ? ((a.tags = next), true) : false;
      });
    },

    async untagArticles(ids, tags) {
      const clean = tags.map(normalizeTag);
      return changeEach(ctx, ids, (a) => {
        const next = withoutTags(a.tags, clean);
        return next ? ((a.tags = next), true) : false;
      });
    },

    async deleteArticles(ids) {
      ids.forEach((id) => ctx.article(id));
      const now = new Date().toISOString();
      ctx.library.change((data) => {
        for (const id of ids) {
          delete data.articles[id];
          data.tombstones[id] = now;
        }
      });
      await Promise.all(ids.map((id) => ctx.files.remove(id)));
      await ctx.runHooks('removed', ids);
      ctx.emit({ type: 'changed', what: 'articles', ids });
      return ids.length;
    },

    async stats(): Promise<Stats> {
      const articles = Object.values(ctx.data.articles);
      const tags = new Set(articles.flatMap((a) => a.tags.map(tagKey)));
      return {
        articles: articles.length,
        unread: articles.filter((a) => !a.read).length,
        starred: articles.filter((a) => a.starred).length,
        saved: articles.filter(isSaved).length,
        feeds: Object.keys(ctx.data.feeds).length,
        tags: tags.size,
        failedExtractions: articles.filter((a) => a.extraction.status === 'failed').length,
        bytes: {
          library: await sizeOf(path.join(ctx.dataDir, 'library.json')),
          articles: await sizeOf(path.join(ctx.dataDir, 'articles')),
          assets: await sizeOf(path.join(ctx.dataDir, 'assets')),
          index: await sizeOf(path.join(ctx.dataDir, 'index')),
        },
      };
    },
  };
}

export function summarize(ctx: ArchiveContext, article: ArticleRecord): ArticleSummary {
  const feed = article.feedId ? ctx.data.feeds[article.feedId] : undefined;
  return { ...article, tags: [...article.tags], feedTitle: feed?.title ?? null };
}

/** Apply `mutate` to each article in one store change; returns how many changed. */
async function changeEach(ctx: ArchiveContext, ids: string[], mutate: (a: ArticleRecord) => boolean): Promise<number> {
  ids.forEach((id) => ctx.article(id));
  const changed = ctx.library.change((data) => ids.filter((id) => mutate(data.articles[id]!)));
  if (changed.length > 0) {
    await ctx.runHooks('changed', changed);
    ctx.emit({ type: 'changed', what: 'articles', ids: changed });
  }
  return changed.length;
}

function filterFor(ctx: ArchiveContext, query: ListQuery): (a: ArticleRecord) => boolean {
  const tag = query.tag === undefined ? null : tagKey(query.tag);
  const feedIds = query.folder === undefined ? null : new Set(Object.values(ctx.data.feeds).filter((f) => f.folder === query.folder).map((f) => f.id));
  const today = startOfToday();
  const view = viewFilter(query.view ?? 'all', today);
  return (a) =>
    view(a) &&
    (query.feedId === undefined || a.feedId === query.feedId) &&
    (feedIds === null || (a.feedId !== null && feedIds.has(a.feedId))) &&
    (tag === null || a.tags.some((t) => tagKey(t) === tag));
}

function viewFilter(view: NonNullable<ListQuery['view']>, today: string): (a: ArticleRecord) => boolean {
  switch (view) {
    case 'all':
      return () => true;
    case 'unread':
      return (a) => !a.read;
    case 'starred':
      return (a) => a.starred;
    case 'saved':
      return isSaved;
    case 'today':
      return (a) => a.addedAt >= today;
    default:
      throw new TidingsError('articles', String(view), 'unknown view; use all, unread, starred, today or saved', 'invalid');
  }
}

export function startOfToday(): string {
  const d = new Date();
  d.setHours(0, 0, 0, 0);
  return d.toISOString();
}

/** Article ids newest first, kept between calls and rebuilt only after articles come or go. */
class DateOrder {
  private cache: string[] | null = null;

  constructor(private readonly ctx: ArchiveContext) {
    const invalidate = () => {
      this.cache = null;
    };
    ctx.hooks.added.push(invalidate);
    ctx.hooks.removed.push(invalidate);
  }

  ids(): string[] {
    this.cache ??= Object.values(this.ctx.data.articles)
      .map((a) => [a.id, sortDate(a)] as const)
      .sort((x, y) => (x[1] < y[1] ? 1 : x[1] > y[1] ? -1 : 0))
      .map(([id]) => id);
    return this.cache;
  }
}

export function sortDate(a: ArticleRecord): string {
  return a.publishedAt ?? a.savedAt ?? a.addedAt;
}

function checkOffset(offset: number | undefined): number {
  if (offset === undefined) return 0;
  if (!Number.isInteger(offset) || offset < 0) throw new TidingsError('articles', String(offset), 'offset must be a whole number ≥ 0', 'invalid');
  return offset;
}

function checkLimit(limit: number | undefined): number {
  if (limit === undefined) return DEFAULT_LIMIT;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) throw new TidingsError('articles', String(limit), `limit must be 1 to ${MAX_LIMIT}`, 'invalid');
  return limit;
}

async function sizeOf(target: string): Promise<number> {
  const stat = await fs.stat(target).catch(() => null);
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.size;
  const entries = await fs.readdir(target);
  const sizes = await Promise.all(entries.map((e) => fs.stat(path.join(target, e)).then((s) => (s.isFile() ? s.size : 0), () => 0)));
  return sizes.reduce((x, y) => x + y, 0);
}
