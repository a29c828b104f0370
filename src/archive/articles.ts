// The article part of the API: read one, change state, delete, stats. (Listing, with or
// without a query, is the search part's.)

import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { ArchiveApi, ArticleDetail, ArticleSummary, Stats } from '../api.js';
import type { ArticleRecord } from '../model/index.js';
import { normalizeTag, tagKey, withTags, withoutTags } from '../tags/index.js';
import { readableError } from '../messages/index.js';
import type { ArchiveContext } from './context.js';
import { isSaved } from './store-article.js';

type ArticlesPart = Pick<
  ArchiveApi,
  'getArticle' | 'setRead' | 'setStarred' | 'tagArticles' | 'untagArticles' | 'deleteArticles' | 'stats'
>;

export function createArticlesPart(ctx: ArchiveContext): ArticlesPart {
  return {
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
      await removeArticles(ctx, ids);
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
  const summary: ArticleSummary = { ...article, tags: [...article.tags], feedTitle: feed?.title ?? null };
  // The reason is stored technical (logs, --verbose, old archives); people read its sentence.
  if (article.extraction.status === 'failed') summary.extractionMessage = readableError(article.extraction.reason ?? 'the page could not be read', 'page');
  return summary;
}

/** Delete articles for good: files gone, ids tombstoned so a refresh does not bring them back. */
export async function removeArticles(ctx: ArchiveContext, ids: string[]): Promise<void> {
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



export function startOfToday(): string {
  const d = new Date();
  d.setHours(0, 0, 0, 0);
  return d.toISOString();
}





async function sizeOf(target: string): Promise<number> {
  const stat = await fs.stat(target).catch(() => null);
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.size;
  const entries = await fs.readdir(target);
  const sizes = await Promise.all(entries.map((e) => fs.stat(path.join(target, e)).then((s) => (s.isFile() ? s.size : 0), () => 0)));
  return sizes.reduce((x, y) => x + y, 0);
}
