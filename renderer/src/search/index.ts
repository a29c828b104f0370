// The search box: runs a query as the user types (after a short pause) or presses Enter, Escape
// leaves the search, and a ? button opens the list of operators. While the user types, the last
// word is also matched as a prefix (typing: true); Enter or a trailing space means whole words.

import { h, replace, required } from '../dom/index.js';
import { OPERATORS } from './operators.js';

export interface SearchHandlers {
  /** `typing`: the user is still typing the last word (search as you type). */
  search(query: string, typing: boolean): void;
  /** The box was emptied: go back to where the user was. */
  leave(): void;
  save(query: string): void;
}

const TYPING_PAUSE_MS = 300;

export class SearchBox {
  private readonly input: HTMLInputElement;
  private readonly help: HTMLElement;
  private readonly saveButton: HTMLButtonElement;
  private timer = 0;
  private last = '';
  private lastTyping = false;

  constructor(root: HTMLElement, handlers: SearchHandlers) {
    this.input = required<HTMLInputElement>(root, 'input[type=search]');
    this.help = required(root, '.search-help');
    const helpButton = required<HTMLButtonElement>(root, '.search-help-button');
    const saveButton = required<HTMLButtonElement>(root, '.search-save');
    this.saveButton = saveButton;
    replace(this.help,
      h('h2', {}, 'Search operators'),
      h('dl', {}, ...OPERATORS.flatMap((o) => [h('dt', {}, h('code', {}, o.example)), h('dd', {}, o.meaning)])),
      h('p', { class: 'side-hint' }, 'Combine them freely: tag:ai is:unread "open source" -crypto'));
    const run = (typing: boolean) => {
      const query = this.input.value.trim();
      if (query === this.last && typing === this.lastTyping) return;
      if (query) handlers.search(query, typing);
      else handlers.leave();
      // After the handler, which may show the query again (set) as one not being typed.
      this.last = query;
      this.lastTyping = typing;
    };
    this.input.addEventListener('input', () => {
      saveButton.hidden = !this.input.value.trim();
      clearTimeout(this.timer);
      this.timer = window.setTimeout(() => run(!/\s$/.test(this.input.value)), TYPING_PAUSE_MS);
    });
    this.input.addEventListener('keydown', (event) => {
      if (event.key === 'Enter') {
        clearTimeout(this.timer);
        run(false);
      } else if (event.key === 'Escape') {
        event.stopPropagation();
        this.clear();
        handlers.leave();
        this.input.blur();
      }
    });
    helpButton.addEventListener('click', () => this.toggleHelp());
    saveButton.addEventListener('click', () => {
      const query = this.input.value.trim();
      if (query) handlers.save(query);
    });
  }

  focus(): void {
    this.input.focus();
    this.input.select();
  }

  /** Show a query chosen elsewhere (a saved search) without running it again. */
  set(query: string): void {
    this.input.value = query;
    this.last = query;
    this.lastTyping = false;
    this.saveButton.hidden = !query;
  }

  clear(): void {
    this.set('');
  }

  toggleHelp(open = this.help.hidden): void {
    this.help.hidden = !open;
  }

  get helpOpen(): boolean {
    return !this.help.hidden;
  }
}
