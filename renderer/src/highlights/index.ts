// The Highlights view (issue 16): every highlight of the archive, newest first, with its quote,
// note, colour and its article's title and source; a search box narrows it (the query language:
// the articles it selects); clicking one opens its article scrolled to it. Shown over the list
// pane; going anywhere else in the sidebar closes it. Quotes and notes go in as text only. It
// follows the archive's 'highlights' events while open.

import type { ArchiveApi, ArchiveEvent, HighlightEntry } from '../../../src/api.js';
import { h } from '../dom/index.js';
import { hostOf } from '../list/row.js';
import { setSwatch } from '../reader/colors.js';
import './highlights.css';

export interface HighlightsHost {
  /** With onEvent (the app's client), the open view follows highlights made and removed anywhere. */
  archive: Pick<ArchiveApi, 'listHighlights'> & { onEvent?(listener: (event: ArchiveEvent) => void): () => void };
  /** Open the article and scroll it to the highlight. */
  open(articleId: string, highlightId: string): void;
  error(error: unknown): void;
}

const PAGE = 200;

export class HighlightsView {
  readonly root: HTMLElement;
  private readonly items: HTMLElement;
  private readonly count: HTMLElement;
  private readonly input: HTMLInputElement;
  private asked = 0;

  constructor(private readonly host: HighlightsHost) {
    this.input = h('input', { type: 'search', class: 'highlights-search', placeholder: 'Filter highlights (words, tag:, feed:…)', 'aria-label': 'Filter highlights', autocomplete: 'off', spellcheck: 'false' }) as HTMLInputElement;
    let timer: ReturnType<typeof setTimeout> | undefined;
    this.input.addEventListener('input', () => {
      clearTimeout(timer);
      timer = setTimeout(() => void this.load(), 200);
    });
    this.input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') {
        clearTimeout(timer);
        void this.load();
      }
    });
    this.count = h('span', { class: 'highlights-count' });
    this.items = h('ol', { class: 'highlights-items', 'aria-label': 'Highlights' });
    this.root = h('section', { class: 'highlights-view', 'aria-label': 'Highlights', hidden: true },
      h('div', { class: 'highlights-header' }, h('h2', { class: 'highlights-title' }, 'Highlights'), this.count),
      this.input, this.items);
    // A highlight or note added, changed or removed (in the reader, another window, the command
    // line): the open view asks again; a closed one asks when it is opened.
    host.archive.onEvent?.((event) => {
      if (event.type === 'highlights') this.refresh();
    });
  }

  get isOpen(): boolean {
    return !this.root.hidden;
  }

  open(): void {
    this.root.hidden = false;
    void this.load();
  }

  close(): void {
    this.root.hidden = true;
  }

  /** Ask again (a highlight was made, changed or removed elsewhere). */
  refresh(): void {
    if (this.isOpen) void this.load();
  }

  private async load(): Promise<void> {
    const asked = ++this.asked;
    const query = this.input.value.trim();
    try {
      const page = await this.host.archive.listHighlights({ ...(query ? { query } : {}), limit: PAGE });
      if (asked !== this.asked) return;
      this.count.textContent = String(page.total);
      this.items.replaceChildren(...page.items.map((entry) => this.item(entry)));
      if (page.items.length === 0) {
        this.items.append(h('li', { class: 'highlights-empty' }, query ? 'No highlight in the articles this search finds.' : 'No highlights yet. Select text in an article and press h.'));
      }
    } catch (error) {
      if (asked === this.asked) this.host.error(error);
    }
  }

  private item(entry: HighlightEntry): HTMLElement {
    const { article, highlight } = entry;
    const source = [article.feedTitle ?? hostOf(article.url), new Date(highlight.createdAt).toLocaleDateString()].filter(Boolean).join(' · ');
    const el = h('li', { class: 'highlight-item', 'data-color': highlight.color, 'data-id': highlight.id, 'data-article': article.id, tabindex: '0', role: 'button' },
      h('blockquote', { class: 'highlight-quote' }, highlight.quote.exact),
      highlight.note ? h('p', { class: 'highlight-note' }, highlight.note) : '',
      h('p', { class: 'highlight-article' }, h('span', { class: 'highlight-article-title' }, article.title || 'Untitled'), h('span', { class: 'highlight-source' }, source)));
    setSwatch(el, highlight.color);
    const open = () => this.host.open(article.id, highlight.id);
    el.addEventListener('click', open);
    el.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') {
        e.preventDefault();
        e.stopPropagation();
        open();
      }
    });
    return el;
  }
}

