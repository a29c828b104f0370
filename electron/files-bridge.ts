// The preload's file bridge (`window.tidingsFiles`, see renderer/src/client/transfers.ts):
// Import… and Export… ask main to show its dialogs; a dropped file goes by the path Electron
// knows for it (webUtils.getPathForFile). A File the page made itself has no path (''), and a
// string is not a File: both are refused here, so the page can only hand main a file the user
// dropped or picked. Written against a minimal ipcRenderer so it runs in tests without Electron.

import type { ExportOptions, ImportFormat } from '../src/api.js';
import { unwrap } from './bridge.js';
import { FILE_CHANNELS } from './channels.js';

export type DropKind = 'article' | 'opml' | 'library';

export interface InvokeLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
}

export function createFilesBridge(ipc: InvokeLike, pathFor: (file: File) => string) {
  return {
    importFromDialog: async (options: { format?: ImportFormat }) => unwrap(await ipc.invoke(FILE_CHANNELS.importDialog, { ...(options?.format ? { format: options.format } : {}) })),
    exportFromDialog: async (options: ExportOptions) => unwrap(await ipc.invoke(FILE_CHANNELS.exportDialog, { format: options?.format, ...(options?.query ? { query: options.query } : {}) })),
    async importDropped(file: File, kind: DropKind) {
      const where = typeof File === 'function' && file instanceof File ? pathFor(file) : '';
      if (!where) throw new Error('drop: not a file dropped from this computer');
      return unwrap(await ipc.invoke(FILE_CHANNELS.importDropped, where, kind));
    },
  };
}
