// The IPC channels between the main process and the preload: one per ArchiveApi method
// (`archive:<method>`), the event channel, and the menu channel. Imports nothing but the method list, so
// the sandboxed preload can bundle it.

import { ARCHIVE_METHODS } from '../src/api-methods.js';

/** Every method of ArchiveApi, each bridged on its own channel. */
export const BRIDGED_METHODS = ARCHIVE_METHODS;

export type BridgedMethod = (typeof BRIDGED_METHODS)[number];

export function channelFor(method: BridgedMethod): string {
  return `archive:${method}`;
}

/** Main -> window: every ArchiveEvent. */
export const EVENT_CHANNEL = 'archive:event';

/** Main -> window: a menu item the window carries out (see MenuCommand). */
export const MENU_CHANNEL = 'app:menu';

/** The DOM event the preload dispatches on `window` for a menu command (`detail` is the command). */
export const MENU_DOM_EVENT = 'tidings:menu';

/** Menu items the renderer carries out (dialogs and views live there). */
export type MenuCommand =
  | 'add-feed' | 'save-url' | 'search' | 'shortcuts' | 'refresh' | 'settings'
  | 'theme-system' | 'theme-light' | 'theme-dark'
  | 'font-bigger' | 'font-smaller' | 'font-reset';

/** What an IPC call answers: a result, or one readable message and its kind. */
export type IpcReply =
  | { ok: true; result: unknown }
  | { ok: false; error: string; kind: 'invalid' | 'not-found' | 'failed' };
