// A list's filters (its view, feed, folder and tag: ListQuery) as filters of the query
// language, so the one engine (execute.ts) runs them with the query's own: a list and the
// query typed for it cannot disagree.

import type { ListQuery } from '../api.js';
import { TidingsError } from '../errors.js';
import type { Filter, Group } from './query.js';

export type ListFilters = Pick<ListQuery, 'view' | 'feedId' | 'folder' | 'tag'>;

const VIEWS: Record<string, Filter | null> = {
  all: null,
  unread: { kind: 'is', value: 'unread' },
  starred: { kind: 'is', value: 'starred' },
  saved: { kind: 'is', value: 'saved' },
  today: { kind: 'is', value: 'today' },
  started: { kind: 'is', value: 'started' },
};

/** The groups (each one filter, joined by AND) a list query adds to its query text. */
export function listFilters(query: ListFilters): Group[] {
  const view = query.view ?? 'all';
  if (!Object.hasOwn(VIEWS, view)) throw new TidingsError('articles', String(view), 'unknown view; use all, unread, starred, today, saved or started', 'invalid');
  const filters: Filter[] = [];
  if (VIEWS[view]) filters.push(VIEWS[view]);
  // The sidebar names a feed by its id and a folder as stored: a typed feed:/folder: is looser.
  if (query.feedId !== undefined) filters.push({ kind: 'feed', value: query.feedId, exact: true });
  if (query.folder !== undefined) filters.push({ kind: 'folder', value: query.folder, exact: true });
  if (query.tag !== undefined) filters.push({ kind: 'tag', value: query.tag });
  return filters.map((item) => ({ items: [item], negated: false }));
}
