// Keyboard shortcuts: one table from key to command, and the rule that keys typed into a field
// are the field's.

export type Command =
  | 'next' | 'previous' | 'open' | 'openOriginal' | 'toggleRead' | 'toggleStar'
  | 'tag' | 'search' | 'refresh' | 'settings' | 'shortcuts' | 'escape'
  | 'markAllRead';

export const SHORTCUTS: { keys: string[]; command: Command; label: string }[] = [
  { keys: ['j'], command: 'next', label: 'Next article' },
  { keys: ['k'], command: 'previous', label: 'Previous article' },
  { keys: ['o', 'Enter'], command: 'open', label: 'Open the selected article' },
  { keys: ['b'], command: 'openOriginal', label: 'Open the original page in the browser' },
  { keys: ['m'], command: 'toggleRead', label: 'Mark read / unread' },
  { keys: ['s'], command: 'toggleStar', label: 'Star / unstar' },
  { keys: ['A'], command: 'markAllRead', label: 'Mark all of the list read (Shift+A)' },
  { keys: ['t'], command: 'tag', label: 'Tag the article' },
  { keys: ['/'], command: 'search', label: 'Search' },
  { keys: ['r'], command: 'refresh', label: 'Refresh all feeds' },
  { keys: [','], command: 'settings', label: 'Settings' },
  { keys: ['?'], command: 'shortcuts', label: 'This list of shortcuts' },
  { keys: ['Escape'], command: 'escape', label: 'Close a dialog, leave a field' },
];

const BY_KEY = new Map(SHORTCUTS.flatMap((s) => s.keys.map((k) => [k, s.command] as const)));

/** The key's command, or null when the key belongs to a field or has a modifier. */
export function commandFor(event: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'target'>): Command | null {
  if (event.ctrlKey || event.metaKey || event.altKey) return null;
  if (isTyping(event.target) && event.key !== 'Escape') return null;
  return BY_KEY.get(event.key) ?? null;
}

/** True when the target takes text (inputs, text areas, selects, editable content). */
export function isTyping(target: EventTarget | null): boolean {
  if (!target || typeof (target as Element).closest !== 'function') return false;
  const el = target as HTMLElement;
  if (el.isContentEditable) return true;
  const field = el.closest('input, textarea, select, [contenteditable=""], [contenteditable="true"]');
  if (!field) return false;
  if (field instanceof HTMLInputElement) return !['checkbox', 'radio', 'button', 'submit', 'reset', 'file'].includes(field.type);
  return true;
}

/** Listen on `root` and run the command of each shortcut key. */
export function bindKeys(root: Document, run: (command: Command, event: KeyboardEvent) => void): void {
  root.addEventListener('keydown', (event) => {
    // A modal dialog owns the keyboard (Escape closes it, Enter submits it).
    if (root.querySelector('dialog[open]')) return;
    const command = commandFor(event);
    if (!command) return;
    // Enter on a focused button is the button's; Escape in a dialog is the dialog's.
    if (event.key === 'Enter' && (event.target as Element | null)?.closest?.('button, a, summary, [role="button"]')) return;
    event.preventDefault();
    run(command, event);
  });
}
