// The article list: virtualized. Fixed row height, only the rows in view (plus overscan) exist
// in the DOM, and data is paged in through PageCache as the user scrolls. Smooth at 50,000 rows.

import type { ArticleSummary } from '../../../src/api.js';
import { h, replace } from '../dom/index.js';
import { openMenu } from '../menu/index.js';
import { type PageLoader, PageCache } from './pages.js';
import { DENSITIES, type Density, createRow, fillRow, rowHeight, rowKey } from './row.js';

export type { PageLoader } from './pages.js';
export type { Density } from './row.js';

const OVERSCAN = 8;
const DENSITY_KEY = 'tidings.listDensity';

/** The density chosen last on this machine (localStorage), comfortable at first. */
export function savedDensity(): Density {
  let value: string | null = null;
  try {
    value = localStorage.getItem(DENSITY_KEY);
  } catch {
    // Storage refused (a private window): the default.
  }
  return DENSITIES.some((d) => d.value === value) ? (value as Density) : 'comfortable';
}

export interface ListHandlers {
  /** The selection moved to `article` (by click or keyboard). */
  select(article: ArticleSummary): void;
  error(error: unknown): void;
  /** A row's menu was asked for (right click, its ⋯ button, the context-menu key). */
  menu?(article: ArticleSummary, at: HTMLElement | { x: number; y: number }): void;
}

export interface ShowOptions {
  /** Each row says its feed or site; off in a feed's own list, where it would repeat. */
  source?: boolean;
}

export class ArticleList {
  private readonly cache = new PageCache(async () => ({ total: 0, offset: 0, items: [] }));
  private readonly spacer = h('div', { class: 'list-spacer' });
  private readonly empty = h('div', { class: 'empty list-empty', hidden: true });
  private readonly shown = new Map<number, HTMLElement>();
  private readonly spare: HTMLElement[] = [];
  private selectedIndex = -1;
  private selectedId: string | null = null;
  private emptyMessage: Node[] = [];
  private frame = 0;
  private spacerHeight = -1;
  /** The viewport, read once per frame before anything is written (no forced layouts). */
  private view = { top: 0, height: 800 };
  private density: Density = savedDensity();
  private rowHeight = rowHeight(this.density);

  constructor(
    private readonly scroller: HTMLElement,
    private readonly handlers: ListHandlers,
  ) {
    scroller.append(this.spacer, this.empty);
    scroller.classList.add(`density-${this.density}`);
    scroller.addEventListener('scroll', () => this.schedule(), { passive: true });
    scroller.addEventListener('click', (event) => this.clicked(event));
    scroller.addEventListener('contextmenu', (event) => this.contextMenu(event));
    scroller.addEventListener('keydown', (event) => {
      if (event.key !== 'ContextMenu' && !(event.shiftKey && event.key === 'F10')) return;
      const row = this.selectedIndex < 0 ? null : this.shown.get(this.selectedIndex);
      const article = this.selected;
      if (!row || !article || !this.handlers.menu) return;
      event.preventDefault();
      this.handlers.menu(article, row.querySelector<HTMLElement>('.row-more') ?? row);
    });
    this.addDensityChoice();
    new ResizeObserver(([entry]) => {
      if (entry) this.view.height = entry.contentRect.height;
      this.schedule();
    }).observe(scroller);
  }

  get total(): number {
    return this.cache.total ?? 0;
  }

  get selected(): ArticleSummary | undefined {
    return this.selectedIndex < 0 ? undefined : this.cache.get(this.selectedIndex);
  }

  /** The shown source, page by page in its order. */
  get loader(): PageLoader {
    return this.cache.loaderOf;
  }

  /**
   * Leave articles out of the list at once (a delete waiting for Undo), or put them back.
   * Answers the row the selection was on when it went with them (the next article is there
   * now), else -1.
   */
  hide(ids: readonly string[], hidden: boolean): number {
    const was = hidden && this.selectedId !== null && ids.includes(this.selectedId) ? this.selectedIndex : -1;
    this.cache.hide(ids, hidden);
    const index = this.selectedId ? this.cache.indexOf(this.selectedId) : -1;
    this.selectedIndex = index;
    if (index < 0) this.selectedId = null;
    for (const row of this.shown.values()) row.dataset.key = '';
    this.render();
    return was;
  }

  /** Where the article is in the list as shown (-1: not loaded, or hidden). */
  indexOf(id: string): number {
    return this.cache.indexOf(id);
  }

  /** How much of each article a row shows; remembered on this machine. */
  setDensity(density: Density): void {
    this.scroller.classList.replace(`density-${this.density}`, `density-${density}`);
    this.density = density;
    this.rowHeight = rowHeight(density);
    try {
      localStorage.setItem(DENSITY_KEY, density);
    } catch {
      // Not remembered, still applied.
    }
    this.clearRows();
    this.spare.length = 0;
    this.spacerHeight = -1;
    this.readView();
    this.render();
    if (this.selectedIndex >= 0) this.scrollIntoView(this.selectedIndex);
  }

  /** Show another source (a view, a feed, a search); `empty` is said when it has no rows. */
  async show(loader: PageLoader, empty: Node[], options: ShowOptions = {}): Promise<void> {
    this.scroller.classList.toggle('no-source', options.source === false);
    this.cache.reset(loader);
    this.emptyMessage = empty;
    this.selectedIndex = -1;
    this.selectedId = null;
    this.scroller.scrollTop = 0;
    this.view.top = 0;
    this.clearRows();
    await this.load();
  }

  /** The source's data changed: fetch the rows in view again, keep position and selection. */
  async reload(): Promise<void> {
    this.cache.invalidate();
    await this.load();
    if (this.selectedId) {
      const index = this.cache.indexOf(this.selectedId);
      if (index >= 0) this.selectedIndex = index;
    }
    this.render();
  }

  /** Change one row at once (after a star or a read toggle), before the reload confirms it. */
  /** Change a row on screen; `unsent`: the archive hears of it later (see PageCache.patch). */
  patch(id: string, change: Partial<ArticleSummary>, state: 'sent' | 'unsent' = 'sent'): void {
    this.cache.patch(id, change, state);
    this.render();
  }

  /** Sending an unsent change failed: see PageCache.forget. */
  forget(id: string): void {
    this.cache.forget(id);
  }

  /** The archive now holds an unsent change: see PageCache.confirm. */
  confirm(id: string, change: Partial<ArticleSummary>): void {
    this.cache.confirm(id, change);
  }

  /** Move the selection by `delta` rows and report the newly selected article. */
  async move(delta: number): Promise<void> {
    if (this.total === 0) return;
    const target = Math.min(this.total - 1, Math.max(0, this.selectedIndex < 0 ? 0 : this.selectedIndex + delta));
    await this.selectIndex(target);
  }

  /** Select the next unread article below the selection (in the list's order); false when there is none. */
  async selectNextUnread(): Promise<boolean> {
    for (let index = this.selectedIndex + 1; index < this.total; index++) {
      let article = this.cache.get(index);
      if (!article) {
        await this.cache.ensure(index, index + this.cache.pageSize);
        article = this.cache.get(index);
      }
      if (article && !article.read) {
        await this.selectIndex(index);
        return true;
      }
    }
    return false;
  }

  /** Select a row; `open` false only marks it (a one-pane window stays on the list). */
  async selectIndex(index: number, open = true): Promise<void> {
    this.selectedIndex = index;
    this.scrollIntoView(index);
    let article = this.cache.get(index);
    if (!article) {
      await this.cache.ensure(index, index + 1).catch((error: unknown) => this.handlers.error(error));
      article = this.cache.get(index);
    }
    this.selectedId = article?.id ?? null;
    this.render();
    if (article && this.selectedIndex === index && open) this.handlers.select(article);
  }

  private async load(): Promise<void> {
    this.readView();
    const [start, end] = this.windowRows();
    try {
      await this.cache.ensure(start, end);
    } catch (error) {
      this.handlers.error(error);
    }
    this.render();
  }

  private schedule(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.readView();
      this.render();
      // The rows in view first; then a page beyond them both ways, so scrolling rarely meets a gap.
      const [start, end] = this.windowRows();
      const ahead = this.cache.pageSize;
      const fail = (error: unknown) => this.handlers.error(error);
      this.cache.ensure(start, end).then((arrived) => {
        if (arrived) this.schedule();
        this.cache.ensure(start - ahead, end + ahead).catch(fail);
      }, fail);
    });
  }

  private readView(): void {
    this.view.top = this.scroller.scrollTop;
  }

  /** Rows [start, end) that should exist now: the viewport plus overscan. */
  private windowRows(): [number, number] {
    const first = Math.floor(this.view.top / this.rowHeight);
    const count = Math.ceil((this.view.height || 800) / this.rowHeight);
    return [Math.max(0, first - OVERSCAN), first + count + OVERSCAN];
  }

  private render(): void {
    const total = this.total;
    if (total !== this.spacerHeight) {
      this.spacerHeight = total;
      this.spacer.style.height = `${total * this.rowHeight}px`;
    }
    this.renderEmpty(total);
    const [start, wantedEnd] = this.windowRows();
    const end = Math.min(wantedEnd, total);
    // Rows that scrolled out are moved to the rows that scrolled in: no DOM insertions while
    // scrolling, only new positions and texts.
    for (const [index, row] of this.shown) {
      if (index < start || index >= end) {
        this.shown.delete(index);
        this.spare.push(row);
      }
    }
    for (let index = start; index < end; index++) this.renderRow(index);
    for (const row of this.spare) if (row.isConnected) row.remove();
  }

  private renderRow(index: number): void {
    let row = this.shown.get(index);
    if (!row) {
      row = this.spare.pop() ?? createRow(this.rowHeight);
      row.dataset.index = String(index);
      row.dataset.key = '';
      row.style.transform = `translateY(${index * this.rowHeight}px)`;
      this.shown.set(index, row);
      if (!row.isConnected) this.spacer.append(row);
    }
    const article = this.cache.get(index);
    const selected = index === this.selectedIndex;
    const key = rowKey(article, selected);
    if (row.dataset.key === key) return;
    row.dataset.key = key;
    fillRow(row, article, selected);
  }

  private renderEmpty(total: number): void {
    const isEmpty = this.cache.total === 0 && total === 0;
    this.empty.hidden = !isEmpty;
    if (isEmpty) replace(this.empty, ...this.emptyMessage);
  }

  private clearRows(): void {
    for (const row of this.shown.values()) {
      row.remove();
      this.spare.push(row);
    }
    this.shown.clear();
  }

  private scrollIntoView(index: number): void {
    this.readView();
    const top = index * this.rowHeight;
    const { top: scrolled, height } = this.view;
    if (top < scrolled) this.scrollTo(top);
    else if (top + this.rowHeight > scrolled + height) this.scrollTo(top + this.rowHeight - height);
  }

  private scrollTo(top: number): void {
    this.scroller.scrollTop = top;
    this.view.top = this.scroller.scrollTop;
  }

  private clicked(event: MouseEvent): void {
    const row = (event.target as Element).closest<HTMLElement>('.row');
    if (!row || row.dataset.index === undefined) return;
    const more = (event.target as Element).closest<HTMLElement>('.row-more');
    const article = this.cache.get(Number(row.dataset.index));
    if (more && article && this.handlers.menu) {
      event.stopPropagation();
      this.handlers.menu(article, more);
      return;
    }
    void this.selectIndex(Number(row.dataset.index));
  }

  private contextMenu(event: MouseEvent): void {
    const row = (event.target as Element).closest<HTMLElement>('.row');
    const article = row?.dataset.index === undefined ? undefined : this.cache.get(Number(row.dataset.index));
    if (!article || !this.handlers.menu) return;
    event.preventDefault();
    this.handlers.menu(article, { x: event.clientX, y: event.clientY });
  }

  /** The density choice: a button in the list's header opening a menu of the three. */
  private addDensityChoice(): void {
    const header = this.scroller.closest('.list-pane')?.querySelector('.list-header');
    if (!header) return;
    const button = h('button', { type: 'button', class: 'tool list-density', 'aria-label': 'List density', 'aria-haspopup': 'menu', title: 'List density: comfortable, compact or titles only' }, '▤');
    button.addEventListener('click', () => openMenu('List density', DENSITIES.map((d) => ({
      label: d.label,
      checked: d.value === this.density,
      run: () => this.setDensity(d.value),
    })), button));
    header.append(button);
  }
}
