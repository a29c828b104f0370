// Where the user is: a smart view, a feed, a folder, a tag or a search. Each place knows how to
// page its articles in and what to say when it has none.

import type { ArticlePage, SmartView } from '../../../src/api.js';
import type { ArchiveClient } from '../client/index.js';
import { h } from '../dom/index.js';

export type Place =
  | { kind: 'view'; view: SmartView }
  | { kind: 'feed'; feedId: string; title: string }
  | { kind: 'folder'; folder: string }
  | { kind: 'tag'; tag: string }
  | { kind: 'search'; query: string; typing?: boolean };

/** `progress`: started articles first, furthest read first; `recent`: most recently read first ("Continue reading"). */
export type Sort = 'date' | 'relevance' | 'progress' | 'recent';

export const SMART_VIEWS: { view: SmartView; name: string }[] = [
  { view: 'all', name: 'All articles' },
  { view: 'unread', name: 'Unread' },
  { view: 'starred', name: 'Starred' },
  { view: 'today', name: 'Today' },
  { view: 'saved', name: 'Saved' },
  // The started, unfinished articles, most recently read first (listed just before Highlights).
  { view: 'started', name: 'Continue reading' },
];

export function placeKey(place: Place): string {
  switch (place.kind) {
    case 'view': return `view:${place.view}`;
    case 'feed': return `feed:${place.feedId}`;
    case 'folder': return `folder:${place.folder}`;
    case 'tag': return `tag:${place.tag}`;
    case 'search': return `search:${place.query}`;
  }
}

export function placeTitle(place: Place): string {
  switch (place.kind) {
    case 'view': return SMART_VIEWS.find((v) => v.view === place.view)?.name ?? place.view;
    case 'feed': return place.title;
    case 'folder': return place.folder;
    case 'tag': return `#${place.tag}`;
    case 'search': return `Search: ${place.query}`;
  }
}

/** How the list pages in this place's articles. Search sorts by relevance unless told otherwise. */
export function loaderFor(client: ArchiveClient, place: Place, sort: Sort): (offset: number, limit: number) => Promise<ArticlePage> {
  if (place.kind === 'search') {
    // The query's own sort: (sort:progress, sort:date) wins over the select, which says Best match for any search without sort:date.
    const own = /(?:^|\s)sort:(date|relevance|progress|recent)(?=\s|$)/.exec(place.query)?.[1] as Sort | undefined;
    return (offset, limit) => client.search(place.query, { offset, limit, sort: own ?? sort, typing: place.typing === true });
  }
  const filter =
    place.kind === 'view' ? { view: place.view }
    : place.kind === 'feed' ? { feedId: place.feedId }
    : place.kind === 'folder' ? { folder: place.folder }
    : { tag: place.tag };
  // Continue reading opens most recently read first (as Kindle, Apple Books and Readeck do); any
  // list follows the select, which offers date, progress and recent reading.
  const started = place.kind === 'view' && place.view === 'started';
  const listSort = sort === 'relevance' ? (started ? 'recent' : 'date') : sort;
  return (offset, limit) => client.listArticles({ ...filter, sort: listSort, offset, limit });
}

/** What an empty list says: what is missing, and what to do about it. */
export function emptyFor(place: Place): Node[] {
  const say = (title: string, hint: string) => [h('p', { class: 'empty-title' }, title), h('p', {}, hint)];
  switch (place.kind) {
    case 'search':
      return say(`Nothing matches “${place.query}”`, searchHint(place.query));
    case 'view':
      if (place.view === 'unread') return say('All read', 'Nothing unread. Press r to refresh your feeds, or add one with + Feed.');
      if (place.view === 'starred') return say('No starred articles', 'Press s on an article to star it.');
      if (place.view === 'today') return say('Nothing new today', 'Press r to refresh your feeds.');
      if (place.view === 'started') return say('Nothing to continue', 'Articles you started and have not finished wait here, the one you read last first. Scroll into any article and it comes here until you reach its end.');
      if (place.view === 'saved') return say('Nothing saved yet', 'Save any web page with Save page, or import an OPML file of feeds.');
      return say('Your archive is empty', 'Add a feed with + Feed, or save a page with Save page.');
    case 'feed':
      return say('No articles in this feed', 'Press r to refresh it. If it keeps failing, the mark beside its name says why.');
    case 'folder':
      return say('No articles in this folder', 'Press r to refresh your feeds.');
    case 'tag':
      return say(`Nothing tagged ${place.tag}`, 'Open an article and press t to tag it.');
  }
}

/** What to try when a search found nothing: words are whole, so a cut-off last word gets its prefix form. */
export function searchHint(query: string): string {
  const last = /(?:^|\s)([^\s"*:-][^\s"*:]{1,})$/u.exec(query.trim())?.[1];
  const prefix = last ? `Words are matched whole: for words starting with “${last}”, search ${last}*. ` : '';
  return `${prefix}Try fewer or other words, or click ? beside the search box for the operators (tag:, is:unread, "exact words", -word…).`;
}
