// The reader pane: a toolbar (star, read, open original, font size, theme), the tag editor, and
// the article itself in a sandboxed iframe (no scripts, no same-origin) fed through srcdoc.

import type { ArticleDetail } from '../../../src/api.js';
import { h } from '../dom/index.js';
import { type AssetLinks, type ReaderLook, readerDocument } from './srcdoc.js';
import { TagEditor } from './tag-editor.js';

export { parseTags } from './tag-editor.js';
export { readerDocument, cleanArticleHtml } from './srcdoc.js';

export interface ReaderActions {
  toggleStar(): void;
  toggleRead(): void;
  openOriginal(): void;
  fontSize(delta: number): void;
  toggleTheme(): void;
  addTags(tags: string[]): void;
  removeTag(tag: string): void;
  /** Fetch and extract the page again (an article whose save or extraction failed). */
  retry?(): void;
}

/** Links may open popups (target=_blank, outside the sandbox); nothing else is allowed. */
const SANDBOX = 'allow-popups allow-popups-to-escape-sandbox';

export class Reader {
  private article: ArticleDetail | null = null;
  private frame: HTMLIFrameElement;
  private readonly empty: HTMLElement;
  private readonly tags: TagEditor;
  private readonly buttons: Record<'star' | 'read' | 'original', HTMLButtonElement>;
  /** Says that the page could not be saved (or its full text fetched), and why, with "Try again". */
  private readonly failed: HTMLElement;
  private readonly retry: (() => void) | null;

  constructor(
    private readonly root: HTMLElement,
    private readonly links: AssetLinks,
    private look: ReaderLook,
    actions: ReaderActions,
  ) {
    this.buttons = {
      star: button('☆', 'Star', 'Star (s)', () => actions.toggleStar(), 'reader-star'),
      read: button('○', 'Mark unread', 'Mark unread (m)', () => actions.toggleRead(), 'reader-read'),
      original: button('↗', 'Original', 'Open the original page in the browser (b)', () => actions.openOriginal(), 'reader-original'),
    };
    this.tags = new TagEditor({ add: (t) => actions.addTags(t), remove: (t) => actions.removeTag(t) });
    const toolbar = h('div', { class: 'reader-toolbar', role: 'toolbar', 'aria-label': 'Article' },
      this.buttons.star, this.buttons.read, this.buttons.original,
      h('span', { class: 'spacer' }),
      button('A−', '', 'Smaller text', () => actions.fontSize(-1), 'font-smaller'),
      button('A+', '', 'Larger text', () => actions.fontSize(1), 'font-larger'),
      button('◐', '', 'Switch between light and dark', () => actions.toggleTheme(), 'theme-toggle'));
    this.frame = newFrame();
    this.failed = h('div', { class: 'reader-failed', role: 'status', hidden: true });
    this.retry = actions.retry ? () => actions.retry!() : null;
    this.empty = h('div', { class: 'empty reader-empty' },
      h('p', { class: 'empty-title' }, 'No article selected'),
      h('p', {}, 'Pick one from the list, or press j and k to move through it. Press ? for every shortcut.'));
    root.append(toolbar, this.tags.root, this.failed, this.frame, this.empty);
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

  clear(): void {
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
    frame.srcdoc = doc;
    this.frame.replaceWith(frame);
    this.frame = frame;
  }

  setTagCompletions(names: string[]): void {
    this.tags.setCompletions(names);
  }

  focusTags(): void {
    if (this.article) this.tags.focus();
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

function button(icon: string, label: string, title: string, onClick: () => void, name: string): HTMLButtonElement {
  const el = h('button', { type: 'button', class: `tool ${name}`, 'data-action': name });
  setButton(el, icon, label, title);
  el.addEventListener('click', onClick);
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
