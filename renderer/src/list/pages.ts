// The list's data, paged in as the user scrolls: pages of PAGE_SIZE rows fetched on demand,
// kept while the source stays the same, dropped when it changes.

import type { ArticlePage, ArticleSummary } from '../../../src/api.js';

export type PageLoader = (offset: number, limit: number) => Promise<ArticlePage>;

export const PAGE_SIZE = 200;
/** Pages kept at most; the rest are dropped (far from the viewport), to bound memory. */
const MAX_PAGES = 60;
/** Changes made here kept for answers older than them; beyond this the oldest are forgotten. */
const MAX_CHANGES = 1_000;

export class PageCache {
  /** Rows in the source; null until the first page arrives. */
  private rawTotal: number | null = null;
  /** Articles hidden from the list while their delete waits for its Undo. */
  private readonly hidden = new Set<string>();
  private pages = new Map<number, ArticleSummary[]>();
  private loading = new Map<number, Promise<void>>();
  /** Pages shown until their fresh copy arrives (after `invalidate`). */
  private stale = new Set<number>();
  /** Bumped by `reset`: answers for an older generation are thrown away. */
  private generation = 0;
  /** Pages asked for so far: each answer knows which changes made here it may predate. */
  private asked = 0;
  /**
   * Changes made here (`patch`), with how many pages had been asked for when each was made: an
   * answer to a page asked for before then may predate it and gets it laid over; the first
   * answer asked for after it is the archive's word, and the change is forgotten.
   */
  private readonly changes = new Map<string, { change: Partial<ArticleSummary>; asked: number }>();

  constructor(
    private loader: PageLoader,
    readonly pageSize = PAGE_SIZE,
  ) {}

  /** A new source: forget everything. */
  reset(loader: PageLoader): void {
    this.loader = loader;
    this.rawTotal = null;
    this.generation++;
    this.pages.clear();
    this.loading.clear();
  }

  /** The same source changed (e.g. read state): refetch when asked, keep rows meanwhile. */
  invalidate(): void {
    this.generation++;
    this.loading.clear();
    this.stale = new Set(this.pages.keys());
  }

  /** Rows shown: the source's less the hidden ones; null until the first page arrives. */
  get total(): number | null {
    return this.rawTotal === null ? null : Math.max(0, this.rawTotal - this.hiddenPositions().length);
  }

  get loaderOf(): PageLoader {
    return this.loader;
  }

  get(index: number): ArticleSummary | undefined {
    return this.rawGet(this.toRaw(index));
  }

  /** Leave these articles out of the list (a delete waiting for its Undo), or put them back. */
  hide(ids: readonly string[], hidden: boolean): void {
    for (const id of ids) {
      if (hidden) this.hidden.add(id);
      else this.hidden.delete(id);
    }
  }

  private rawGet(raw: number): ArticleSummary | undefined {
    return this.pages.get(Math.floor(raw / this.pageSize))?.[raw % this.pageSize];
  }

  /** Where the hidden articles are in the source, in order (those loaded). */
  private hiddenPositions(): number[] {
    if (this.hidden.size === 0) return [];
    return [...this.hidden].map((id) => this.rawIndexOf(id)).filter((i) => i >= 0).sort((a, b) => a - b);
  }

  private toRaw(index: number): number {
    let raw = index;
    for (const position of this.hiddenPositions()) if (position <= raw) raw++;
    return raw;
  }

  /**
   * Update one row in place (after an action on it), wherever it is, and over answers to pages
   * asked for before now. A change the archive has not been sent yet (reads go in a batch) is
   * `unsent`: it holds over every answer until `confirm` (or `forget`, when sending failed).
   */
  patch(id: string, change: Partial<ArticleSummary>, state: 'sent' | 'unsent' = 'sent'): void {
    const earlier = this.changes.get(id)?.change;
    this.changes.delete(id); // re-inserted last: the oldest go first when there are too many
    this.changes.set(id, { change: { ...earlier, ...change }, asked: state === 'unsent' ? Infinity : this.asked });
    if (this.changes.size > MAX_CHANGES) this.changes.delete(this.changes.keys().next().value!);
    for (const rows of this.pages.values()) {
      const i = rows.findIndex((r) => r.id === id);
      if (i >= 0) rows[i] = { ...rows[i]!, ...change };
    }
  }

  indexOf(id: string): number {
    if (this.hidden.has(id)) return -1;
    const raw = this.rawIndexOf(id);
    return raw < 0 ? -1 : raw - this.hiddenPositions().filter((p) => p < raw).length;
  }

  private rawIndexOf(id: string): number {
    for (const [page, rows] of this.pages) {
      const i = rows.findIndex((r) => r.id === id);
      if (i >= 0) return page * this.pageSize + i;
    }
    return -1;
  }

  /** Load the pages covering rows [start, end); resolves true when something new arrived. */
  async ensure(start: number, end: number): Promise<boolean> {
    end += this.hidden.size;
    const first = Math.floor(Math.max(0, start) / this.pageSize);
    const last = Math.floor(Math.max(0, end - 1) / this.pageSize);
    const wanted: Promise<void>[] = [];
    for (let page = first; page <= last; page++) {
      if (this.rawTotal !== null && page * this.pageSize >= Math.max(this.rawTotal, 1)) break;
      if (this.pages.has(page) && !this.stale.has(page)) continue;
      wanted.push(this.load(page));
    }
    if (wanted.length === 0) return false;
    await Promise.all(wanted);
    this.evict(first, last);
    return true;
  }

  private load(page: number): Promise<void> {
    const pending = this.loading.get(page);
    if (pending) return pending;
    const generation = this.generation;
    const asked = ++this.asked;
    const promise = this.loader(page * this.pageSize, this.pageSize)
      .then((result) => {
        if (generation !== this.generation) return;
        this.rawTotal = result.total;
        this.pages.set(page, this.withChanges(result.items, asked));
        this.stale.delete(page);
      })
      .finally(() => {
        if (this.loading.get(page) === promise) this.loading.delete(page);
      });
    this.loading.set(page, promise);
    return promise;
  }

  /**
   * The archive now holds an unsent change (a read mark's batch was written): pages asked for
   * until now may still predate it, later ones are its word. Unless the row was changed since.
   */
  confirm(id: string, change: Partial<ArticleSummary>): void {
    const made = this.changes.get(id);
    if (!made) return;
    const current = made.change as Record<string, unknown>;
    if (Object.entries(change).every(([field, value]) => current[field] === value)) made.asked = this.asked;
  }

  /** Sending an unsent change failed: answers are the archive's word again. */
  forget(id: string): void {
    this.changes.delete(id);
  }

  /** An answer's rows with the changes made here since its page was asked for laid over them. */
  private withChanges(items: ArticleSummary[], asked: number): ArticleSummary[] {
    if (this.changes.size === 0) return items;
    return items.map((item) => {
      const made = this.changes.get(item.id);
      if (!made) return item;
      if (made.asked < asked) {
        this.changes.delete(item.id); // asked for after the change: the archive knew
        return item;
      }
      return { ...item, ...made.change };
    });
  }

  private evict(first: number, last: number): void {
    if (this.pages.size <= MAX_PAGES) return;
    const far = [...this.pages.keys()].sort((a, b) => distance(b, first, last) - distance(a, first, last));
    for (const page of far.slice(0, this.pages.size - MAX_PAGES)) this.pages.delete(page);
  }
}

function distance(page: number, first: number, last: number): number {
  return page < first ? first - page : page > last ? page - last : 0;
}
