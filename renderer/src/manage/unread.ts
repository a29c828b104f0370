// Which articles of a list are unread: page through the list (a feed, a view, a search) a
// thousand at a time and keep the ids of the unread ones, for one "mark all as read" call.

import type { ArticlePage } from '../../../src/api.js';
import type { ArchiveClient } from '../client/index.js';
import type { Place } from '../app/place.js';

export const PAGE = 1000;

export type Pager = (offset: number, limit: number) => Promise<ArticlePage>;

/**
 * Every unread id the pager gives, in its order, each once; with `after`, only those below that
 * article (none when it is not in the list).
 */
export async function unreadIds(pager: Pager, after?: string): Promise<string[]> {
  const ids = new Set<string>();
  let below = after === undefined;
  for (let offset = 0; ; offset += PAGE) {
    const page = await pager(offset, PAGE);
    for (const article of page.items) {
      if (below && !article.read && article.id !== after) ids.add(article.id);
      if (article.id === after) below = true;
    }
    if (page.items.length === 0 || offset + page.items.length >= page.total) break;
  }
  return [...ids];
}

/**
 * The pager for a place's unread articles. Feeds, folders, tags and the views All and Unread ask
 * the archive for their unread ones only; Starred, Today, Saved and searches are paged whole and
 * filtered here (the archive combines neither two views nor a view with a search).
 */
export function unreadPager(client: ArchiveClient, place: Place): Pager {
  switch (place.kind) {
    case 'search': return (offset, limit) => client.search(place.query, { offset, limit, sort: 'date' });
    case 'view':
      if (place.view === 'all' || place.view === 'unread') return (offset, limit) => client.listArticles({ view: 'unread', sort: 'date', offset, limit });
      return (offset, limit) => client.listArticles({ view: place.view, sort: 'date', offset, limit });
    case 'feed': return (offset, limit) => client.listArticles({ feedId: place.feedId, view: 'unread', sort: 'date', offset, limit });
    case 'folder': return (offset, limit) => client.listArticles({ folder: place.folder, view: 'unread', sort: 'date', offset, limit });
    case 'tag': return (offset, limit) => client.listArticles({ tag: place.tag, view: 'unread', sort: 'date', offset, limit });
  }
}

/** The unread ids after the article `id` in the pager's order (its "older" ones), each once. */
export function unreadAfter(pager: Pager, id: string): Promise<string[]> {
  return unreadIds(pager, id);
}
