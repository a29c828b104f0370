// Every command of the window in one table: its id (the one name keys, buttons and the
// application menu use), its label, its keys, and its place in the menu. Handlers live with the
// app (renderer/src/app); this file is data, so tests and the menu description read it alone.

/** Menus the window fills; main adds its own roles (Edit, Window, Quit, full screen). */
export type MenuName = 'file' | 'view' | 'article' | 'help';

export interface MenuPlace {
  menu: MenuName;
  /** Items of one group sit together; a new group starts after a separator. */
  group: number;
  /** A shortcut main registers with the system (it works while typing in a field, so only with a modifier). */
  accelerator?: string;
  /** A submenu of `menu` the item sits in (the theme choices). */
  submenu?: string;
  /** One of a set of choices: shown checked when it is the current one. */
  radio?: boolean;
}

export interface CommandSpec {
  readonly id: string;
  readonly label: string;
  /** Keys without Ctrl, Cmd or Alt, as `keyName` spells them ('j', 'A' is Shift+A, 'Space', 'Shift+Space'). */
  readonly keys?: readonly string[];
  readonly menu?: MenuPlace;
}

export const COMMANDS = [
  // In this order in the "?" list; each menu keeps this order among its own items.
  // Article
  { id: 'next', label: 'Next Article', keys: ['j'], menu: { menu: 'article', group: 1 } },
  { id: 'previous', label: 'Previous Article', keys: ['k'], menu: { menu: 'article', group: 1 } },
  { id: 'open', label: 'Open the Selected Article', keys: ['o', 'Enter'], menu: { menu: 'article', group: 1 } },
  { id: 'page-down', label: 'Scroll a Page, Then the Next Unread', keys: ['Space'] },
  { id: 'page-up', label: 'Scroll a Page Back', keys: ['Shift+Space'] },
  { id: 'open-original', label: 'Open the Original Page in the Browser', keys: ['b'], menu: { menu: 'article', group: 2 } },
  { id: 'toggle-read', label: 'Mark Read / Unread', keys: ['m'], menu: { menu: 'article', group: 3 } },
  { id: 'toggle-star', label: 'Star / Unstar', keys: ['s'], menu: { menu: 'article', group: 3 } },
  { id: 'tag', label: 'Tag the Article', keys: ['t'], menu: { menu: 'article', group: 3 } },
  { id: 'highlight', label: 'Highlight the Selected Text', keys: ['h'], menu: { menu: 'article', group: 3 } },
  { id: 'article-note', label: 'Note on the Article…', keys: ['n'], menu: { menu: 'article', group: 3 } },
  { id: 'mark-all-read', label: 'Mark All of the List Read', keys: ['A'], menu: { menu: 'article', group: 4 } },
  { id: 'delete', label: 'Delete the Article', keys: ['Delete'], menu: { menu: 'article', group: 4 } },
  // File
  { id: 'add-feed', label: 'Add Feed…', menu: { menu: 'file', group: 1, accelerator: 'CmdOrCtrl+N' } },
  { id: 'save-url', label: 'Save Page from URL…', menu: { menu: 'file', group: 1, accelerator: 'CmdOrCtrl+Shift+S' } },
  { id: 'refresh', label: 'Refresh All Feeds', keys: ['r'], menu: { menu: 'file', group: 2, accelerator: 'CmdOrCtrl+R' } },
  { id: 'import-library', label: 'Import from Another App…', menu: { menu: 'file', group: 3, accelerator: 'CmdOrCtrl+I' } },
  { id: 'export-library', label: 'Export Library…', menu: { menu: 'file', group: 3 } },
  { id: 'import-opml', label: 'Import Subscriptions (OPML)…', menu: { menu: 'file', group: 4, accelerator: 'CmdOrCtrl+O' } },
  { id: 'export-opml', label: 'Export Subscriptions (OPML)…', menu: { menu: 'file', group: 4, accelerator: 'CmdOrCtrl+Shift+E' } },
  { id: 'settings', label: 'Settings…', keys: [','], menu: { menu: 'file', group: 5, accelerator: 'CmdOrCtrl+,' } },
  { id: 'rules', label: 'Tag Rules…', menu: { menu: 'file', group: 5 } },
  // View
  { id: 'search', label: 'Search', keys: ['/'], menu: { menu: 'view', group: 1, accelerator: 'CmdOrCtrl+F' } },
  { id: 'theme-system', label: 'Follow System', menu: { menu: 'view', group: 2, submenu: 'Theme', radio: true } },
  { id: 'theme-light', label: 'Light', menu: { menu: 'view', group: 2, submenu: 'Theme', radio: true } },
  { id: 'theme-dark', label: 'Dark', menu: { menu: 'view', group: 2, submenu: 'Theme', radio: true } },
  { id: 'theme-next', label: 'Switch between light and dark' },
  { id: 'font-bigger', label: 'Larger Text', menu: { menu: 'view', group: 2, accelerator: 'CmdOrCtrl+=' } },
  { id: 'font-smaller', label: 'Smaller Text', menu: { menu: 'view', group: 2, accelerator: 'CmdOrCtrl+-' } },
  { id: 'font-reset', label: 'Default Text Size', menu: { menu: 'view', group: 2, accelerator: 'CmdOrCtrl+0' } },
  // Help, and keys of the page alone
  { id: 'shortcuts', label: 'Keyboard Shortcuts', keys: ['?'], menu: { menu: 'help', group: 1, accelerator: 'F1' } },
  { id: 'escape', label: 'Close a Dialog, Leave a Field', keys: ['Escape'] },
] as const satisfies readonly CommandSpec[];

export type CommandId = (typeof COMMANDS)[number]['id'];

const IDS: ReadonlySet<string> = new Set(COMMANDS.map((c) => c.id));

/** True for the id of a command (a menu event or a button may carry any string). */
export function isCommandId(value: unknown): value is CommandId {
  return typeof value === 'string' && IDS.has(value);
}

/** The key as the table spells it: event.key, except Space (and Shift+Space), which has no visible name. */
export function keyName(event: Pick<KeyboardEvent, 'key' | 'shiftKey'>): string {
  if (event.key === ' ' || event.key === 'Spacebar') return event.shiftKey ? 'Shift+Space' : 'Space';
  return event.key;
}

/** A key as people read it: 'A' is Shift+A; others as written. */
export function keyLabel(key: string): string {
  return /^[A-Z]$/.test(key) ? `Shift+${key}` : key;
}

/**
 * A key of the table as an Electron accelerator, shown beside the menu item but not registered
 * (a plain letter must stay the text field's): 'j' → 'J', 'A' → 'Shift+A'. Null for keys an
 * accelerator cannot name the same way ('?', which is Shift+/ only on some keyboards).
 */
export function shownAccelerator(key: string): string | null {
  if (/^[a-z]$/.test(key)) return key.toUpperCase();
  if (/^[A-Z]$/.test(key)) return `Shift+${key}`;
  if (['Space', 'Shift+Space', 'Delete', 'Enter', '/', ','].includes(key)) return key;
  return null;
}
