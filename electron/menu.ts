// The application menu. Its items are the window's commands (renderer/src/commands): the window
// describes them once it has started (MENU_SET_CHANNEL), main checks the description and builds
// the menu from it, and a click sends the command's id back (MENU_CHANNEL), where the window runs
// it like a key or a button. Main adds only its own roles (Edit, Window, Quit, full screen) and
// carries out the OPML items itself, with native dialogs (main.ts).

import type { MenuItemConstructorOptions } from 'electron';
import { TidingsError } from '../src/errors.js';
import { MENU_SET_CHANNEL } from './channels.js';
import { guardedAnswer, type IpcMainLike, type IpcOptions } from './ipc.js';

/** One item of the template (Electron's type, re-exported for the tests, which may not import electron). */
export type MenuItem = MenuItemConstructorOptions;

export const MENU_NAMES = ['file', 'view', 'article', 'help'] as const;
export type MenuName = (typeof MENU_NAMES)[number];

/** An item as the window describes it (renderer/src/commands PageMenuItem), after the checks. */
export interface PageMenuItem {
  command: string;
  label: string;
  group: number;
  accelerator?: string;
  /** Shown beside the label, not registered with the system (a plain key is the text field's). */
  shownOnly?: boolean;
  submenu?: string;
  radio?: boolean;
  checked?: boolean;
}

export type PageMenu = Record<MenuName, PageMenuItem[]>;

export interface MenuOptions {
  platform: NodeJS.Platform;
  /** Developer tools in the View menu (not in a packaged app). */
  devTools: boolean;
  /** The window's items; null until it has described them (main's roles only). */
  page: PageMenu | null;
  run(command: string): void;
}

export function menuTemplate(options: MenuOptions): MenuItem[] {
  const isMac = options.platform === 'darwin';
  const items = (name: MenuName) => pageItems(options.page?.[name] ?? [], options.run);
  const file = items('file');
  const view = items('view');
  const article = items('article');
  const help = items('help');
  const quit: MenuItem[] = isMac ? [] : [...(file.length ? [{ type: 'separator' } as const] : []), { role: 'quit' }];
  const template: MenuItem[] = [
    { label: 'File', submenu: [...file, ...quit] },
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [
        ...view,
        ...(view.length ? [{ type: 'separator' } as const] : []),
        { role: 'togglefullscreen' },
        ...(options.devTools ? [{ role: 'toggleDevTools' } as const] : []),
      ],
    },
    ...(article.length ? [{ label: 'Article', submenu: article }] : []),
    { role: 'windowMenu' },
    ...(help.length ? [{ role: 'help', submenu: help } as const] : []),
  ];
  return isMac ? [{ role: 'appMenu' }, ...template] : template;
}

/** A menu's items in order: a separator between groups, a submenu where items name one. */
function pageItems(described: PageMenuItem[], run: (command: string) => void): MenuItem[] {
  const out: MenuItem[] = [];
  let group: number | null = null;
  const submenus = new Map<string, MenuItem[]>();
  for (const item of described) {
    if (group !== null && item.group !== group) out.push({ type: 'separator' });
    group = item.group;
    const built: MenuItem = {
      label: item.label,
      click: () => run(item.command),
      ...(item.accelerator ? { accelerator: item.accelerator } : {}),
      ...(item.shownOnly ? { registerAccelerator: false } : {}),
      ...(item.radio ? { type: 'radio', checked: item.checked === true } : {}),
    };
    if (!item.submenu) {
      out.push(built);
      continue;
    }
    let submenu = submenus.get(item.submenu);
    if (!submenu) {
      submenu = [];
      submenus.set(item.submenu, submenu);
      out.push({ label: item.submenu, submenu });
    }
    submenu.push(built);
  }
  return out;
}

// ---- the window's description, checked ------------------------------------------------------

const MAX_ITEMS = 60;
const COMMAND = /^[a-z][a-z0-9-]{0,39}$/;
const MODIFIER = /^(CmdOrCtrl|CommandOrControl|Shift|Alt|Option|Ctrl|Control|Cmd|Command)$/;
const KEY = /^([A-Z0-9]|F([1-9]|1[0-9]|2[0-4])|[,./;'[\]\\=`-]|Plus|Space|Delete|Enter|Backspace|Tab|Up|Down|Left|Right|Home|End|PageUp|PageDown|Escape)$/;
/** Shortcuts of main's own roles (quit, close, undo, copy, …): the window may not take them. */
const RESERVED = new Set(['CmdOrCtrl+Q', 'CmdOrCtrl+W', 'CmdOrCtrl+M', 'CmdOrCtrl+H', 'CmdOrCtrl+Z', 'CmdOrCtrl+Shift+Z', 'CmdOrCtrl+Y', 'CmdOrCtrl+X', 'CmdOrCtrl+C', 'CmdOrCtrl+V', 'CmdOrCtrl+A', 'CmdOrCtrl+Shift+I', 'F11'].map(normalAccelerator));

function refuse(reason: string): TidingsError {
  return new TidingsError('menu', 'the window\'s menu', reason, 'invalid');
}

/**
 * The window's menu description, rebuilt from checked fields only: anything else a page might
 * send (a role, a click, a second copy of an accelerator, a plain key registered with the
 * system, main's own shortcuts) is refused, and the menu stays as it was.
 */
export function parsePageMenu(value: unknown): PageMenu {
  if (!isRecord(value)) throw refuse('not an object');
  const extra = Object.keys(value).find((k) => !(MENU_NAMES as readonly string[]).includes(k));
  if (extra !== undefined) throw refuse(`no menu is called ${extra.slice(0, 40)}`);
  const menu = {} as PageMenu;
  let count = 0;
  const commands = new Set<string>();
  const accelerators = new Set<string>();
  for (const name of MENU_NAMES) {
    const items = value[name] ?? [];
    if (!Array.isArray(items)) throw refuse(`${name}: not a list`);
    count += items.length;
    if (count > MAX_ITEMS) throw refuse(`more than ${MAX_ITEMS} items`);
    menu[name] = items.map((item: unknown) => {
      const checked = pageItem(item);
      if (commands.has(checked.command)) throw refuse(`${checked.command}: listed twice`);
      commands.add(checked.command);
      if (checked.accelerator && !checked.shownOnly) {
        const normal = normalAccelerator(checked.accelerator);
        if (accelerators.has(normal)) throw refuse(`${checked.accelerator}: given to two items`);
        accelerators.add(normal);
      }
      return checked;
    });
  }
  return menu;
}

function pageItem(item: unknown): PageMenuItem {
  if (!isRecord(item)) throw refuse('an item is not an object');
  const { command, label, group, accelerator, shownOnly, submenu, radio, checked } = item;
  if (typeof command !== 'string' || !COMMAND.test(command)) throw refuse('an item has no command id');
  if (!isLabel(label)) throw refuse(`${command}: the label must be a short line of text`);
  if (typeof group !== 'number' || !Number.isInteger(group) || group < 0 || group > 99) throw refuse(`${command}: the group must be a small whole number`);
  for (const [field, flag] of [['shownOnly', shownOnly], ['radio', radio], ['checked', checked]] as const) {
    if (flag !== undefined && typeof flag !== 'boolean') throw refuse(`${command}: ${field} must be true or false`);
  }
  if (submenu !== undefined && !isLabel(submenu)) throw refuse(`${command}: the submenu must be a short line of text`);
  if (accelerator !== undefined) checkAccelerator(command, accelerator, shownOnly === true);
  return {
    command,
    label,
    group,
    ...(accelerator !== undefined ? { accelerator: accelerator as string } : {}),
    ...(shownOnly ? { shownOnly: true } : {}),
    ...(submenu !== undefined ? { submenu: submenu as string } : {}),
    ...(radio ? { radio: true, checked: checked === true } : {}),
  };
}

function checkAccelerator(command: string, accelerator: unknown, shownOnly: boolean): void {
  if (typeof accelerator !== 'string' || accelerator.length > 40) throw refuse(`${command}: not an accelerator`);
  const parts = accelerator.split('+');
  const key = parts.pop()!;
  if (!KEY.test(key) || !parts.every((p) => MODIFIER.test(p))) throw refuse(`${command}: ${accelerator} is not an accelerator`);
  if (shownOnly) return;
  // Registered with the system, a key without Ctrl/Cmd/Alt would be taken from every text field.
  if (!parts.some((p) => p !== 'Shift') && !/^F\d+$/.test(key)) throw refuse(`${command}: ${accelerator} needs Ctrl, Cmd or Alt to be registered`);
  if (RESERVED.has(normalAccelerator(accelerator))) throw refuse(`${command}: ${accelerator} belongs to the app's own menu`);
}

/** Modifiers in one order and spelling, so that Ctrl+Shift+S and Shift+CmdOrCtrl+S are one. */
function normalAccelerator(accelerator: string): string {
  const parts = accelerator.split('+');
  const key = parts.pop()!.toUpperCase();
  // Ctrl and Cmd count as one: a shortcut taken on one system is taken on the others too.
  const names: Record<string, string> = { cmdorctrl: 'mod', commandorcontrol: 'mod', cmd: 'mod', command: 'mod', ctrl: 'mod', control: 'mod', option: 'alt' };
  const mods = [...new Set(parts.map((p) => names[p.toLowerCase()] ?? p.toLowerCase()))].sort();
  return [...mods, key].join('+');
}

function isLabel(value: unknown): value is string {
  return typeof value === 'string' && value.trim().length > 0 && value.length <= 80 && !/[\u0000-\u001f\u007f]/.test(value);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// ---- the channel ----------------------------------------------------------------------------

/** Window -> main: its menu. Only our page may set it; a description that fails the checks changes nothing. */
export function registerMenuHandler(ipc: IpcMainLike, options: IpcOptions, apply: (menu: PageMenu) => void): () => void {
  ipc.handle(MENU_SET_CHANNEL, (event, value) => guardedAnswer(MENU_SET_CHANNEL, event, options, async () => {
    apply(parsePageMenu(value));
  }));
  return () => ipc.removeHandler(MENU_SET_CHANNEL);
}
