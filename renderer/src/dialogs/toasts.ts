// Messages for the user in the corner: errors stay until dismissed (never swallowed), notes
// fade by themselves. The same message twice is shown once with a count.

import { h } from '../dom/index.js';

const NOTE_MS = 5000;

export class Toasts {
  private readonly open = new Map<string, { el: HTMLElement; count: number }>();

  constructor(private readonly root: HTMLElement) {}

  error(error: unknown): void {
    this.show('error', messageOf(error));
  }

  warning(message: string): void {
    this.show('warning', message);
  }

  info(message: string): void {
    this.show('info', message);
  }

  private show(level: 'error' | 'warning' | 'info', message: string): void {
    const key = `${level}:${message}`;
    const existing = this.open.get(key);
    if (existing) {
      existing.count++;
      existing.el.querySelector('.toast-count')!.textContent = `×${existing.count}`;
      return;
    }
    const close = h('button', { type: 'button', class: 'toast-close', 'aria-label': 'Dismiss' }, '×');
    const el = h('div', { class: `toast toast-${level}`, role: level === 'error' ? 'alert' : 'status' }, h('span', { class: 'toast-text' }, message), h('span', { class: 'toast-count' }), close);
    const remove = () => {
      el.remove();
      this.open.delete(key);
    };
    close.addEventListener('click', remove);
    if (level === 'info') window.setTimeout(remove, NOTE_MS);
    this.open.set(key, { el, count: 1 });
    this.root.append(el);
  }
}

export function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return typeof error === 'string' ? error : 'Something went wrong (no message given)';
}
