// Keyboard shortcuts: one table from key to command, and the rule that keys typed into a field
// are the field's.
//
// ---- Commands today: four vocabularies (issue 16 item 12, step 1: written down, not migrated) ----
// 1. Command (this file): camelCase names the keys run through App.run(): next, previous, open,
//    openOriginal, toggleRead, toggleStar, markAllRead, tag, search, refresh, settings, shortcuts,
//    escape. SHORTCUTS maps keys to them and is also the "?" list.
// 2. MenuCommand (electron/channels.ts): kebab-case names main sends on MENU_CHANNEL for the
//    application menu (electron/menu.ts; MenuAction adds import-opml/export-opml, which main runs
//    itself with native dialogs): add-feed, save-url, search, shortcuts, refresh, settings,
//    import-library, export-library, theme-system|light|dark, font-bigger|smaller|reset. The
//    page runs them in App.menu() (renderer/src/app/index.ts), a second switch.
// 3. data-action (renderer/index.html and a few made in code): kebab-case names of buttons, bound
//    one by one in App.bindControls(): add-feed, save-url, refresh, shortcuts, settings,
//    mark-all-read, import-library, export-library, import-opml, export-opml; in the reader and
//    images line: retry, image-settings, show-arrived-images.
// 4. MENU_KEYS (electron/bridge.ts): the fallback when no page takes the menu event; a menu
//    command becomes a synthetic key press (refresh → r, search → /, shortcuts → ?, settings → ,),
//    so it depends on (1)'s keys staying as they are.
// The same action has up to three names (toggleRead; 'settings' in all four; markAllRead /
// mark-all-read), and a new action (e.g. Tag rules…) needs a hunk in each place.
//
// Plan for one registry (later, once the keys being added now have landed):
// - renderer/src/commands/index.ts: one table of { id (kebab-case, the MenuCommand spelling),
//   label, keys?: string[], menu?: { path, accelerator }, run(app) }. Command, MenuCommand and
//   data-action values become that id; `type CommandId = (typeof COMMANDS)[number]['id']`.
// - electron/channels.ts takes MenuCommand from that table's ids (a type-only import, as the
//   preload bundle cannot take renderer code), menu.ts builds its items from the menu entries,
//   and App.run()/App.menu()/bindControls() become one dispatch: run(id).
// - The "?" list and the menu's accelerators come from the same rows, so they cannot disagree;
//   a test checks every id has a runner, every data-action in index.html is an id, and no key
//   is bound twice.
// - MENU_KEYS can then go, if its only use is a page that has not bound its menu listener yet
//   (to be checked first): the page runs every menu id itself, with no synthetic key press.
// - Steps: add the table and route Command through it (tests of keyboard unchanged); then the
//   menu; then data-action; each step its own commit.

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
