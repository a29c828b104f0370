// The sidebar's views: the smart ones (unread, starred, today, saved), one per tag, and the
// user's saved searches, each with its count; saving and removing a search.

import { randomBytes } from 'node:crypto';
import type { ArchiveApi, ViewCount } from '../api.js';
import { TidingsError } from '../errors.js';
import { parseQuery, type SearchService, sortDate, startOfToday } from '../search/index.js';
import { countTags, tagKey } from '../tags/index.js';
import type { ArchiveContext } from './context.js';

type ViewsPart = Pick<ArchiveApi, 'listViews' | 'saveSearch' | 'removeSavedSearch'>;

export function createViewsPart(ctx: ArchiveContext, search: SearchService): ViewsPart {
  return {
    listViews: () => listViews(ctx, search),

    async saveSearch(name, query) {
      const clean = typeof name === 'string' ? name.trim() : '';
      if (clean === '') throw new TidingsError('views', null, 'a saved search needs a name', 'invalid');
      parseQuery(query);
      if (typeof query !== 'string' || query.trim() === '') throw new TidingsError('views', clean, 'a saved search needs a query', 'invalid');
      const saved = { id: `s${randomBytes(6).toString('hex')}`, name: clean, query: query.trim() };
      ctx.library.change((data) => {
        data.savedSearches.push(saved);
      });
      ctx.emit({ type: 'changed', what: 'views' });
      return { ...saved };
    },

    async removeSavedSearch(id) {
      if (!ctx.data.savedSearches.some((s) => s.id === id)) throw new TidingsError('views', id, 'no such saved search', 'not-found');
      ctx.library.change((data) => {
        data.savedSearches = data.savedSearches.filter((s) => s.id !== id);
      });
      ctx.emit({ type: 'changed', what: 'views' });
    },
  };
}

async function listViews(ctx: ArchiveContext, search: SearchService): Promise<ViewCount[]> {
  const today = startOfToday();
  const counts = { unread: 0, starred: 0, today: 0, saved: 0 };
  for (const a of Object.values(ctx.data.articles)) {
    if (!a.read) counts.unread++;
    if (a.starred) counts.starred++;
    if (sortDate(a) >= today) counts.today++;
    if (a.savedAt !== null) counts.saved++;
  }
  const views: ViewCount[] = [
    { id: 'unread', kind: 'smart', name: 'Unread', query: 'is:unread', count: counts.unread },
    { id: 'starred', kind: 'smart', name: 'Starred', query: 'is:starred', count: counts.starred },
    { id: 'today', kind: 'smart', name: 'Today', query: '', count: counts.today },
    { id: 'saved', kind: 'smart', name: 'Saved', query: 'is:saved', count: counts.saved },
  ];
  for (const tag of countTags(Object.values(ctx.data.articles))) {
    views.push({ id: `tag:${tagKey(tag.name)}`, kind: 'tag', name: tag.name, query: `tag:${quoteIfNeeded(tag.name)}`, count: tag.count });
  }
  for (const saved of ctx.data.savedSearches) {
    let count = 0;
    try {
      count = (await search.matching(saved.query)).length;
    } catch (error) {
      ctx.emit({ type: 'notice', level: 'warning', message: (error as Error).message });
    }
    views.push({ id: saved.id, kind: 'saved-search', name: saved.name, query: saved.query, count });
  }
  return views;
}

function quoteIfNeeded(tag: string): string {
  return /[\s"]/.test(tag) ? `"${tag.replace(/"/g, '')}"` : tag;
}
