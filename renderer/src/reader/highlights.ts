// Highlights and notes in the reader: select text in the article and press h (or pick a colour
// in the popover shown by the selection); click a highlight to change its colour, edit its note
// or remove it; the toolbar's Note button edits the note on the whole article, shown at the top
// of the article. The frame is same-origin and scriptless: this code (the app's) reads its
// selection and draws <mark>s into it; article text only ever goes in as text.

import type { ArchiveApi, ArticleDetail, Highlight, HighlightColor } from '../../../src/api.js';
import { h } from '../dom/index.js';
import { COLORS, HIGHLIGHT_COLORS, setSwatch } from './colors.js';
import './highlights.css';
import { MARK_CLASS, drawHighlights, frameText, quoteOf, rangeSpan } from './highlight-text.js';

export { COLORS } from './colors.js';

export type HighlightArchive = Pick<ArchiveApi, 'addHighlight' | 'updateHighlight' | 'removeHighlight' | 'setArticleNote'>;

export interface HighlightHost {
  archive: HighlightArchive;
  error(error: unknown): void;
  /** The article changed here (highlights, note): the reader keeps it. */
  changed(id: string, change: Partial<ArticleDetail>): void;
  /** The frame element now showing the article (for placing the popover). */
  frame(): HTMLIFrameElement;
}

type Pending = { kind: 'new'; quote: ReturnType<typeof quoteOf> } | { kind: 'edit'; highlight: Highlight };

export class Highlighter {
  readonly popover: HTMLElement;
  private doc: Document | null = null;
  private article: ArticleDetail | null = null;
  private pending: Pending | null = null;
  /** A highlight to scroll to once its article is drawn (the Highlights view). */
  private revealing: string | null = null;

  constructor(private readonly host: HighlightHost) {
    this.popover = h('div', { class: 'hl-popover', role: 'dialog', 'aria-label': 'Highlight', hidden: true });
    this.popover.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') {
        e.stopPropagation();
        this.hide();
      }
    });
  }

  /** The article's document loaded: draw its highlights and its note, and listen to it. */
  load(doc: Document, article: ArticleDetail): void {
    this.doc = doc;
    this.article = article;
    this.hide();
    this.draw();
    this.showNote();
    if (this.revealing) this.reveal(this.revealing);
    doc.addEventListener('mouseup', () => setTimeout(() => this.selectionChanged(), 0));
    doc.addEventListener('click', (e) => {
      const mark = (e.target as Element | null)?.closest?.(`mark.${MARK_CLASS}`) as HTMLElement | null;
      if (mark && doc.getSelection()?.isCollapsed !== false) this.editMark(mark);
    });
    doc.addEventListener('scroll', () => this.hide(), { passive: true });
  }

  /** A key pressed in the article: Escape closes the popover (h is the app's command `highlight`). */
  key(event: KeyboardEvent): boolean {
    if (event.ctrlKey || event.metaKey || event.altKey) return false;
    if (event.key === 'Escape' && !this.popover.hidden) {
      this.hide();
      return true;
    }
    return false;
  }

  /** Highlight what is selected in the article; false when nothing is. */
  highlightSelection(color: HighlightColor, note?: string): boolean {
    const quote = this.selectedQuote();
    if (!quote) return false;
    void this.add(quote, color, note);
    return true;
  }

  /** The article note: update the frame's copy (shown at the top of the article). */
  showNote(): void {
    const doc = this.doc;
    const body = doc?.querySelector('.article-body');
    if (!doc || !body) return;
    doc.querySelector('.article-note')?.remove();
    const note = this.article?.note;
    if (!note) return;
    const aside = doc.createElement('aside');
    aside.className = 'article-note';
    const label = doc.createElement('strong');
    label.textContent = 'Note';
    const text = doc.createElement('p');
    text.textContent = note;
    aside.append(label, text);
    body.before(aside);
  }

  /** The Note button of the toolbar: edit the note on the whole article. */
  editArticleNote(anchor: HTMLElement): void {
    const article = this.article;
    if (!article) return;
    this.noteEditor(article.note ?? '', 'Note on this article', async (text) => {
      try {
        await this.host.archive.setArticleNote(article.id, text || null);
        this.setArticle({ note: text.trim() || undefined });
        this.showNote();
      } catch (error) {
        this.host.error(error);
      }
    });
    const box = anchor.getBoundingClientRect();
    this.place(box.left, box.bottom + 6);
  }

  /** Scroll to a highlight once the article's next document has loaded. */
  revealOnLoad(highlightId: string): void {
    this.revealing = highlightId;
  }

  /** Scroll the article to a highlight. */
  reveal(highlightId: string): void {
    const mark = this.doc?.querySelector(`mark.${MARK_CLASS}[data-ids~="${CSS.escape(highlightId)}"]`);
    this.revealing = mark ? null : highlightId;
    mark?.scrollIntoView({ block: 'center' });
  }

  hide(): void {
    this.popover.hidden = true;
    this.popover.replaceChildren();
    this.pending = null;
  }

  private setArticle(change: Partial<ArticleDetail>): void {
    if (!this.article) return;
    this.article = { ...this.article, ...change };
    this.host.changed(this.article.id, change);
  }

  private draw(): void {
    const body = this.doc?.querySelector('.article-body');
    if (body) drawHighlights(body, this.article?.highlights ?? []);
  }

  private selectedQuote(): ReturnType<typeof quoteOf> | null {
    const body = this.doc?.querySelector('.article-body');
    const selection = this.doc?.getSelection();
    if (!body || !selection || selection.isCollapsed || selection.rangeCount === 0) return null;
    const range = selection.getRangeAt(0);
    if (!body.contains(range.commonAncestorContainer) && !range.intersectsNode(body)) return null;
    const ft = frameText(body);
    const span = rangeSpan(ft, range);
    return span ? quoteOf(ft, span) : null;
  }

  private selectionChanged(): void {
    const quote = this.selectedQuote();
    if (!quote) {
      if (this.pending?.kind === 'new') this.hide();
      return;
    }
    const rect = this.doc!.getSelection()!.getRangeAt(0).getBoundingClientRect();
    this.pending = { kind: 'new', quote };
    this.popover.replaceChildren(
      h('span', { class: 'hl-label' }, 'Highlight'),
      ...COLORS.map((color) => this.dot(color, false, () => void this.add(quote, color))),
      this.textButton('Note', 'hl-add-note', () => this.noteEditor('', 'Note on this passage', (text) => this.add(quote, COLORS[0]!, text))),
    );
    this.show(rect);
  }

  private editMark(mark: HTMLElement): void {
    const highlight = this.article?.highlights?.find((x) => x.id === mark.dataset.id);
    if (!highlight) return;
    this.pending = { kind: 'edit', highlight };
    this.popover.replaceChildren(
      ...COLORS.map((color) => this.dot(color, color === highlight.color, () => void this.update(highlight, { color }))),
      this.textButton(highlight.note ? 'Edit note' : 'Note', 'hl-note', () => this.noteEditor(highlight.note ?? '', 'Note on this passage', (text) => this.update(highlight, { note: text || null }))),
      this.textButton('Remove', 'hl-remove', () => void this.remove(highlight)),
      highlight.note ? h('p', { class: 'hl-note-text' }, highlight.note) : '',
    );
    this.show(mark.getBoundingClientRect());
  }

  private noteEditor(value: string, label: string, save: (text: string) => Promise<void>): void {
    const area = h('textarea', { class: 'hl-note-input', rows: '4', 'aria-label': label, placeholder: label }) as HTMLTextAreaElement;
    area.value = value;
    const submit = () => {
      const text = area.value.trim();
      this.hide();
      void save(text);
    };
    area.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && (e.metaKey || e.ctrlKey)) submit();
    });
    this.popover.replaceChildren(
      h('label', { class: 'hl-note-label' }, label),
      area,
      h('div', { class: 'hl-note-actions' },
        this.textButton('Cancel', 'hl-note-cancel', () => this.hide()),
        this.textButton('Save', 'hl-note-save', submit)),
    );
    this.popover.hidden = false;
    area.focus();
  }

  private async add(quote: ReturnType<typeof quoteOf>, color: HighlightColor, note?: string): Promise<void> {
    const article = this.article;
    if (!article) return;
    this.hide();
    try {
      const made = await this.host.archive.addHighlight(article.id, { ...quote, color, ...(note ? { note } : {}) });
      if (this.article?.id !== article.id) return;
      this.doc?.getSelection()?.removeAllRanges();
      const rest = (this.article.highlights ?? []).filter((x) => x.id !== made.id);
      this.setArticle({ highlights: [...rest, made] });
      this.draw();
    } catch (error) {
      this.host.error(error);
    }
  }

  private async update(highlight: Highlight, patch: { color?: HighlightColor; note?: string | null }): Promise<void> {
    const article = this.article;
    if (!article) return;
    this.hide();
    try {
      const fresh = await this.host.archive.updateHighlight(article.id, highlight.id, patch);
      if (this.article?.id !== article.id) return;
      this.setArticle({ highlights: (this.article.highlights ?? []).map((x) => (x.id === fresh.id ? fresh : x)) });
      this.draw();
    } catch (error) {
      this.host.error(error);
    }
  }

  private async remove(highlight: Highlight): Promise<void> {
    const article = this.article;
    if (!article) return;
    this.hide();
    try {
      await this.host.archive.removeHighlight(article.id, highlight.id);
      if (this.article?.id !== article.id) return;
      this.setArticle({ highlights: (this.article.highlights ?? []).filter((x) => x.id !== highlight.id) });
      this.draw();
    } catch (error) {
      this.host.error(error);
    }
  }

  private dot(color: HighlightColor, current: boolean, onClick: () => void): HTMLButtonElement {
    const name = HIGHLIGHT_COLORS[color].label;
    const el = h('button', { type: 'button', class: 'hl-dot', 'data-color': color, title: name, 'aria-label': name, 'aria-pressed': String(current) });
    setSwatch(el, color);
    el.addEventListener('mousedown', (e) => e.preventDefault());
    el.addEventListener('click', onClick);
    return el;
  }

  private textButton(text: string, name: string, onClick: () => void): HTMLButtonElement {
    const el = h('button', { type: 'button', class: `hl-button ${name}`, 'data-action': name }, text);
    el.addEventListener('mousedown', (e) => e.preventDefault());
    el.addEventListener('click', onClick);
    return el;
  }

  /** Below (or above) a rectangle of the frame's document. */
  private show(rect: DOMRect): void {
    const frame = this.host.frame().getBoundingClientRect();
    this.popover.hidden = false;
    const height = this.popover.offsetHeight || 40;
    const below = frame.top + rect.bottom + 8;
    const top = below + height > window.innerHeight ? frame.top + rect.top - height - 8 : below;
    this.place(frame.left + rect.left, top);
  }

  private place(left: number, top: number): void {
    this.popover.hidden = false;
    const width = this.popover.offsetWidth || 260;
    this.popover.style.left = `${Math.max(8, Math.min(left, window.innerWidth - width - 8))}px`;
    this.popover.style.top = `${Math.max(8, top)}px`;
  }
}
