// The search box: runs a query as the user types (after a short pause) or presses Enter, Escape
// leaves the search, and a ? button opens the list of operators. While the user types, the last
// word is also matched as a prefix (typing: true); Enter or a trailing space means whole words.
// Enter also hands the focus to the results. After `tag:` the box suggests the library's tags,
// narrowed as the tag is typed (arrows and Enter, or a click, choose one).

import { h, replace, required } from '../dom/index.js';
import { OPERATORS } from './operators.js';

export interface SearchHandlers {
  /** `typing`: the user is still typing the last word (search as you type). */
  search(query: string, typing: boolean): void;
  /** The box was emptied: go back to where the user was. */
  leave(): void;
  save(query: string): void;
  /** Enter was pressed on a query: the focus may go to its results. */
  submitted?(): void;
}

/** The `tag:` (or `-tag:`) being typed at the end of the box, and what follows it so far. */
export function typedTag(value: string): { start: number; prefix: string } | null {
  const match = /(?:^|\s)-?tag:([^\s"]*)$/i.exec(value);
  if (!match) return null;
  return { start: value.length - match[1]!.length, prefix: match[1]! };
}

/** The tags to suggest for a prefix: those starting with it, then those containing it. */
export function suggestTags(tags: readonly string[], prefix: string, limit = 8): string[] {
  const p = prefix.toLowerCase();
  const starts = tags.filter((t) => t.toLowerCase().startsWith(p));
  const contains = tags.filter((t) => !t.toLowerCase().startsWith(p) && t.toLowerCase().includes(p));
  return [...starts.sort(), ...contains.sort()].slice(0, limit);
}

const TYPING_PAUSE_MS = 300;

export class SearchBox {
  private readonly input: HTMLInputElement;
  private readonly help: HTMLElement;
  private readonly saveButton: HTMLButtonElement;
  private timer = 0;
  private last = '';
  private lastTyping = false;
  private readonly suggestions: HTMLElement;
  private suggested: string[] = [];
  private active = -1;
  /** The library's tags (the sidebar's list, which follows the archive's events), for `tag:`. */
  private tagNames: readonly string[] = [];

  constructor(root: HTMLElement, handlers: SearchHandlers) {
    this.input = required<HTMLInputElement>(root, 'input[type=search]');
    this.help = required(root, '.search-help');
    const helpButton = required<HTMLButtonElement>(root, '.search-help-button');
    const saveButton = required<HTMLButtonElement>(root, '.search-save');
    this.saveButton = saveButton;
    this.suggestions = h('div', { class: 'search-suggestions', role: 'listbox', id: 'search-suggestions', 'aria-label': 'Tags', hidden: true });
    root.append(this.suggestions);
    this.input.setAttribute('aria-controls', 'search-suggestions');
    this.input.setAttribute('aria-autocomplete', 'list');
    this.input.setAttribute('aria-expanded', 'false');
    // mousedown, not click: the box keeps the focus.
    this.suggestions.addEventListener('mousedown', (event) => {
      const option = (event.target as Element).closest<HTMLElement>('[role="option"]');
      if (!option) return;
      event.preventDefault();
      this.choose(option.textContent ?? '', run);
    });
    this.input.addEventListener('blur', () => this.closeSuggestions());
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
      this.suggest();
    });
    this.input.addEventListener('keydown', (event) => {
      const open = !this.suggestions.hidden;
      if (open && (event.key === 'ArrowDown' || event.key === 'ArrowUp')) {
        event.preventDefault();
        const n = this.suggested.length;
        this.activate(event.key === 'ArrowDown' ? (this.active + 1) % n : (this.active - 1 + n) % n);
      } else if (open && (event.key === 'Enter' || event.key === 'Tab') && this.active >= 0) {
        event.preventDefault();
        this.choose(this.suggested[this.active]!, run);
      } else if (open && event.key === 'Escape') {
        event.stopPropagation();
        this.closeSuggestions();
      } else if (event.key === 'Enter') {
        clearTimeout(this.timer);
        this.closeSuggestions();
        const query = this.input.value.trim();
        run(false);
        if (query) handlers.submitted?.();
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

  /** Suggest tags when the box ends with `tag:` and part of a tag. */
  private suggest(): void {
    const typed = typedTag(this.input.value);
    if (!typed) return this.closeSuggestions();
    this.suggested = suggestTags(this.tagNames, typed.prefix);
    if (this.suggested.length === 0 || (this.suggested.length === 1 && this.suggested[0] === typed.prefix)) return this.closeSuggestions();
    this.active = -1;
    replace(this.suggestions, ...this.suggested.map((name, i) => h('div', { class: 'search-suggestion', role: 'option', id: `search-suggestion-${i}`, 'aria-selected': 'false' }, name)));
    this.suggestions.hidden = false;
    this.input.setAttribute('aria-expanded', 'true');
  }

  private activate(index: number): void {
    this.active = index;
    this.suggestions.querySelectorAll('[role="option"]').forEach((el, i) => el.setAttribute('aria-selected', String(i === index)));
    this.input.setAttribute('aria-activedescendant', `search-suggestion-${index}`);
  }

  /** Put the chosen tag in the box (with a space: the word is whole) and search. */
  private choose(name: string, run: (typing: boolean) => void): void {
    const typed = typedTag(this.input.value);
    if (!typed) return;
    this.input.value = `${this.input.value.slice(0, typed.start)}${name} `;
    this.closeSuggestions();
    clearTimeout(this.timer);
    this.saveButton.hidden = false;
    run(false);
  }

  private closeSuggestions(): void {
    this.suggestions.hidden = true;
    this.suggested = [];
    this.active = -1;
    this.input.setAttribute('aria-expanded', 'false');
    this.input.removeAttribute('aria-activedescendant');
  }

  /** The library's tags changed (read once with the sidebar's, again after the archive's events). */
  setTags(names: readonly string[]): void {
    this.tagNames = names;
  }

  focus(): void {
    this.input.focus();
    this.input.select();
  }

  /** Show a query chosen elsewhere (a saved search) without running it again. */
  set(query: string): void {
    // The box keeps what was typed around the same query (a trailing space after a chosen tag).
    if (this.input.value.trim() !== query) this.input.value = query;
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
