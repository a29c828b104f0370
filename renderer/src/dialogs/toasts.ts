// Messages for the user in the corner: errors stay until dismissed (never swallowed), notes
// fade by themselves. The same message twice is shown once with a count. An error shows the
// sentence the engine made of it (ArchiveError.readable, from src/messages), not its technical
// "module: input: …" form; a failure may offer actions ("Try again").

import { h } from '../dom/index.js';

const NOTE_MS = 5000;
/** How long an action can be undone: a delete waits this long before it is carried out. */
export const UNDO_MS = 6000;

export class Toasts {
  private readonly open = new Map<string, { el: HTMLElement; count: number }>();
  private serial = 0;

  constructor(private readonly root: HTMLElement) {}

  error(error: unknown): void {
    this.show('error', messageOf(error));
  }

  /** An error with buttons; one that is clicked runs its action and closes the toast. */
  failure(message: string, actions: readonly ToastAction[]): void {
    this.show('error', message, actions);
  }

  warning(message: string): void {
    this.show('warning', message);
  }

  info(message: string): void {
    this.show('info', message);
  }

  /**
   * A note with Undo. `undo` runs when Undo is clicked; `done` when the toast goes without it
   * (it expired after UNDO_MS or was dismissed). Returns a function that ends it now as `done`.
   */
  undoable(message: string, undo: () => void, done: () => void = () => undefined): () => void {
    let settled = false;
    const settle = (then: () => void) => {
      if (settled) return;
      settled = true;
      window.clearTimeout(timer);
      remove();
      then();
    };
    const remove = this.show('info', message, [{ label: 'Undo', run: () => settle(undo) }], { unique: true, ms: 0, closed: () => settle(done) });
    const timer = window.setTimeout(() => settle(done), UNDO_MS);
    return () => settle(done);
  }

  private show(level: 'error' | 'warning' | 'info', message: string, actions: readonly ToastAction[] = [], options: { unique?: boolean; ms?: number; closed?: () => void } = {}): () => void {
    const key = options.unique ? `${level}:${message}:${++this.serial}` : `${level}:${message}`;
    const existing = this.open.get(key);
    if (existing) {
      existing.count++;
      existing.el.querySelector('.toast-count')!.textContent = `×${existing.count}`;
      return () => undefined;
    }
    const close = h('button', { type: 'button', class: 'toast-close', 'aria-label': 'Dismiss' }, '×');
    const buttons = actions.map((action) => h('button', { type: 'button', class: 'toast-action' }, action.label));
    const el = h('div', { class: `toast toast-${level}`, role: level === 'error' ? 'alert' : 'status' },
      h('span', { class: 'toast-text' }, message), h('span', { class: 'toast-count' }),
      buttons.length ? h('span', { class: 'toast-actions' }, ...buttons) : null, close);
    const remove = () => {
      el.remove();
      this.open.delete(key);
    };
    buttons.forEach((button, i) => button.addEventListener('click', () => {
      remove();
      actions[i]!.run();
    }));
    close.addEventListener('click', () => {
      remove();
      options.closed?.();
    });
    const ms = options.ms ?? (level === 'info' ? NOTE_MS : 0);
    if (ms) window.setTimeout(remove, ms);
    this.open.set(key, { el, count: 1 });
    this.root.append(el);
    return remove;
  }
}

export interface ToastAction {
  label: string;
  run(): void;
}

/** What people read of an error: the engine's sentence when it sent one, else its message. */
export function messageOf(error: unknown): string {
  const readable = (error as { readable?: unknown } | null)?.readable;
  if (typeof readable === 'string' && readable) return readable;
  if (error instanceof Error) return error.message || error.name;
  return typeof error === 'string' ? error : 'Something went wrong (no message given)';
}
