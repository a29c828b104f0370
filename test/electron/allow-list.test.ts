// The window reaches only the archive methods the renderer uses. A compromised page (an XSS in
// an article that got past the sanitizer, a hostile extension of the reader frame) must not be
// able to call importFile(anyPath) and read the user's files, or delete the archive in bulk:
// the preload does not offer those methods, and the main process refuses them on its own side.

import { promises as fs, readdirSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARCHIVE_METHODS, type Archive } from '../../src/api.js';
import { openArchive } from '../../src/archive/index.js';
import { createArchiveBridge, type IpcRendererLike } from '../../electron/bridge.js';
import { BRIDGED_METHODS, type IpcReply } from '../../electron/channels.js';
import { type InvokeEventLike, type IpcMainLike, registerArchiveHandlers } from '../../electron/ipc.js';
import { isAppUrl } from '../../electron/security.js';
import { windowApi } from '../../electron/window-api.js';

const RENDERER_SRC = fileURLToPath(new URL('../../renderer/src', import.meta.url));
const APP_PAGE = 'app://tidings/index.html';

type Handler = (event: InvokeEventLike, ...args: unknown[]) => Promise<IpcReply>;

class FakeIpcMain implements IpcMainLike {
  readonly handlers = new Map<string, Handler>();
  handle(channel: string, listener: Handler): void {
    this.handlers.set(channel, listener);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
  /** As Electron does: a channel with no handler rejects the renderer's invoke. */
  invoke(channel: string, ...args: unknown[]): Promise<IpcReply> {
    const handler = this.handlers.get(channel);
    if (!handler) return Promise.reject(new Error(`No handler registered for '${channel}'`));
    return handler({ senderFrame: { url: APP_PAGE } }, ...args);
  }
}

/** Every ArchiveApi method the renderer's code calls as `client.<method>(`. */
function methodsTheRendererCalls(): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const file = path.join(dir, name);
      if (statSync(file).isDirectory()) walk(file);
      else if (file.endsWith('.ts')) files.push(file);
    }
  };
  walk(RENDERER_SRC);
  const used = new Set<string>();
  for (const file of files) {
    for (const match of readFileSync(file, 'utf8').matchAll(/\bclient\.(\w+)\(/g)) {
      if ((ARCHIVE_METHODS as readonly string[]).includes(match[1]!)) used.add(match[1]!);
    }
  }
  return [...used].sort();
}

let dir: string;
let archive: Archive;
let secret: string;

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'tidings-allow-'));
  archive = await openArchive(path.join(dir, 'archive'));
  secret = path.join(dir, 'private-notes.txt');
  await fs.writeFile(secret, 'the user\'s private notes: not for a hostile page');
});

afterAll(async () => {
  await archive?.close();
  await fs.rm(dir, { recursive: true, force: true });
});

describe('the allow list', () => {
  it('is exactly the methods the renderer calls', () => {
    expect([...BRIDGED_METHODS].sort()).toEqual(methodsTheRendererCalls());
    expect(BRIDGED_METHODS).not.toContain('importFile');
  });

  it('is all the preload bridge offers the page', () => {
    const bridge = createArchiveBridge({ invoke: async () => ({ ok: true, result: null }), on: () => undefined, removeListener: () => undefined } satisfies IpcRendererLike);
    const offered = Object.keys(bridge).filter((key) => key !== 'onEvent' && key !== 'assetUrl');
    expect(offered.sort()).toEqual([...BRIDGED_METHODS].sort());
    expect('importFile' in bridge).toBe(false);
  });
});

describe('the main process', () => {
  it('registers handlers only for the allowed methods: a call to any other finds none', async () => {
    const ipc = new FakeIpcMain();
    registerArchiveHandlers(ipc, windowApi(archive), { isTrustedUrl: isAppUrl });
    expect([...ipc.handlers.keys()].sort()).toEqual(BRIDGED_METHODS.map((m) => `archive:${m}`).sort());
    await expect(ipc.invoke('archive:importFile', secret)).rejects.toThrow(/No handler registered for 'archive:importFile'/);
    await expect(ipc.invoke('archive:importLibrary', secret)).rejects.toThrow(/No handler/);
    expect((await ipc.invoke('archive:listArticles', {})).ok).toBe(true);
  });

  it('refuses a method off the list even when a handler for it exists, and the archive is untouched', async () => {
    const before = (await archive.listArticles({})).total;
    const api = windowApi(archive);
    await expect(api.importFile(secret)).rejects.toMatchObject({ name: 'TidingsError', kind: 'invalid', message: expect.stringMatching(/^ipc: importFile: not available to the window/) });
    for (const method of ARCHIVE_METHODS.filter((m) => !(BRIDGED_METHODS as readonly string[]).includes(m))) {
      await expect((api[method] as () => Promise<unknown>)(), method).rejects.toThrow(new RegExp(`^ipc: ${method}: not available to the window`));
    }
    expect((await archive.listArticles({})).total).toBe(before);
    expect((await api.listArticles({})).total).toBe(before);
  });
});
