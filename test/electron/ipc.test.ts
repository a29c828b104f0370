// The IPC wiring without the Electron binary: a fake ipcMain and fake sender frames in front of
// a real archive on a temporary folder. Every method has a handler, foreign senders are refused,
// bad arguments are refused before the archive sees them, good calls arrive, events flow, and
// the preload's bridge speaks the same channels.

import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARCHIVE_METHODS, type Archive, type ArchiveApi, type ArchiveEvent } from '../../src/api.js';
import { openArchive } from '../../src/archive/index.js';
import { createArchiveBridge, createMenuBridge, forwardMenuCommands, type IpcRendererLike } from '../../electron/bridge.js';
import { BRIDGED_METHODS, EVENT_CHANNEL, type IpcReply, MENU_CHANNEL, MENU_DOM_EVENT, MENU_SET_CHANNEL } from '../../electron/channels.js';
import { forwardEvents, type InvokeEventLike, type IpcMainLike, registerArchiveHandlers } from '../../electron/ipc.js';
import { isAppUrl } from '../../electron/security.js';

type Handler = (event: InvokeEventLike, ...args: unknown[]) => Promise<IpcReply>;

/** ipcMain as far as handle/removeHandler go, plus a way to invoke as a given frame would. */
class FakeIpcMain implements IpcMainLike {
  readonly handlers = new Map<string, Handler>();
  handle(channel: string, listener: Handler): void {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, listener);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
  invoke(frameUrl: string | null, channel: string, ...args: unknown[]): Promise<IpcReply> {
    const handler = this.handlers.get(channel);
    if (!handler) throw new Error(`No handler registered for '${channel}'`);
    return handler({ senderFrame: frameUrl === null ? null : { url: frameUrl } }, ...args);
  }
}

const APP_PAGE = 'app://tidings/index.html';
let dir: string;
let archive: Archive;
let ipc: FakeIpcMain;
let unregister: () => void;
let seedId: string;

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'tidings-ipc-'));
  archive = await openArchive(dir);
  ipc = new FakeIpcMain();
  unregister = registerArchiveHandlers(ipc, archive, { isTrustedUrl: isAppUrl });
  seedId = (await archive.listArticles({})).items[0]!.id;
});

afterAll(async () => {
  await archive?.close();
  await fs.rm(dir, { recursive: true, force: true });
});

describe('handlers', () => {
  it('registers one handler per allowed method (allow-list.test.ts), on archive:<method>', () => {
    expect([...ipc.handlers.keys()].sort()).toEqual(BRIDGED_METHODS.map((m) => `archive:${m}`).sort());
    expect(BRIDGED_METHODS.every((m) => (ARCHIVE_METHODS as readonly string[]).includes(m))).toBe(true);
  });

  it('passes a good call to the archive and answers its result', async () => {
    const reply = await ipc.invoke(APP_PAGE, 'archive:setStarred', [seedId], true);
    expect(reply).toEqual({ ok: true, result: 1 });
    expect((await archive.getArticle(seedId)).starred).toBe(true);
    const page = await ipc.invoke('app://tidings/', 'archive:listArticles', { view: 'starred' });
    expect(page.ok && (page.result as { total: number }).total).toBe(1);
  });

  it('answers void methods with null (a plain, cloneable value)', async () => {
    // removeFeed is the one void method on the allow list; a stand-in archive answers it.
    const other = new FakeIpcMain();
    const api = { ...archive, removeFeed: async () => undefined } as unknown as ArchiveApi;
    registerArchiveHandlers(other, api, { isTrustedUrl: isAppUrl });
    expect(await other.invoke(APP_PAGE, 'archive:removeFeed', 'ffffffffffffffff')).toEqual({ ok: true, result: null });
  });

  it('refuses senders that are not our page, without touching the archive', async () => {
    const foreign = ['https://evil.example/', 'file:///home/user/index.html', 'app://evil/index.html', 'app://tidings.evil/index.html', 'about:srcdoc', 'about:blank', 'tidings-asset://asset/x', ''];
    for (const url of foreign) {
      const reply = await ipc.invoke(url, 'archive:setRead', [seedId], true);
      expect(reply.ok, url).toBe(false);
      expect(reply.ok === false && reply.kind).toBe('invalid');
      expect(reply.ok === false && reply.error, url).toMatch(/^ipc: setRead: refused a call from /);
    }
    const noFrame = await ipc.invoke(null, 'archive:setStarred', [seedId], false);
    expect(noFrame).toEqual({ ok: false, error: 'ipc: setStarred: refused a call from an unknown frame, which is not the Tidings window', kind: 'invalid' });
    const seed = await archive.getArticle(seedId);
    expect(seed.read).toBe(false);
  });

  it('refuses bad arguments with the contract message before the archive sees them', async () => {
    expect(await ipc.invoke(APP_PAGE, 'archive:setRead', seedId, true)).toEqual({ ok: false, error: 'contract: setRead: argument 1: must be a list', kind: 'invalid' });
    expect(await ipc.invoke(APP_PAGE, 'archive:listArticles', { limit: 5000 })).toEqual({ ok: false, error: 'contract: listArticles: argument 1.limit: must be from 1 to 1000', kind: 'invalid' });
    expect(await ipc.invoke(APP_PAGE, 'archive:getArticle', seedId, 'extra')).toEqual({ ok: false, error: 'contract: getArticle: arguments: too many: at most 1, got 2', kind: 'invalid' });
    expect((await archive.listArticles({})).total).toBe(1);
  });

  it("turns the archive's errors into one readable message with their kind", async () => {
    expect(await ipc.invoke(APP_PAGE, 'archive:getArticle', 'ffffffffffffffff')).toEqual({ ok: false, error: 'articles: ffffffffffffffff: no such article', kind: 'not-found' });
  });

  it('removes every handler it registered', () => {
    const other = new FakeIpcMain();
    const remove = registerArchiveHandlers(other, archive, { isTrustedUrl: isAppUrl });
    expect(other.handlers.size).toBe(BRIDGED_METHODS.length);
    remove();
    expect(other.handlers.size).toBe(0);
  });
});

describe('events', () => {
  it('forwards archive events to the window on archive:event, and stops when the window is gone', async () => {
    const sent: [string, unknown][] = [];
    let destroyed = false;
    const stop = forwardEvents(archive, { isDestroyed: () => destroyed, send: (channel, event) => sent.push([channel, event]) });
    await archive.setRead([seedId], true);
    expect(sent).toEqual([[EVENT_CHANNEL, { type: 'changed', what: 'articles', ids: [seedId] }]]);
    destroyed = true;
    await archive.setRead([seedId], false);
    expect(sent).toHaveLength(1);
    stop();
  });
});

describe('preload bridge', () => {
  /** The renderer side of the fake: invoke goes to FakeIpcMain as our page; sends come back to listeners. */
  function rendererIpc(frameUrl: string) {
    const listeners = new Map<string, Set<(event: unknown, ...args: unknown[]) => void>>();
    const renderer: IpcRendererLike = {
      invoke: (channel, ...args) => ipc.invoke(frameUrl, channel, ...args),
      on(channel, listener) {
        if (!listeners.has(channel)) listeners.set(channel, new Set());
        listeners.get(channel)!.add(listener);
      },
      removeListener(channel, listener) {
        listeners.get(channel)?.delete(listener);
      },
    };
    const deliver = (channel: string, value: unknown) => listeners.get(channel)?.forEach((l) => l({}, value));
    return { renderer, deliver };
  }

  it('offers every allowed method, calls through IPC, and rejects with the readable message', async () => {
    const { renderer } = rendererIpc(APP_PAGE);
    const bridge = createArchiveBridge(renderer);
    for (const method of BRIDGED_METHODS) expect(typeof bridge[method], method).toBe('function');
    expect((await bridge.listArticles({})).items[0]!.id).toBe(seedId);
    await expect(bridge.getArticle('ffffffffffffffff')).rejects.toThrow('articles: ffffffffffffffff: no such article');
    await expect(bridge.listArticles({ limit: -1 })).rejects.toThrow('contract: listArticles: argument 1.limit: must be from 1 to 1000');
  });

  it('is refused when loaded in a page that is not ours', async () => {
    const bridge = createArchiveBridge(rendererIpc('https://evil.example/').renderer);
    await expect(bridge.listTags()).rejects.toThrow(/refused a call from https:\/\/evil\.example\//);
  });

  it('delivers events to onEvent until unsubscribed, and names assets on tidings-asset://asset/', () => {
    const { renderer, deliver } = rendererIpc(APP_PAGE);
    const bridge = createArchiveBridge(renderer);
    const got: ArchiveEvent[] = [];
    const off = bridge.onEvent((e) => got.push(e));
    deliver(EVENT_CHANNEL, { type: 'notice', level: 'info', message: 'hello' });
    off();
    deliver(EVENT_CHANNEL, { type: 'notice', level: 'info', message: 'after' });
    expect(got).toEqual([{ type: 'notice', level: 'info', message: 'hello' }]);
    expect(bridge.assetUrl(`${'a'.repeat(64)}.png`)).toBe(`tidings-asset://asset/${'a'.repeat(64)}.png`);
  });

  it('turns menu commands into a cancelable DOM event on window, and drops what is not a command id', () => {
    const { renderer, deliver } = rendererIpc(APP_PAGE);
    const win = new EventTarget();
    const got: unknown[] = [];
    win.addEventListener(MENU_DOM_EVENT, (e) => {
      got.push((e as CustomEvent).detail);
      expect(e.cancelable).toBe(true);
    });
    forwardMenuCommands(renderer, win);
    deliver(MENU_CHANNEL, 'add-feed');
    deliver(MENU_CHANNEL, { toString: () => 'refresh' });
    deliver(MENU_CHANNEL, 'refresh');
    expect(got).toEqual(['add-feed', 'refresh']);
  });

  it("sends the page's menu on its channel and rejects with main's refusal", async () => {
    const invoked: [string, unknown[]][] = [];
    const answers: IpcReply[] = [{ ok: true, result: null }, { ok: false, error: 'menu: the window\'s menu: not an object', kind: 'invalid' }];
    const menu = createMenuBridge({ invoke: async (channel, ...args) => (invoked.push([channel, args]), answers.shift()) });
    await menu.set({ file: [] });
    await expect(menu.set('junk')).rejects.toThrow(/menu: the window's menu: not an object/);
    expect(invoked).toEqual([[MENU_SET_CHANNEL, [{ file: [] }]], [MENU_SET_CHANNEL, ['junk']]]);
  });
});

describe('teardown', () => {
  it('unregisters all handlers', () => {
    unregister();
    expect(ipc.handlers.size).toBe(0);
  });
});
