// Import…, Export… and dropped files in the desktop app, in the main process. The window asks
// (channels.ts FILE_CHANNELS) but never names a file: Import and Export paths come from the
// dialogs shown here; a dropped file's path comes from the preload (files-bridge.ts) and is
// checked here to be a regular file (not a folder, a device, a symlink) before anything reads it.

import { promises as fs } from 'node:fs';
import type { BrowserWindow } from 'electron';
import path from 'node:path';
import { type ArchiveApi, EXPORT_FORMATS, type ExportFormat, IMPORT_FORMATS, type ImportFormat } from '../src/api.js';
import { LIMITS } from '../src/contract/index.js';
import { TidingsError } from '../src/errors.js';
import { downloadName, MAX_UPLOAD_BYTES } from '../src/server/transfers.js';
import { FILE_CHANNELS } from './channels.js';
import { guardedAnswer, type IpcMainLike, type IpcOptions } from './ipc.js';

/** Electron's dialogs as far as we use them (tests pass fakes). */
export interface FileDialogs {
  openFile(options: { title: string }): Promise<string | null>;
  saveFile(options: { title: string; defaultPath: string }): Promise<string | null>;
}

const DROP_KINDS = ['article', 'opml', 'library'] as const;

export function registerFileHandlers(ipc: IpcMainLike, archive: ArchiveApi, dialogs: FileDialogs, options: IpcOptions): () => void {
  const guarded = (channel: string, run: (...args: unknown[]) => Promise<unknown>) =>
    ipc.handle(channel, (event, ...args) => guardedAnswer(channel, event, options, () => run(...args)));
  guarded(FILE_CHANNELS.importDialog, async (given) => {
    const format = importOptions(given);
    const file = await dialogs.openFile({ title: 'Import from another app' });
    if (!file) return null;
    return archive.importLibrary(file, format ? { format } : undefined);
  });
  guarded(FILE_CHANNELS.exportDialog, async (given) => {
    const { format, query } = exportOptions(given);
    const name = downloadName(format);
    // Markdown is written as a folder: the dialog names the folder.
    const file = await dialogs.saveFile({ title: 'Export', defaultPath: format === 'markdown' ? name.replace(/\.zip$/, '') : name });
    if (!file) return null;
    const result = await archive.exportLibrary(file, { format, ...(query ? { query } : {}) });
    return `Exported ${result.articles.toLocaleString('en-US')} ${result.articles === 1 ? 'article' : 'articles'} to ${result.path}`;
  });
  guarded(FILE_CHANNELS.importDropped, async (given, kind) => {
    const file = await droppedFile(given);
    if (!(DROP_KINDS as readonly unknown[]).includes(kind)) throw refuse('drop', 'not a kind of drop');
    if (kind === 'article') return { kind, article: await archive.importFile(file) };
    if (kind === 'opml') {
      if ((await fs.stat(file)).size > LIMITS.opml) throw refuse(file, `larger than ${LIMITS.opml / 1024 / 1024} MB`);
      return { kind, feeds: await archive.importOpml(await fs.readFile(file, 'utf8')) };
    }
    return { kind, result: await archive.importLibrary(file) };
  });
  return () => Object.values(FILE_CHANNELS).forEach((channel) => ipc.removeHandler(channel));
}

function refuse(input: string, reason: string): TidingsError {
  return new TidingsError('files', input.slice(0, 200), reason, 'invalid');
}

/** Only `{ format? }`: anything else (a path above all) is refused. */
function importOptions(given: unknown): ImportFormat | undefined {
  if (!given || typeof given !== 'object' || Array.isArray(given)) throw refuse('import', 'options must be an object');
  const keys = Object.keys(given);
  if (keys.some((k) => k !== 'format')) throw refuse('import', `unexpected option ${keys.find((k) => k !== 'format')!.slice(0, 40)}`);
  const format = (given as { format?: unknown }).format;
  if (format === undefined) return undefined;
  if (!(IMPORT_FORMATS as readonly unknown[]).includes(format)) throw refuse('import', 'not a format');
  return format as ImportFormat;
}

function exportOptions(given: unknown): { format: ExportFormat; query?: string } {
  if (!given || typeof given !== 'object' || Array.isArray(given)) throw refuse('export', 'options must be an object');
  const { format, query, ...rest } = given as { format?: unknown; query?: unknown };
  if (Object.keys(rest).length) throw refuse('export', `unexpected option ${Object.keys(rest)[0]!.slice(0, 40)}`);
  if (!(EXPORT_FORMATS as readonly unknown[]).includes(format)) throw refuse('export', 'not a format');
  if (query !== undefined && (typeof query !== 'string' || query.length > LIMITS.query)) throw refuse('export', 'the query must be a short text');
  return { format: format as ExportFormat, ...(query ? { query: query as string } : {}) };
}

/** An absolute path to a regular file (lstat: a symlink is not followed) of a sane size. */
async function droppedFile(given: unknown): Promise<string> {
  if (typeof given !== 'string' || !given || given.length > LIMITS.path || !path.isAbsolute(given) || given.includes('\0')) throw refuse('drop', 'not a file path');
  const stat = await fs.lstat(given).catch(() => null);
  if (!stat?.isFile()) throw refuse(given, 'not a regular file');
  if (stat.size > MAX_UPLOAD_BYTES) throw refuse(given, 'larger than 1 GB');
  return given;
}

/** Wire the real ipcMain and dialogs. Electron is loaded here, lazily, so tests can import this file. */
export async function installFileIpc(archive: ArchiveApi, window: BrowserWindow, options: IpcOptions): Promise<() => void> {
  const { ipcMain, dialog } = await import('electron');
  const dialogs: FileDialogs = {
    async openFile({ title }) {
      const choice = await dialog.showOpenDialog(window, { title, properties: ['openFile'], filters: [{ name: 'Exports of other apps', extensions: ['csv', 'html', 'htm', 'json', 'zip', 'opml', 'xml'] }, { name: 'All files', extensions: ['*'] }] });
      return choice.canceled ? null : choice.filePaths[0] ?? null;
    },
    async saveFile({ title, defaultPath }) {
      const choice = await dialog.showSaveDialog(window, { title, defaultPath });
      return choice.canceled ? null : choice.filePath ?? null;
    },
  };
  return registerFileHandlers(ipcMain, archive, dialogs, options);
}
