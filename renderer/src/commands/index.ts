// One registry for every command of the window: keys, buttons (`data-command`) and the desktop
// app's menu all run a command by its id, through `Commands.run`. The table (ids, labels, keys,
// menu places) is in table.ts; the handlers are the app's, one per id (the type makes a missing
// one a compile error). The menu is described here and built by the main process.

import { isTyping } from '../keyboard/index.js';
import { COMMANDS, type CommandId, type CommandSpec, isCommandId, keyLabel, keyName, type MenuName, shownAccelerator } from './table.js';

export { COMMANDS, type CommandId, isCommandId } from './table.js';

/**
 * Carries out a command. A key's event is passed along; returning false (at once, not from a
 * promise) says the command did not apply, and the key keeps its usual meaning (Space scrolls).
 */
export type Handler = (event?: KeyboardEvent) => boolean | void | Promise<unknown>;
export type Handlers = Record<CommandId, Handler>;

/** One item of the menu as the window describes it to main (electron/menu.ts checks every field). */
export interface PageMenuItem {
  command: CommandId;
  label: string;
  group: number;
  accelerator?: string;
  /** The accelerator is shown beside the label only: a plain key must stay the text field's. */
  shownOnly?: boolean;
  submenu?: string;
  radio?: boolean;
  checked?: boolean;
}

export type PageMenu = Record<MenuName, PageMenuItem[]>;

/** What the preload offers for the menu (`window.tidingsMenu`, desktop app only). */
export interface MenuBridge {
  set(menu: PageMenu): Promise<void>;
}

declare global {
  interface Window {
    tidingsMenu?: MenuBridge;
  }
}

/** The DOM event the preload dispatches for a menu item (electron/channels.ts MENU_DOM_EVENT). */
const MENU_EVENT = 'tidings:menu';

/** Enter and Space on a control are the control's (a button, a link, a select). */
const CONTROL = 'button, a[href], summary, select, [role="button"], [role="menu"], [role="menuitem"], [role="checkbox"]';

const BY_KEY: ReadonlyMap<string, CommandId> = new Map(
  COMMANDS.flatMap((c: CommandSpec) => (c.keys ?? []).map((k) => [k, c.id as CommandId] as const)),
);

/** The command of a key, or null when the key has a modifier or belongs to a field (Escape never does). */
export function commandForKey(event: Pick<KeyboardEvent, 'key' | 'shiftKey' | 'ctrlKey' | 'metaKey' | 'altKey' | 'target'>): CommandId | null {
  if (event.ctrlKey || event.metaKey || event.altKey) return null;
  if (isTyping(event.target) && event.key !== 'Escape') return null;
  return BY_KEY.get(keyName(event)) ?? null;
}

/** The "?" list: every command with a key, in the table's order. */
export function shortcutRows(): { keys: string[]; label: string }[] {
  return COMMANDS.filter((c: CommandSpec) => c.keys?.length).map((c: CommandSpec) => ({ keys: c.keys!.map(keyLabel), label: c.label }));
}

/** The menu the window asks main to show; `checked` says which radio item is the current choice. */
export function describeMenu(checked: (id: CommandId) => boolean): PageMenu {
  const menu: PageMenu = { file: [], view: [], article: [], help: [] };
  for (const c of COMMANDS as readonly CommandSpec[]) {
    if (!c.menu) continue;
    const id = c.id as CommandId;
    const key = c.keys?.[0];
    const shown = !c.menu.accelerator && key ? shownAccelerator(key) : null;
    menu[c.menu.menu].push({
      command: id,
      label: c.label,
      group: c.menu.group,
      ...(c.menu.accelerator ? { accelerator: c.menu.accelerator } : shown ? { accelerator: shown, shownOnly: true } : {}),
      ...(c.menu.submenu ? { submenu: c.menu.submenu } : {}),
      ...(c.menu.radio ? { radio: true, checked: checked(id) } : {}),
    });
  }
  return menu;
}

export class Commands {
  constructor(
    private readonly handlers: Handlers,
    private readonly error: (error: unknown) => void,
  ) {}

  /** Run a command; its failure becomes one message. False when it did not apply. */
  run(id: CommandId, event?: KeyboardEvent): boolean {
    try {
      const result = this.handlers[id](event);
      if (result instanceof Promise) result.catch((error: unknown) => this.error(error));
      return result !== false;
    } catch (error) {
      this.error(error);
      return true;
    }
  }

  /** Shortcut keys on the page (and those the reader passes on from the article). */
  bindKeys(doc: Document): void {
    doc.addEventListener('keydown', (event) => {
      // A modal dialog owns the keyboard; a key something else took is not ours.
      if (event.defaultPrevented || doc.querySelector('dialog[open]')) return;
      const id = commandForKey(event);
      if (!id) return;
      if ((event.key === 'Enter' || event.key === ' ') && (event.target as Element | null)?.closest?.(CONTROL)) return;
      if (this.run(id, event)) event.preventDefault();
    });
  }

  /** Buttons name their command in `data-command`; one listener runs them all. */
  bindButtons(root: Document | HTMLElement): void {
    root.addEventListener('click', (event) => {
      const button = (event.target as Element | null)?.closest?.('[data-command]') as HTMLElement | null;
      if (!button || (button as HTMLButtonElement).disabled) return;
      const id = button.dataset.command;
      if (!isCommandId(id)) return this.error(new Error(`commands: a button names ${String(id).slice(0, 40)}, which is not a command`));
      this.run(id);
    });
    // A button says its keys to assistive technology.
    for (const el of root.querySelectorAll<HTMLElement>('[data-command]')) {
      const id = el.dataset.command;
      const keys = isCommandId(id) ? (COMMANDS.find((c) => c.id === id) as CommandSpec).keys : undefined;
      if (keys?.length) el.setAttribute('aria-keyshortcuts', keys.map(keyLabel).join(' '));
    }
  }

  /** The desktop app's menu: items arrive as `tidings:menu` events; the page takes those it knows. */
  bindMenu(win: Window): void {
    win.addEventListener(MENU_EVENT, (event) => {
      const id = (event as CustomEvent<unknown>).detail;
      if (!isCommandId(id)) return;
      event.preventDefault();
      this.run(id);
    });
  }
}
