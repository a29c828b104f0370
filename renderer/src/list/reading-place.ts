// Your place in an article: how far it was scrolled is saved (a fraction, a second after the
// scrolling stops and when the article is left) and restored when it is opened again, with a thin
// bar at the top of the reader showing it. Space pages down the article and at its end opens the
// next unread one; Shift+Space pages up and at the top goes to the article before. Hooked to the
// reader's scriptless, same-origin frame through Reader.onFrame; nothing of the article runs.

import type { ArticleDetail } from '../../../src/api.js';
import { h } from '../dom/index.js';
import type { FrameListener } from '../reader/index.js';

export const SAVE_PAUSE_MS = 1000;
/** Fractions this close to the ends count as the top and the end. */
const EDGE_PX = 4;

export interface ReadingPlaceHost {
  onFrame(listener: FrameListener): () => void;
  /** The open article's scrolling element, or null. */
  scroller(): Element | null;
  current(): ArticleDetail | null;
  save(id: string, progress: number): Promise<void>;
  /** The saved progress changed (for the list's "42%"). */
  saved(id: string, progress: number): void;
  nextUnread(): Promise<void>;
  previous(): Promise<void>;
  error(error: unknown): void;
}

/** The fraction of the article above the viewport, or null when it all fits in the window. */
export function scrollFraction(el: Pick<Element, 'scrollTop' | 'scrollHeight' | 'clientHeight'>): number | null {
  const room = el.scrollHeight - el.clientHeight;
  if (room <= EDGE_PX) return null;
  return Math.min(1, Math.max(0, el.scrollTop / room));
}

export class ReadingPlace {
  readonly bar = h('div', { class: 'reading-bar', role: 'progressbar', 'aria-label': 'Read so far', 'aria-valuemin': '0', 'aria-valuemax': '100', 'aria-valuenow': '0' }, h('div', { class: 'reading-bar-fill' }));
  private pending: { id: string; progress: number } | null = null;
  private timer = 0;
  /** Space is opening another article. */
  private moving = false;
  /** The progress known for each article this session (the article objects are not refetched). */
  private readonly known = new Map<string, number>();

  constructor(private readonly host: ReadingPlaceHost) {
    host.onFrame({
      load: (frameDoc, article) => this.loaded(frameDoc, article),
      scroll: (scroller, article) => this.scrolled(scroller, article),
    });
    const flush = () => void this.flush();
    window.addEventListener('pagehide', flush);
    window.addEventListener('beforeunload', flush);
  }

  private loaded(frameDoc: Document, article: ArticleDetail): void {
    void this.flush();
    const frame = frameDoc.defaultView?.frameElement;
    if (frame && frame.previousElementSibling !== this.bar) frame.before(this.bar);
    const progress = this.known.get(article.id) ?? article.progress ?? 0;
    this.known.set(article.id, progress);
    const el = frameDoc.scrollingElement ?? frameDoc.documentElement;
    if (progress > 0 && progress < 1) el.scrollTop = progress * (el.scrollHeight - el.clientHeight);
    this.show(scrollFraction(el) ?? 0);
  }

  private scrolled(el: Element, article: ArticleDetail): void {
    const fraction = scrollFraction(el);
    this.show(fraction ?? 0);
    if (fraction === null) return;
    const progress = Math.round(fraction * 1000) / 1000;
    // Restoring the place scrolls too: nothing new to save then.
    if (this.known.get(article.id) === progress) return;
    this.pending = { id: article.id, progress };
    this.known.set(article.id, progress);
    window.clearTimeout(this.timer);
    this.timer = window.setTimeout(() => void this.flush(), SAVE_PAUSE_MS);
  }

  /** Send the position waiting to be saved. */
  async flush(): Promise<void> {
    window.clearTimeout(this.timer);
    const pending = this.pending;
    this.pending = null;
    if (!pending) return;
    try {
      await this.host.save(pending.id, pending.progress);
      this.host.saved(pending.id, pending.progress);
    } catch (error) {
      this.host.error(error);
    }
  }

  private show(fraction: number): void {
    (this.bar.firstElementChild as HTMLElement).style.width = `${(fraction * 100).toFixed(2)}%`;
    this.bar.setAttribute('aria-valuenow', String(Math.round(fraction * 100)));
  }

  /**
   * Space (down) and Shift+Space (up), the commands page-down and page-up: a page of the
   * article, or the next unread / previous article at an end. False when no article is open.
   */
  page(direction: 1 | -1): boolean {
    // One article at a time: a held key does not run through the list.
    if (this.moving) return true;
    const el = this.host.current() ? this.host.scroller() : null;
    if (!el) return false;
    const page = Math.max(40, el.clientHeight * 0.9);
    const run = (go: () => Promise<void>) => {
      this.moving = true;
      void go().catch((error: unknown) => this.host.error(error)).finally(() => (this.moving = false));
    };
    if (direction < 0) {
      if (el.scrollTop <= EDGE_PX) run(() => this.host.previous());
      else el.scrollTop = Math.max(0, el.scrollTop - page);
    } else if (el.scrollTop + el.clientHeight >= el.scrollHeight - EDGE_PX) {
      run(() => this.host.nextUnread());
    } else {
      el.scrollTop = el.scrollTop + page;
    }
    return true;
  }
}
