// The tag editor under the reader's toolbar: the article's tags as chips (× removes one) and a
// field that adds tags, with completion from the archive's tags (a <datalist>).

import { h, replace } from '../dom/index.js';
import { parseTags } from '../tags/index.js';

export interface TagEditorHandlers {
  add(tags: string[]): void;
  remove(tag: string): void;
}

export class TagEditor {
  readonly root: HTMLElement;
  private readonly chips = h('span', { class: 'tag-chips' });
  private readonly input: HTMLInputElement;
  private readonly options = h('datalist', { id: 'tag-completions' });

  constructor(private readonly handlers: TagEditorHandlers) {
    this.input = h('input', { type: 'text', class: 'tag-input', placeholder: 'Add tag…', list: 'tag-completions', 'aria-label': 'Add a tag', autocomplete: 'off', spellcheck: 'false' });
    this.root = h('div', { class: 'tag-editor' }, this.chips, this.input, this.options);
    this.input.addEventListener('keydown', (event) => this.keydown(event));
    this.input.addEventListener('change', () => {
      // A pick from the completion list arrives as a change without Enter.
      if (this.options.querySelector(`option[value="${CSS.escape(this.input.value)}"]`)) this.commit();
    });
  }

  show(tags: string[]): void {
    replace(this.chips, ...tags.map((tag) => h('span', { class: 'chip' }, tag, this.removeButton(tag))));
  }

  setCompletions(names: string[]): void {
    replace(this.options, ...names.map((name) => h('option', { value: name })));
  }

  focus(): void {
    this.input.focus();
  }

  private removeButton(tag: string): HTMLElement {
    const button = h('button', { type: 'button', class: 'chip-remove', title: `Remove tag ${tag}`, 'aria-label': `Remove tag ${tag}` }, '×');
    button.addEventListener('click', () => this.handlers.remove(tag));
    return button;
  }

  private keydown(event: KeyboardEvent): void {
    if (event.key === 'Enter' || event.key === ',') {
      event.preventDefault();
      this.commit();
    } else if (event.key === 'Escape') {
      this.input.value = '';
      this.input.blur();
    }
  }

  private commit(): void {
    const tags = parseTags(this.input.value);
    this.input.value = '';
    if (tags.length) this.handlers.add(tags);
  }
}
