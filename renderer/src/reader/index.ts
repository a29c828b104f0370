// The reader pane: a toolbar (star, read, open original, font size, theme), the tag editor, and
// the article itself in a sandboxed iframe fed through srcdoc. The frame is same-origin (the app
// reads its selection and scroll and draws highlights into it) but may run no script: its
// sandbox has no allow-scripts and its CSP says script-src 'none'. Keys pressed in the article
// are passed on to the app's shortcuts.

import type { ArticleDetail } from '../../../src/api.js';
import type { CommandId } from '../commands/index.js';
import { h } from '../dom/index.js';
import { type HighlightArchive, Highlighter } from './highlights.js';
import { type AssetLinks, type ReaderLook, readerDocument } from './srcdoc.js';
import { TagEditor } from './tag-editor.js';

export { readerDocument, cleanArticleHtml } from './srcdoc.js';

/** The toolbar's buttons name their commands (`data-command`): the app's registry runs them. */
export interface ReaderActions {
  addTags(tags: string[]): void;
  removeTag(tag: string): void;
  /** Fetch and extract the page again (an article whose save or extraction failed). */
  retry?(): void;
  /** Highlights and notes (absent: the reader only reads). */
  highlights?: { archive: HighlightArchive; error(error: unknown): void };
}

/**
 * Same-origin, so that the app can reach into the document; links may open popups
 * (target=_blank, outside the sandbox). No allow-scripts: nothing in the article ever runs.
 */
const SANDBOX = 'allow-same-origin allow-popups allow-popups-to-escape-sandbox';

/** What the rest of the app may hook to the article's frame (reading position, paging, highlights). */
export interface FrameListener {
  /** The open article's document has loaded (each article, each theme or font change). */
  load?(doc: Document, article: ArticleDetail): void;
  /** The article was scrolled; `scroller` is the frame's scrolling element. */
  scroll?(scroller: Element, article: ArticleDetail): void;
  /** A key pressed in the article; return true (or preventDefault) to keep it from the app's shortcuts. */
  key?(event: KeyboardEvent, article: ArticleDetail): boolean | void;
}

export class Reader {
  private article: ArticleDetail | null = null;
  private frame: HTMLIFrameElement;
  private readonly empty: HTMLElement;
  private readonly tags: TagEditor;
  private readonly buttons: Record<'star' | 'read' | 'original', HTMLButtonElement>;
  /** Says that the page could not be saved (or its full text fetched), and why, with "Try again". */
  private readonly failed: HTMLElement;
  private readonly retry: (() => void) | null;
  private readonly listeners = new Set<FrameListener>();
  private readonly highlighter: Highlighter | null;
  /** The toolbar's Note button (the note editor opens beside it). */
  private readonly note: HTMLButtonElement | null;

  constructor(
    private readonly root: HTMLElement,
    private readonly links: AssetLinks,
    private look: ReaderLook,
    actions: ReaderActions,
  ) {
    this.buttons = {
      star: button('☆', 'Star', 'Star (s)', 'toggle-star', 'reader-star'),
      read: button('○', 'Mark unread', 'Mark unread (m)', 'toggle-read', 'reader-read'),
      original: button('↗', 'Original', 'Open the original page in the browser (b)', 'open-original', 'reader-original'),
    };
    this.tags = new TagEditor({ add: (t) => actions.addTags(t), remove: (t) => actions.removeTag(t) });
    const marks = actions.highlights;
    this.highlighter = marks
      ? new Highlighter({ archive: marks.archive, error: (e) => marks.error(e), changed: (id, change) => this.changed(id, change), frame: () => this.frame })
      : null;
    this.note = this.highlighter ? button('✎', 'Note', 'A note on this article (n)', 'article-note', 'reader-note') : null;
    const toolbar = h('div', { class: 'reader-toolbar', role: 'toolbar', 'aria-label': 'Article' },
      this.buttons.star, this.buttons.read, this.buttons.original, this.note ?? '',
      h('span', { class: 'spacer' }),
      button('A−', '', 'Smaller text', 'font-smaller', 'reader-font-smaller'),
      button('A+', '', 'Larger text', 'font-bigger', 'reader-font-bigger'),
      button('◐', '', 'Switch between light and dark', 'theme-next', 'reader-theme'));
    this.frame = newFrame();
    this.failed = h('div', { class: 'reader-failed', role: 'status', hidden: true });
    this.retry = actions.retry ? () => actions.retry!() : null;
    this.empty = h('div', { class: 'empty reader-empty' },
      h('p', { class: 'empty-title' }, 'No article selected'),
      h('p', {}, 'Pick one from the list, or press j and k to move through it. Press ? for every shortcut.'));
    root.append(toolbar, this.tags.root, this.failed, this.frame, this.empty);
    if (this.highlighter) {
      const hl = this.highlighter;
      root.append(hl.popover);
      this.onFrame({ load: (doc, article) => hl.load(doc, article), key: (event) => hl.key(event) });
    }
    this.clear();
  }

  get current(): ArticleDetail | null {
    return this.article;
  }

  show(article: ArticleDetail): void {
    this.article = article;
    this.root.classList.remove('is-empty');
    this.updateState();
    this.load(readerDocument(article, this.links, this.look));
  }

  /** Read/starred/tags changed; the body did not. */
  update(change: Partial<ArticleDetail>): void {
    if (!this.article) return;
    this.article = { ...this.article, ...change };
    this.updateState();
  }

  /** The highlighter changed the open article (its highlights, its note). */
  private changed(id: string, change: Partial<ArticleDetail>): void {
    if (this.article?.id === id) this.article = { ...this.article, ...change };
  }

  clear(): void {
    this.highlighter?.hide();
    this.article = null;
    this.root.classList.add('is-empty');
    this.load('');
  }

  /** A new theme choice or font size rebuilds the frame; a system flip does not need to. */
  setLook(look: ReaderLook): void {
    if (look.theme === this.look.theme && look.fontSize === this.look.fontSize) return;
    this.look = look;
    if (this.article) this.load(readerDocument(this.article, this.links, look));
  }

  /**
   * Each document gets a frame of its own: nothing of one (hostile) article outlives it in the
   * next, and Chromium paints a fresh frame on its first load (a reused frame that was loaded
   * while hidden stayed blank until the next repaint).
   */
  private load(doc: string): void {
    const frame = newFrame();
    frame.addEventListener('load', () => this.attach(frame));
    frame.srcdoc = doc;
    this.frame.replaceWith(frame);
    this.frame = frame;
  }

  /** Listen to the article's frame; answers a function that stops listening. */
  onFrame(listener: FrameListener): () => void {
    this.listeners.add(listener);
    const doc = this.frameDocument();
    if (doc && this.article && doc.readyState === 'complete' && doc.body) listener.load?.(doc, this.article);
    return () => this.listeners.delete(listener);
  }

  /** The open article's document (same-origin, scriptless), or null when none is shown. */
  frameDocument(): Document | null {
    return this.article ? this.frame.contentDocument : null;
  }

  /** The element that scrolls the article (its document's scrollingElement). */
  scroller(): Element | null {
    const doc = this.frameDocument();
    return doc?.scrollingElement ?? doc?.documentElement ?? null;
  }

  private attach(frame: HTMLIFrameElement): void {
    const doc = frame.contentDocument;
    const article = this.article;
    if (!doc || !article || frame !== this.frame) return;
    doc.addEventListener('keydown', (event) => this.frameKey(event, article));
    doc.addEventListener('scroll', () => {
      const scroller = doc.scrollingElement ?? doc.documentElement;
      for (const l of this.listeners) l.scroll?.(scroller, article);
    }, { passive: true });
    for (const l of this.listeners) l.load?.(doc, article);
  }

  /** The reader's own listeners first, then the app's shortcuts (bound on the app's document). */
  private frameKey(event: KeyboardEvent, article: ArticleDetail): void {
    for (const l of this.listeners) {
      if (l.key?.(event, article) === true) event.preventDefault();
      if (event.defaultPrevented) return;
    }
    const copy = new KeyboardEvent('keydown', {
      key: event.key, code: event.code, location: event.location, repeat: event.repeat,
      ctrlKey: event.ctrlKey, metaKey: event.metaKey, altKey: event.altKey, shiftKey: event.shiftKey,
      bubbles: true, cancelable: true, composed: true,
    });
    if (!this.root.dispatchEvent(copy)) event.preventDefault();
  }

  /** Show an article scrolled to one of its highlights (the Highlights view). */
  showHighlight(article: ArticleDetail, highlightId: string): void {
    this.show(article);
    this.highlighter?.revealOnLoad(highlightId);
  }

  setTagCompletions(names: string[]): void {
    this.tags.setCompletions(names);
  }

  focusTags(): void {
    if (this.article) this.tags.focus();
  }

  /** Highlight the text selected in the article; false when nothing is selected. */
  highlightSelection(): boolean {
    return this.article !== null && this.highlighter !== null && this.highlighter.highlightSelection('yellow');
  }

  /** Open the note on the whole article; false when no article is open. */
  editNote(): boolean {
    if (!this.article || !this.highlighter || !this.note) return false;
    this.highlighter.editArticleNote(this.note);
    return true;
  }

  private updateState(): void {
    const a = this.article!;
    setButton(this.buttons.star, a.starred ? '★' : '☆', a.starred ? 'Starred' : 'Star', a.starred ? 'Unstar (s)' : 'Star (s)');
    this.buttons.star.setAttribute('aria-pressed', String(a.starred));
    setButton(this.buttons.read, a.read ? '●' : '○', a.read ? 'Mark unread' : 'Mark read', a.read ? 'Mark unread (m)' : 'Mark read (m)');
    this.buttons.original.disabled = !a.url || !/^https?:/i.test(a.url);
    this.tags.show(a.tags);
    this.showFailure(a);
  }

  private showFailure(a: ArticleDetail): void {
    this.failed.hidden = a.extraction.status !== 'failed';
    if (this.failed.hidden) return this.failed.replaceChildren();
    const what = a.source === 'url' ? 'Not saved' : a.source === 'feed' ? 'The full article could not be fetched' : 'Could not read this file';
    const why = a.extractionMessage ?? a.extraction.reason ?? 'no reason was given.';
    const retry = this.retry;
    const again = retry ? h('button', { type: 'button', class: 'reader-retry', 'data-action': 'retry' }, 'Try again') : null;
    again?.addEventListener('click', () => retry!());
    this.failed.replaceChildren(h('span', { class: 'reader-failed-text' }, h('strong', {}, `${what}: `), why), again ?? '');
  }
}

function button(icon: string, label: string, title: string, command: CommandId, name: string): HTMLButtonElement {
  const el = h('button', { type: 'button', class: `tool ${name}`, 'data-command': command });
  setButton(el, icon, label, title);
  return el;
}

function setButton(el: HTMLButtonElement, icon: string, label: string, title: string): void {
  el.title = title;
  el.setAttribute('aria-label', title);
  el.replaceChildren(h('span', { class: 'tool-icon', 'aria-hidden': 'true' }, icon), label ? h('span', {}, label) : '');
}

function newFrame(): HTMLIFrameElement {
  return h('iframe', { class: 'reader-frame', sandbox: SANDBOX, title: 'Article', referrerpolicy: 'no-referrer' });
}
