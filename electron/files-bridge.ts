// The preload's file bridge (`window.tidingsFiles`, see renderer/src/client/transfers.ts):
// Import… and Export… ask main to show its dialogs; a dropped file goes by the path Electron
// knows for it (webUtils.getPathForFile). A File the page made itself has no path (''), and a
// string is not a File: both are refused here, so the page can only hand main a file the user
// dropped or picked. Written against a minimal ipcRenderer so it runs in tests without Electron.

import type { ExportOptions, ImportFormat } from '../src/api.js';
import { FILE_CHANNELS, type IpcReply } from './channels.js';

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

function unwrap(reply: unknown): unknown {
  const r = reply as IpcReply | null;
  if (r && r.ok === true) return r.result;
  if (r && r.ok === false) throw Object.assign(new Error(r.error), { kind: r.kind, ...(r.readable ? { readable: r.readable } : {}) });
  throw new Error('ipc: the main process sent an answer that is not a reply');
}
