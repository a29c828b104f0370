// The IPC channels between the main process and the preload: one per method the window may call
// (`archive:<method>`), the event channel, and the menu channel. Imports nothing but types, so the
// sandboxed preload can bundle it.

import type { ArchiveApi } from '../src/api.js';

/**
 * The allow list: the ArchiveApi methods the renderer calls (grep renderer/src for `client.`),
 * and no others. The preload exposes only these and the main process registers a handler for
 * only these, so a compromised page cannot reach the rest: `importFile(anyPath)` would read any
 * file the user can, `applyRetention`/`deleteArticles`/`runRules` change the archive in bulk.
 * None of these takes a path: files reach the archive through main-process dialogs (menu.ts,
 * opml-dialogs.ts). A method the renderer starts to use is added here, after that review.
 */
export const BRIDGED_METHODS = [
  'listArticles', 'getArticle', 'saveUrl', 'setRead', 'setStarred', 'tagArticles', 'untagArticles',
  'addFeed', 'listFeeds', 'updateFeed', 'removeFeed', 'refresh', 'importOpml', 'exportOpml',
  'search', 'listTags', 'renameTag', 'mergeTags', 'deleteTag', 'listViews', 'saveSearch',
  'getSettings', 'updateSettings',
  // Settings, "Several machines": what to share and the devices seen (renderer/src/settings/machines.ts).
  'getSyncStatus',
  // The image queue's progress, apart from the refresh's (renderer/src/app/images-progress.ts).
  'imageStatus',
  // "Try again" on an article whose save failed (renderer/src/reader/try-again.ts).
  'extractArticle',
  // Tag rules and the retention preview (renderer/src/rules): list, add, remove, run (a dry run
  // first, then on confirm), and what the feeds' keeping periods remove.
  'listRules', 'addRule', 'updateRule', 'removeRule', 'runRules', 'applyRetention',
  // A row's "Delete" with Undo (F, renderer/src/manage/index.ts): without it Electron refused it.
  'deleteArticles',
  // Your place in an article (F, renderer/src/list/reading-place.ts): saved as you read.
  'setReadingProgress',
] as const satisfies readonly (keyof ArchiveApi)[];

export type BridgedMethod = (typeof BRIDGED_METHODS)[number];

/** True for a method on the allow list (a string from anywhere may be asked). */
export function isBridgedMethod(method: string): method is BridgedMethod {
  return (BRIDGED_METHODS as readonly string[]).includes(method);
}

export function channelFor(method: BridgedMethod): string {
  return `archive:${method}`;
}

/** Main -> window: every ArchiveEvent. */
export const EVENT_CHANNEL = 'archive:event';

/** Main -> window: the id of a menu item the window carries out (a command of renderer/src/commands). */
export const MENU_CHANNEL = 'app:menu';

/** Window -> main: the window's menu items (checked by electron/menu.ts parsePageMenu). */
export const MENU_SET_CHANNEL = 'app:menu-set';

/** The DOM event the preload dispatches on `window` for a menu command (`detail` is the command). */
export const MENU_DOM_EVENT = 'tidings:menu';

/**
 * Window -> main: files in and out (library-files.ts). None takes a path from the page: Import
 * and Export paths come from main's own dialogs; a dropped file's path is read by the preload
 * from the File object the user dropped (files-bridge.ts), and main checks it is a regular file.
 */
export const FILE_CHANNELS = {
  importDialog: 'files:import-dialog',
  exportDialog: 'files:export-dialog',
  importDropped: 'files:import-dropped',
} as const;

/** What an IPC call answers: a result, or one readable message and its kind. */
export type IpcReply =
  | { ok: true; result: unknown }
  | { ok: false; error: string; kind: 'invalid' | 'not-found' | 'failed'; readable?: string };
