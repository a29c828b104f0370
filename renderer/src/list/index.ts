// The article list: virtualized. Fixed row height, only the rows in view (plus overscan) exist
// in the DOM, and data is paged in through PageCache as the user scrolls. Smooth at 50,000 rows.

import type { ArticleSummary } from '../../../src/api.js';
import { h, replace } from '../dom/index.js';
import { type PageLoader, PageCache } from './pages.js';
import { ROW_HEIGHT, createRow, fillRow, rowKey } from './row.js';

export type { PageLoader } from './pages.js';

const OVERSCAN = 8;

export interface ListHandlers {
  /** The selection moved to `article` (by click or keyboard). */
  select(article: ArticleSummary): void;
  error(error: unknown): void;
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

  constructor(
    private readonly scroller: HTMLElement,
    private readonly handlers: ListHandlers,
  ) {
    scroller.append(this.spacer, this.empty);
    scroller.addEventListener('scroll', () => this.schedule(), { passive: true });
    scroller.addEventListener('click', (event) => this.clicked(event));
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

  /** Show another source (a view, a feed, a search); `empty` is said when it has no rows. */
  async show(loader: PageLoader, empty: Node[]): Promise<void> {
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
  patch(id: string, change: Partial<ArticleSummary>): void {
    this.cache.patch(id, change);
    this.render();
  }

  /** Move the selection by `delta` rows and report the newly selected article. */
  async move(delta: number): Promise<void> {
    if (this.total === 0) return;
    const target = Math.min(this.total - 1, Math.max(0, this.selectedIndex < 0 ? 0 : this.selectedIndex + delta));
    await this.selectIndex(target);
  }

  async selectIndex(index: number): Promise<void> {
    this.selectedIndex = index;
    this.scrollIntoView(index);
    let article = this.cache.get(index);
    if (!article) {
      await this.cache.ensure(index, index + 1).catch((error: unknown) => this.handlers.error(error));
      article = this.cache.get(index);
    }
    this.selectedId = article?.id ?? null;
    this.render();
    if (article && this.selectedIndex === index) this.handlers.select(article);
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
    const first = Math.floor(this.view.top / ROW_HEIGHT);
    const count = Math.ceil((this.view.height || 800) / ROW_HEIGHT);
    return [Math.max(0, first - OVERSCAN), first + count + OVERSCAN];
  }

  private render(): void {
    const total = this.total;
    if (total !== this.spacerHeight) {
      this.spacerHeight = total;
      this.spacer.style.height = `${total * ROW_HEIGHT}px`;
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
      row = this.spare.pop() ?? createRow();
      row.dataset.index = String(index);
      row.dataset.key = '';
      row.style.transform = `translateY(${index * ROW_HEIGHT}px)`;
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
    const top = index * ROW_HEIGHT;
    const { top: scrolled, height } = this.view;
    if (top < scrolled) this.scrollTo(top);
    else if (top + ROW_HEIGHT > scrolled + height) this.scrollTo(top + ROW_HEIGHT - height);
  }

  private scrollTo(top: number): void {
    this.scroller.scrollTop = top;
    this.view.top = this.scroller.scrollTop;
  }

  private clicked(event: MouseEvent): void {
    const row = (event.target as Element).closest<HTMLElement>('.row');
    if (!row || row.dataset.index === undefined) return;
    void this.selectIndex(Number(row.dataset.index));
  }
}
