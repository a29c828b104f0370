// The sidebar: smart views with counts, saved searches, tags with counts, and feeds grouped in
// folders with unread counts and a mark on feeds whose last refresh failed. Feeds and tags have
// a menu of actions: a "…" button shown on hover or focus, and the right click. Each feed
// shows its icon, or its letter when it has none (feed-icon.ts).

import type { FeedSummary, SmartView, TagCount, ViewCount } from '../../../src/api.js';
import type { Place } from '../app/place.js';
import { SMART_VIEWS, placeKey } from '../app/place.js';
import { h, replace } from '../dom/index.js';
import { feedIcon, setFeedIcons } from './feed-icon.js';

export interface SidebarData {
  counts: Partial<Record<SmartView, number>>;
  savedSearches: ViewCount[];
  tags: TagCount[];
  feeds: FeedSummary[];
}

export interface SidebarHandlers {
  go(place: Place): void;
  /** The user asked why a feed failed. */
  explain(feed: FeedSummary): void;
  addFeed(): void;
  /** Open a feed's menu under `at` (its "…" button) or at the pointer. */
  feedMenu?(feed: FeedSummary, at: HTMLElement | { x: number; y: number }): void;
  tagMenu?(tag: string, at: HTMLElement | { x: number; y: number }): void;
  /** The URL of an archived file (a feed's icon); without it, feeds show their letter. */
  iconUrl?(name: string): string;
  /** The Highlights view (listed under the smart views). */
  highlights?(): void;
}

type OpenMenu = (at: HTMLElement | { x: number; y: number }) => void;

export class Sidebar {
  private current = '';
  private data: SidebarData = { counts: {}, savedSearches: [], tags: [], feeds: [] };
  private readonly places = new Map<HTMLElement, Place>();
  /** The items that have a menu (feeds, tags), with how to open it. */
  private readonly menus = new Map<HTMLElement, OpenMenu>();

  constructor(
    private readonly root: HTMLElement,
    private readonly handlers: SidebarHandlers,
  ) {
    root.addEventListener('click', (event) => {
      const more = (event.target as Element).closest<HTMLElement>('.place-more');
      const open = more && this.menuOf(more);
      if (open) {
        event.stopPropagation();
        open(more);
        return;
      }
      const item = (event.target as Element).closest<HTMLElement>('.place');
      const place = item && this.places.get(item);
      if (place) handlers.go(place);
    });
    root.addEventListener('contextmenu', (event) => {
      const open = this.menuOf(event.target as Element);
      if (!open) return;
      event.preventDefault();
      open({ x: event.clientX, y: event.clientY });
    });
    root.addEventListener('keydown', (event) => {
      const place = event.key === 'Enter' || event.key === ' ' ? this.places.get(event.target as HTMLElement) : undefined;
      if (!place) return;
      event.preventDefault();
      handlers.go(place);
    });
  }

  show(data: SidebarData): void {
    this.data = data;
    setFeedIcons(data.feeds, this.handlers.iconUrl);
    this.render();
  }

  /** Count one article's change at once (read or starred), before the exact counts arrive. */
  adjust(feedId: string | null, change: { unread?: number; starred?: number }): void {
    const counts = this.data.counts;
    const bump = (n: number | undefined, by: number) => Math.max(0, (n ?? 0) + by);
    if (change.unread) {
      counts.unread = bump(counts.unread, change.unread);
      const feed = this.data.feeds.find((f) => f.id === feedId);
      if (feed) feed.unread = bump(feed.unread, change.unread);
    }
    if (change.starred) counts.starred = bump(counts.starred, change.starred);
    this.render();
  }

  select(place: Place): void {
    this.current = placeKey(place);
    for (const [el, p] of this.places) el.classList.toggle('selected', placeKey(p) === this.current);
    // The Highlights view is no place of the list: leaving it for one unmarks it.
    this.root.querySelector('#view-highlights')?.classList.remove('selected');
  }

  private menuOf(target: Element): OpenMenu | undefined {
    const item = target.closest<HTMLElement>('.place');
    return item ? this.menus.get(item) : undefined;
  }

  private render(): void {
    this.places.clear();
    this.menus.clear();
    const d = this.data;
    replace(this.root,
      section('Library', [...SMART_VIEWS.map((v) => this.item({ kind: 'view', view: v.view }, v.name, d.counts[v.view], `view-${v.view}`)), this.highlightsItem()]),
      d.savedSearches.length ? section('Saved searches', d.savedSearches.map((s) => this.item({ kind: 'search', query: s.query }, s.name, s.count))) : null,
      section('Tags', d.tags.length ? d.tags.map((t) => this.tagItem(t)) : [hint('No tags yet. Press t on an article to tag it.')]),
      section('Feeds', this.feedItems()));
    if (this.current !== HIGHLIGHTS) this.select(this.currentPlace());
  }

  private currentPlace(): Place {
    for (const place of this.places.values()) if (placeKey(place) === this.current) return place;
    return { kind: 'view', view: 'unread' };
  }

  private feedItems(): HTMLElement[] {
    const feeds = this.data.feeds;
    if (feeds.length === 0) {
      const add = h('button', { type: 'button', class: 'link-button' }, 'Add your first feed');
      add.addEventListener('click', () => this.handlers.addFeed());
      return [hint('No feeds yet. '), add];
    }
    const loose = feeds.filter((f) => !f.folder).sort(byTitle);
    const folders = [...new Set(feeds.map((f) => f.folder).filter((f): f is string => Boolean(f)))].sort();
    return [
      ...folders.map((folder) => {
        const inside = feeds.filter((f) => f.folder === folder).sort(byTitle);
        const unread = inside.reduce((n, f) => n + f.unread, 0);
        return h('div', { class: 'folder' },
          this.item({ kind: 'folder', folder }, folder, unread, undefined, '▾'),
          h('div', { class: 'folder-feeds' }, ...inside.map((f) => this.feedItem(f))));
      }),
      ...loose.map((f) => this.feedItem(f)),
    ];
  }

  private feedItem(feed: FeedSummary): HTMLElement {
    const item = this.item({ kind: 'feed', feedId: feed.id, title: feed.title }, feed.title || feed.url, feed.unread);
    item.insertBefore(feedIcon(feed.id), item.firstChild);
    if (feed.lastError) {
      const why = `Last refresh failed${feed.errorCount > 1 ? ` ${feed.errorCount} times` : ''}: ${feed.lastErrorMessage ?? feed.lastError}`;
      const mark = h('button', { type: 'button', class: 'feed-error', title: why, 'aria-label': why }, '!');
      mark.addEventListener('click', (event) => {
        event.stopPropagation();
        this.handlers.explain(feed);
      });
      item.insertBefore(mark, item.lastChild);
    }
    if (feed.gone) item.classList.add('gone');
    const menu = this.handlers.feedMenu;
    if (menu) this.withMenu(item, `Actions for ${feed.title || feed.url}`, (at) => menu(feed, at));
    return item;
  }

  private tagItem(tag: TagCount): HTMLElement {
    const item = this.item({ kind: 'tag', tag: tag.name }, tag.name, tag.count, undefined, '#');
    const menu = this.handlers.tagMenu;
    if (menu) this.withMenu(item, `Actions for the tag ${tag.name}`, (at) => menu(tag.name, at));
    return item;
  }

  /** Give an item its "…" button (before the count) and its right-click menu. */
  private withMenu(item: HTMLElement, label: string, open: OpenMenu): void {
    const more = h('button', { type: 'button', class: 'place-more', title: label, 'aria-label': label, 'aria-haspopup': 'menu' }, '…');
    item.insertBefore(more, item.lastChild);
    item.classList.add('has-menu');
    this.menus.set(item, open);
  }

  private highlightsItem(): HTMLElement | null {
    const open = this.handlers.highlights;
    if (!open) return null;
    const el = h('button', { type: 'button', class: 'place', id: 'view-highlights' }, h('span', { class: 'place-name' }, 'Highlights'));
    el.classList.toggle('selected', this.current === HIGHLIGHTS);
    el.addEventListener('click', () => {
      this.select({ kind: 'search', query: '' });
      this.current = HIGHLIGHTS;
      el.classList.add('selected');
      open();
    });
    return el;
  }

  private item(place: Place, name: string, count: number | undefined, id?: string, icon?: string): HTMLElement {
    const el = h('div', { class: 'place', role: 'button', tabindex: '0', 'data-place': placeKey(place), id },
      icon ? h('span', { class: 'place-icon', 'aria-hidden': 'true' }, icon) : null,
      h('span', { class: 'place-name' }, name),
      h('span', { class: 'count' }, count ? String(count) : ''));
    this.places.set(el, place);
    return el;
  }
}

/** The sidebar's `current` while the Highlights view is open. */
const HIGHLIGHTS = 'highlights';

function section(title: string, items: (HTMLElement | null)[]): HTMLElement {
  return h('section', { class: 'side-section' }, h('h2', {}, title), ...items);
}

function hint(text: string): HTMLElement {
  return h('p', { class: 'side-hint' }, text);
}

function byTitle(a: FeedSummary, b: FeedSummary): number {
  return a.title.localeCompare(b.title);
}
