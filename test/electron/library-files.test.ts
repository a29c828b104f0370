// Import…, Export… and drops in the desktop app, without Electron: a fake ipcMain and fake
// dialogs in front of a recording archive. The window never names a file for the archive to
// read or write: Import and Export paths come from the main process's dialogs; a dropped file's
// path comes from the preload (webUtils.getPathForFile of a File the user dropped), and main
// still checks it is a regular file before anything reads it. Foreign frames are refused.

import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ArchiveApi, ExportOptions, ImportLibraryOptions, ImportResult } from '../../src/api.js';
import { FILE_CHANNELS, type IpcReply } from '../../electron/channels.js';
import type { InvokeEventLike } from '../../electron/ipc.js';
import { type FileDialogs, registerFileHandlers } from '../../electron/library-files.js';
import { isAppUrl } from '../../electron/security.js';
import { createFilesBridge } from '../../electron/files-bridge.js';

type Handler = (event: InvokeEventLike, ...args: unknown[]) => Promise<IpcReply>;
const APP_PAGE = 'app://tidings/index.html';
const RESULT: ImportResult = { format: 'pocket-csv', items: 1, added: 1, merged: 0, unchanged: 0, stored: 0, queued: 1, problems: [] };

let dir: string;
let calls: unknown[][];
let openAnswer: string | null;
let saveAnswer: string | null;
const handlers = new Map<string, Handler>();

const archive = {
  async importLibrary(file: string, options?: ImportLibraryOptions) {
    calls.push(['importLibrary', file, options]);
    return RESULT;
  },
  async exportLibrary(file: string, options: ExportOptions) {
    calls.push(['exportLibrary', file, options]);
    return { format: options.format, path: file, articles: 3, assets: 0, bytes: 100 };
  },
  async importFile(file: string) {
    calls.push(['importFile', file]);
    return { id: 'a1', title: 'Dropped page' };
  },
  async importOpml(xml: string) {
    calls.push(['importOpml', xml]);
    return { added: 1, existing: 0, errors: [] };
  },
} as unknown as ArchiveApi;

const dialogs: FileDialogs = {
  async openFile() {
    return openAnswer;
  },
  async saveFile(options) {
    calls.push(['saveDialog', options.defaultPath]);
    return saveAnswer;
  },
};

const invoke = (channel: string, frame: string | null, ...args: unknown[]) => handlers.get(channel)!({ senderFrame: frame === null ? null : { url: frame } }, ...args);

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'tidings-library-files-'));
  registerFileHandlers({ handle: (c, l) => void handlers.set(c, l), removeHandler: (c) => void handlers.delete(c) }, archive, dialogs, { isTrustedUrl: isAppUrl });
});

beforeEach(() => {
  calls = [];
  openAnswer = null;
  saveAnswer = null;
});

afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

describe('Import… and Export… through main-process dialogs', () => {
  it('imports the file the dialog chose, with the forced format; a cancelled dialog imports nothing', async () => {
    expect(await invoke(FILE_CHANNELS.importDialog, APP_PAGE, {})).toEqual({ ok: true, result: null });
    expect(calls).toEqual([]);
    openAnswer = path.join(dir, 'pocket.csv');
    expect(await invoke(FILE_CHANNELS.importDialog, APP_PAGE, { format: 'pocket-csv' })).toEqual({ ok: true, result: RESULT });
    expect(calls).toEqual([['importLibrary', openAnswer, { format: 'pocket-csv' }]]);
  });

  it('never takes a path from the window: a path in the options is refused', async () => {
    openAnswer = path.join(dir, 'chosen.csv');
    const reply = await invoke(FILE_CHANNELS.importDialog, APP_PAGE, { format: 'pocket-csv', path: '/etc/passwd' });
    expect(reply.ok).toBe(false);
    const bad = await invoke(FILE_CHANNELS.exportDialog, APP_PAGE, { format: 'archive', path: '/tmp/x.zip' });
    expect(bad.ok).toBe(false);
    expect(calls).toEqual([]);
  });

  it('exports where the save dialog says, with a dated default name and the query', async () => {
    saveAnswer = path.join(dir, 'out.zip');
    const reply = await invoke(FILE_CHANNELS.exportDialog, APP_PAGE, { format: 'archive', query: 'tag:ai' });
    expect(reply).toEqual({ ok: true, result: `Exported 3 articles to ${saveAnswer}` });
    expect(calls[0]![0]).toBe('saveDialog');
    expect(calls[0]![1]).toMatch(/^tidings-archive-\d{4}-\d{2}-\d{2}\.zip$/);
    expect(calls[1]).toEqual(['exportLibrary', saveAnswer, { format: 'archive', query: 'tag:ai' }]);
  });

  it('refuses every channel from a frame that is not our page', async () => {
    openAnswer = path.join(dir, 'x.csv');
    for (const channel of Object.values(FILE_CHANNELS)) {
      const reply = await invoke(channel, 'https://evil.example/', { format: 'archive' }, path.join(dir, 'x.csv'), 'library');
      expect(reply.ok, channel).toBe(false);
      expect((await invoke(channel, null, {})).ok).toBe(false);
    }
    expect(calls).toEqual([]);
  });
});

describe('a dropped file', () => {
  it('is imported by its kind: an article, feeds, or a library', async () => {
    const page = path.join(dir, 'page.html');
    await fs.writeFile(page, '<title>x</title>');
    const opml = path.join(dir, 'feeds.opml');
    await fs.writeFile(opml, '<opml/>');
    const csv = path.join(dir, 'pocket.csv');
    await fs.writeFile(csv, 'title,url');
    expect(await invoke(FILE_CHANNELS.importDropped, APP_PAGE, page, 'article')).toEqual({ ok: true, result: { kind: 'article', article: { id: 'a1', title: 'Dropped page' } } });
    expect((await invoke(FILE_CHANNELS.importDropped, APP_PAGE, opml, 'opml')).ok).toBe(true);
    expect((await invoke(FILE_CHANNELS.importDropped, APP_PAGE, csv, 'library')).ok).toBe(true);
    expect(calls).toEqual([['importFile', page], ['importOpml', '<opml/>'], ['importLibrary', csv, undefined]]);
  });

  it('must be a regular file given by an absolute path: folders, devices, symlinks, relative paths and unknown kinds are refused', async () => {
    const link = path.join(dir, 'link.csv');
    await fs.writeFile(path.join(dir, 'target.csv'), 'x');
    await fs.symlink(path.join(dir, 'target.csv'), link);
    for (const [file, kind] of [[dir, 'library'], ['/dev/zero', 'library'], [link, 'library'], ['pocket.csv', 'library'], [path.join(dir, 'missing.csv'), 'library'], [path.join(dir, 'target.csv'), 'shell'], [42, 'library']] as const) {
      const reply = await invoke(FILE_CHANNELS.importDropped, APP_PAGE, file, kind);
      expect(reply.ok, String(file)).toBe(false);
    }
    expect(calls).toEqual([]);
  });
});

describe('the preload side', () => {
  it('sends the path Electron knows for a dropped File, and refuses a File that has none (made by the page)', async () => {
    const sent: unknown[][] = [];
    const bridge = createFilesBridge({ invoke: async (...args: unknown[]) => (sent.push(args), { ok: true, result: 'done' }) }, (file) => (file.name === 'real.csv' ? '/home/u/real.csv' : ''));
    expect(await bridge.importDropped(new File(['x'], 'real.csv'), 'library')).toBe('done');
    expect(sent).toEqual([[FILE_CHANNELS.importDropped, '/home/u/real.csv', 'library']]);
    await expect(bridge.importDropped(new File(['x'], 'forged.csv'), 'library')).rejects.toThrow(/not a file dropped/);
    await expect(bridge.importDropped('/etc/passwd' as unknown as File, 'library')).rejects.toThrow(/not a file dropped/);
    expect(sent).toHaveLength(1);
  });
});
