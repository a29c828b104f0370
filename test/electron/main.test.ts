// The main process start to quit, with a fake of the Electron API (the binary cannot run here)
// and a real archive in a temporary folder: the order of start, the window's settings, the
// protocols, IPC for every method, events and menu commands reaching the window, permissions
// refused, a second instance focusing the first, and quit waiting for the archive to close.

import { existsSync, mkdtempSync, promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { BRIDGED_METHODS, FILE_CHANNELS, MENU_SET_CHANNEL } from '../../electron/channels.js';

type Listener = (...args: unknown[]) => unknown;

const fake = vi.hoisted(() => {
  const log: string[] = [];
  const dataDir = { value: '' };

  class Emitter {
    readonly listeners = new Map<string, Listener[]>();
    on(event: string, listener: Listener) {
      this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
      return this;
    }
    once(event: string, listener: Listener) {
      return this.on(event, listener);
    }
    emit(event: string, ...args: unknown[]) {
      for (const l of this.listeners.get(event) ?? []) l(...args);
    }
  }

  class FakeApp extends Emitter {
    paths = new Map<string, string>();
    quitted = false;
    exitCode: number | null = null;
    isPackaged = false;
    badges: number[] = [];
    setBadgeCount(count: number) {
      this.badges.push(count);
      return true;
    }
    setPath(name: string, value: string) {
      log.push(`app.setPath ${name}`);
      this.paths.set(name, value);
    }
    getPath(name: string) {
      if (name === 'appData') return path.join(dataDir.value, 'appData');
      return this.paths.get(name) ?? '';
    }
    setAsDefaultProtocolClient(scheme: string) {
      log.push(`app.setAsDefaultProtocolClient ${scheme}`);
      return true;
    }
    enableSandbox() {
      log.push('app.enableSandbox');
    }
    requestSingleInstanceLock() {
      log.push('app.requestSingleInstanceLock');
      return true;
    }
    whenReady() {
      log.push('app.whenReady');
      return Promise.resolve();
    }
    quit() {
      let prevented = false;
      this.emit('before-quit', { preventDefault: () => (prevented = true) });
      if (!prevented) this.quitted = true;
    }
    exit(code: number) {
      this.exitCode = code;
    }
  }

  class WebContents extends Emitter {
    sent: [string, unknown][] = [];
    openHandler: ((d: { url: string }) => unknown) | null = null;
    send(channel: string, value: unknown) {
      this.sent.push([channel, value]);
    }
    isDestroyed() {
      return false;
    }
    setWindowOpenHandler(handler: (d: { url: string }) => unknown) {
      this.openHandler = handler;
    }
  }

  const windows: FakeWindow[] = [];
  class FakeWindow extends Emitter {
    webContents = new WebContents();
    loaded: string | null = null;
    focused = 0;
    constructor(readonly options: Record<string, unknown>) {
      super();
      windows.push(this);
      log.push('new BrowserWindow');
      app.emit('web-contents-created', {}, this.webContents);
    }
    async loadURL(url: string) {
      this.loaded = url;
    }
    isDestroyed() {
      return false;
    }
    maximize() {}
    show() {}
    isMinimized() {
      return true;
    }
    restore() {}
    focus() {
      this.focused++;
    }
    getNormalBounds() {
      return { x: 10, y: 20, width: 900, height: 700 };
    }
    isMaximized() {
      return false;
    }
  }

  const handlers = new Map<string, Listener>();
  const protocols = new Map<string, (request: Request) => Promise<Response>>();
  const sessionHandlers: Record<string, Listener> = {};
  const app = new FakeApp();
  const module = {
    app,
    BrowserWindow: FakeWindow,
    ipcMain: {
      handle: (channel: string, listener: Listener) => handlers.set(channel, listener),
      removeHandler: (channel: string) => handlers.delete(channel),
    },
    protocol: {
      registerSchemesAsPrivileged: (schemes: { scheme: string }[]) => log.push(`protocol.registerSchemesAsPrivileged ${schemes.map((s) => s.scheme).join(',')}`),
      handle: (scheme: string, handler: (request: Request) => Promise<Response>) => {
        log.push(`protocol.handle ${scheme}`);
        protocols.set(scheme, handler);
      },
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (h: Listener) => (sessionHandlers.request = h),
        setPermissionCheckHandler: (h: Listener) => (sessionHandlers.check = h),
        setDevicePermissionHandler: (h: Listener) => (sessionHandlers.device = h),
        webRequest: { onBeforeRequest: (_filter: unknown, h: Listener) => (sessionHandlers.beforeRequest = h) },
      },
    },
    screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] },
    nativeTheme: { shouldUseDarkColors: false },
    Menu: {
      template: null as unknown,
      buildFromTemplate: (template: unknown) => template,
      setApplicationMenu(menu: unknown) {
        this.template = menu;
      },
    },
    dialog: { showErrorBox: (title: string, message: string) => log.push(`dialog.showErrorBox ${title}: ${message}`) },
    Notification: class {
      static isSupported() {
        return true;
      }
      on() {
        return this;
      }
      show() {}
    },
    shell: { opened: [] as string[], openExternal: async (url: string) => void module.shell.opened.push(url) },
  };
  return { module, log, windows, handlers, protocols, sessionHandlers, dataDir, app };
});

vi.mock('electron', () => ({ ...fake.module, default: fake.module }));

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'tidings-main-'));
fake.dataDir.value = dataDir;
const archiveDir = path.join(dataDir, 'archive');
process.env.TIDINGS_DATA_DIR = archiveDir;

afterAll(async () => {
  delete process.env.TIDINGS_DATA_DIR;
  await fs.rm(dataDir, { recursive: true, force: true });
});

const invoke = (method: string, ...args: unknown[]) =>
  fake.handlers.get(`archive:${method}`)!({ senderFrame: { url: 'app://tidings/index.html' } }, ...args) as Promise<{ ok: boolean; result?: unknown; error?: string }>;

describe('main process', () => {
  it('starts in order: data folder, sandbox, schemes, single instance; then ready, protocols, window', async () => {
    await import('../../electron/main.js');
    await vi.waitFor(() => expect(fake.windows[0]?.loaded).toBe('app://tidings/index.html'), { timeout: 20_000 });
    expect(fake.app.getPath('userData')).toBe(archiveDir);
    const order = (entry: string) => fake.log.indexOf(entry);
    expect(order('app.setPath userData')).toBe(0);
    expect(order('app.enableSandbox')).toBeGreaterThan(-1);
    expect(order('protocol.registerSchemesAsPrivileged app,tidings-asset')).toBeLessThan(order('app.whenReady'));
    expect(order('app.requestSingleInstanceLock')).toBeLessThan(order('app.whenReady'));
    expect(order('protocol.handle app')).toBeGreaterThan(order('app.whenReady'));
    expect(order('protocol.handle tidings-asset')).toBeLessThan(order('new BrowserWindow'));
    expect(fake.log.filter((l) => l.startsWith('dialog.'))).toEqual([]);
  });

  it('opens the window sandboxed and isolated, with the bundled preload', () => {
    const prefs = fake.windows[0]!.options.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false, webSecurity: true });
    expect(path.basename(prefs.preload as string)).toBe('preload.cjs');
    expect(fake.windows[0]!.options.backgroundColor).toBe('#ffffff');
  });

  it('answers the allowed methods over IPC from the opened archive, and no others', async () => {
    expect([...fake.handlers.keys()].sort()).toEqual([...BRIDGED_METHODS.map((m) => `archive:${m}`), ...Object.values(FILE_CHANNELS), MENU_SET_CHANNEL].sort());
    expect(fake.handlers.has('archive:importLibrary')).toBe(false);
    expect(fake.handlers.has('archive:exportLibrary')).toBe(false);
    expect(fake.handlers.has('archive:importFile')).toBe(false);
    const page = await invoke('listArticles', { limit: 5 });
    expect(page.ok).toBe(true);
    expect((page.result as { items: { lang: string }[] }).items[0]!.lang).toBe('pl');
    const foreign = (await fake.handlers.get('archive:listTags')!({ senderFrame: { url: 'https://evil.example/' } })) as { ok: boolean };
    expect(foreign.ok).toBe(false);
  });

  it('sends archive events and menu commands to the window', async () => {
    const contents = fake.windows[0]!.webContents;
    const id = ((await invoke('listArticles', {})).result as { items: { id: string }[] }).items[0]!.id;
    await invoke('setStarred', [id], true);
    expect(contents.sent).toContainEqual(['archive:event', { type: 'changed', what: 'articles', ids: [id] }]);
    type Menu = { label?: string; role?: string; submenu?: { label?: string; role?: string; click?: () => void }[] }[];
    // Before the window describes its commands, the menu has main's roles only.
    const bare = fake.module.Menu.template as Menu;
    expect(bare.flatMap((m) => m.submenu ?? []).filter((i) => i.click)).toEqual([]);
    // The window describes them (as renderer/src/commands does); a click sends the id back.
    const described = { file: [{ command: 'add-feed', label: 'Add Feed…', group: 1, accelerator: 'CmdOrCtrl+N' }] };
    const set = await fake.handlers.get(MENU_SET_CHANNEL)!({ senderFrame: { url: 'app://tidings/index.html' } }, described);
    expect(set).toEqual({ ok: true, result: null });
    const menu = fake.module.Menu.template as Menu;
    const file = menu.find((m) => m.label === 'File')!;
    file.submenu!.find((i) => i.label === 'Add Feed…')!.click!();
    expect(contents.sent).toContainEqual(['app:menu', 'add-feed']);
    // Another frame cannot set it.
    const foreign = await fake.handlers.get(MENU_SET_CHANNEL)!({ senderFrame: { url: 'https://evil.example/' } }, { file: [] });
    expect(foreign).toMatchObject({ ok: false, kind: 'invalid' });
    expect(fake.module.Menu.template).toBe(menu);
  });

  it('serves archive images and the app through its protocols, refusing other names', async () => {
    const asset = await fake.protocols.get('tidings-asset')!(new Request('tidings-asset://asset/..%2Flibrary.json'));
    expect(asset.status).toBe(404);
    const app = await fake.protocols.get('app')!(new Request('app://tidings/../../package.json'));
    expect(app.status).toBe(404);
  });

  it('refuses permissions and every http(s) request of the page, and guards navigation', () => {
    let granted: boolean | null = null;
    fake.sessionHandlers.request!({}, 'media', (ok: boolean) => (granted = ok));
    expect(granted).toBe(false);
    expect(fake.sessionHandlers.check!({}, 'notifications')).toBe(false);
    let cancelled: boolean | null = null;
    fake.sessionHandlers.beforeRequest!({ url: 'https://tracker.example/pixel.gif' }, (r: { cancel: boolean }) => (cancelled = r.cancel));
    expect(cancelled).toBe(true);
    const contents = fake.windows[0]!.webContents;
    expect(contents.openHandler!({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
    expect(fake.module.shell.opened).toEqual(['https://example.com/']);
    let prevented = false;
    contents.emit('will-navigate', { url: 'https://evil.example/', isMainFrame: true, preventDefault: () => (prevented = true) });
    expect(prevented).toBe(true);
  });

  it('focuses the window when a second instance starts', () => {
    fake.app.emit('second-instance');
    expect(fake.windows[0]!.focused).toBe(1);
  });

  it('registers as the tidings:// handler before taking the single-instance lock', () => {
    expect(fake.log.indexOf('app.setAsDefaultProtocolClient tidings')).toBeGreaterThan(-1);
    expect(fake.log.indexOf('app.setAsDefaultProtocolClient tidings')).toBeLessThan(fake.log.indexOf('app.requestSingleInstanceLock'));
  });

  it('saves the page of a tidings:// link a second launch passes, ignores a hostile one, and says so in the window', async () => {
    const contents = fake.windows[0]!.webContents;
    const notices = () => contents.sent.filter(([c, e]) => c === 'archive:event' && (e as { type: string }).type === 'notice').map(([, e]) => e as { level: string; message: string });
    const before = notices().length;
    fake.app.emit('second-instance', {}, ['/usr/bin/tidings', 'tidings://save?url=javascript%3Aalert(1)']);
    await vi.waitFor(() => expect(notices().length).toBe(before + 1));
    expect(notices().at(-1)!.message).toMatch(/^Ignored a tidings:\/\/ link/);
    const count = async () => ((await invoke('listArticles', {})).result as { total: number }).total;
    const total = await count();
    // Nothing listens on port 9: the save fails and, asked with keepFailed, keeps a placeholder.
    fake.app.emit('open-url', { preventDefault: () => undefined }, 'tidings://save?url=http%3A%2F%2F127.0.0.1%3A9%2Fgone&title=Gone');
    await vi.waitFor(() => expect(notices().length).toBe(before + 2), { timeout: 15_000 });
    expect(notices().at(-1)!.message).toMatch(/tidings:\/\/|127\.0\.0\.1/);
    expect(await count()).toBeGreaterThanOrEqual(total);
  });

  it('never lets the window open a dropped file: a file:// navigation is refused and not handed to the system', () => {
    const contents = fake.windows[0]!.webContents;
    const opened = fake.module.shell.opened.length;
    let prevented = false;
    contents.emit('will-navigate', { url: 'file:///home/u/Downloads/pocket.csv', isMainFrame: true, preventDefault: () => (prevented = true) });
    expect(prevented).toBe(true);
    expect(fake.module.shell.opened.length).toBe(opened);
  });

  it('keeps the dock badge at the number of unread articles (issue 16)', async () => {
    const unread = async () => ((await invoke('listArticles', { view: 'unread', limit: 1 })).result as { total: number }).total;
    await vi.waitFor(async () => expect(fake.app.badges.at(-1)).toBe(await unread()), { timeout: 10_000 });
    const page = (await invoke('listArticles', {})).result as { items: { id: string; read: boolean }[] };
    const article = page.items[0]!;
    await invoke('setRead', [article.id], !article.read);
    await vi.waitFor(async () => expect(fake.app.badges.at(-1)).toBe(await unread()), { timeout: 10_000 });
    expect(fake.app.badges.length).toBeGreaterThanOrEqual(2);
  });

  it('on quit, saves the window state and closes the archive before letting the app exit', async () => {
    expect(existsSync(path.join(archiveDir, 'tidings.lock'))).toBe(true);
    fake.app.quit();
    expect(fake.app.quitted).toBe(false);
    await vi.waitFor(() => expect(fake.app.quitted).toBe(true), { timeout: 10_000 });
    expect(existsSync(path.join(archiveDir, 'tidings.lock'))).toBe(false);
    const state = JSON.parse(await fs.readFile(path.join(archiveDir, 'window-state.json'), 'utf8')) as unknown;
    expect(state).toEqual({ x: 10, y: 20, width: 900, height: 700, maximized: false });
    const library = JSON.parse(await fs.readFile(path.join(archiveDir, 'library.json'), 'utf8')) as { articles: Record<string, { starred: boolean }> };
    expect(Object.values(library.articles).some((a) => a.starred)).toBe(true);
  });
});
