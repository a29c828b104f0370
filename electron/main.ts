// The Electron main process: the one place that knows the order of the desktop app's start and
// stop. Start: one instance only, privileged schemes, the archive opened in userData, the
// session locked down, protocols, IPC, menu, window. Stop: window state saved and the archive
// closed (flushed) before the app exits.

import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, dialog, Menu, Notification, protocol, session, shell } from 'electron';
import { type Archive, type ArchiveEvent, type ArticleSummary, ASSET_SCHEME, type SaveUrlOptions } from '../src/api.js';
import { openArchive } from '../src/archive/index.js';
import { describeError } from '../src/errors.js';
import { watchUnread } from './badge.js';
import { EVENT_CHANNEL, MENU_CHANNEL } from './channels.js';
import { electronIpcMain, forwardEvents, installArchiveIpc } from './ipc.js';
import { menuTemplate, type PageMenu, registerMenuHandler } from './menu.js';
import { watchNewArticles } from './notifications.js';
import { installFileIpc } from './library-files.js';
import { exportOpmlFromDialog, importOpmlFromDialog } from './opml-dialogs.js';
import { appResponse, assetResponse, SCHEME_PRIVILEGES } from './protocols.js';
import { APP_SCHEME, guardContents, isAppUrl, isNetworkUrl, NETWORK_URL_PATTERNS, permissionRequest, throttled } from './security.js';
import { createLinkHandler, LINK_SCHEME, linkInArgv } from './tidings-link.js';
import { windowApi } from './window-api.js';
import { createWindow, type TidingsWindow } from './window.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const PRELOAD = path.join(here, 'preload.cjs');
const RENDERER_DIR = path.join(here, '..', 'renderer');

// The archive lives where the command line looks for it by default (src/cli/data-dir.ts):
// <appData>/Tidings, whatever the package name; TIDINGS_DATA_DIR overrides, as for the CLI.
app.setPath('userData', process.env.TIDINGS_DATA_DIR ?? path.join(app.getPath('appData'), 'Tidings'));
app.enableSandbox();
protocol.registerSchemesAsPrivileged(SCHEME_PRIVILEGES);

// tidings://save?url=… links (the bookmarklet) open this app; in development the launch needs
// the script's path too.
if (process.defaultApp && process.argv[1]) app.setAsDefaultProtocolClient(LINK_SCHEME, process.execPath, [path.resolve(process.argv[1])]);
else app.setAsDefaultProtocolClient(LINK_SCHEME);

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  start().catch((error) => {
    dialog.showErrorBox('Tidings cannot start', describeError(error));
    app.exit(1);
  });
}

async function start(): Promise<void> {
  let main: TidingsWindow | null = null;
  let notifyWindow: (event: ArchiveEvent) => void = () => undefined;
  // Links wait for the archive and the window (macOS sends 'open-url' before ready).
  let save: (url: string, options: SaveUrlOptions) => Promise<ArticleSummary> = () => Promise.reject(new Error('not open yet'));
  const links = createLinkHandler({ save: (url, options) => save(url, options), notify: (event) => notifyWindow(event) });
  app.on('open-url', (event, url) => {
    event.preventDefault();
    void links.handle(url);
  });
  app.on('second-instance', (_event, argv: string[] = []) => {
    const link = linkInArgv(argv);
    if (link) void links.handle(link);
    if (!main || main.window.isDestroyed()) return;
    if (main.window.isMinimized()) main.window.restore();
    main.window.focus();
  });
  const openInBrowser = throttled((url) => void shell.openExternal(url));
  app.on('web-contents-created', (_event, contents) => guardContents(contents, openInBrowser));

  await app.whenReady();
  const archive = await openArchive(app.getPath('userData'));
  closeOnQuit(archive, () => main);
  lockDownSession();
  protocol.handle(APP_SCHEME, (request) => appResponse(RENDERER_DIR, request.url));
  protocol.handle(ASSET_SCHEME, (request) => assetResponse((name) => archive.assetPath(name), request.url, request.headers.get('range')));
  // The window gets the allowed methods only (window-api.ts): never importFile(anyPath).
  await installArchiveIpc(windowApi(archive), { isTrustedUrl: isAppUrl });

  // The menu: main's roles until the window describes its commands (it may as soon as it loads).
  let runMenu: (command: string) => void = () => undefined;
  const showMenu = (page: PageMenu | null) =>
    Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate({ platform: process.platform, devTools: !app.isPackaged, page, run: (command) => runMenu(command) })));
  showMenu(null);
  registerMenuHandler(await electronIpcMain(), { isTrustedUrl: isAppUrl }, showMenu);

  main = await createWindow(path.join(app.getPath('userData'), 'window-state.json'), PRELOAD);
  const window = main.window;
  const target = { isDestroyed: () => window.isDestroyed() || window.webContents.isDestroyed(), send: (channel: string, value: unknown) => window.webContents.send(channel, value) };
  forwardEvents(archive, target);
  // The unread count on the dock/taskbar icon, and notifications of the feeds marked "notify".
  watchUnread(archive, app);
  watchNewArticles(archive, {
    isSupported: () => Notification.isSupported(),
    show(notice) {
      const note = new Notification({ title: notice.title, body: notice.body });
      note.on('click', () => {
        if (window.isDestroyed()) return;
        if (window.isMinimized()) window.restore();
        window.focus();
      });
      note.show();
    },
  });
  const notify = (event: ArchiveEvent) => !target.isDestroyed() && target.send(EVENT_CHANNEL, event);
  for (const message of archive.notices) notify({ type: 'notice', level: 'warning', message });
  // Import…, Export… and drops: paths from main's dialogs or the preload's dropped File, never the page.
  await installFileIpc(archive, window, { isTrustedUrl: isAppUrl });
  notifyWindow = notify;
  save = (url, options) => archive.saveUrl(url, options);
  links.ready();
  const launchLink = linkInArgv(process.argv);
  if (launchLink) void links.handle(launchLink);

  // A menu item: the OPML ones main does with native dialogs; the others are the window's commands.
  runMenu = (command: string) => {
    if (command === 'import-opml') return void importOpmlFromDialog(archive, window, notify);
    if (command === 'export-opml') return void exportOpmlFromDialog(archive, window, notify);
    if (!target.isDestroyed()) target.send(MENU_CHANNEL, command);
  };
  app.on('window-all-closed', () => app.quit());
}

/** Nothing leaves the window's session: no permissions, no http(s) requests from the page. */
function lockDownSession(): void {
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_contents, permission, callback) => callback(permissionRequest(permission)));
  ses.setPermissionCheckHandler((_contents, permission) => permissionRequest(permission));
  ses.setDevicePermissionHandler(() => false);
  // The engine fetches with Node in this process; the page itself never needs the network.
  ses.webRequest.onBeforeRequest({ urls: NETWORK_URL_PATTERNS }, (details, callback) => callback({ cancel: isNetworkUrl(details.url) }));
}

/** On quit: save the window's place, close (flush) the archive, then let the app exit. */
function closeOnQuit(archive: Archive, current: () => TidingsWindow | null): void {
  let state: 'open' | 'closing' | 'closed' = 'open';
  app.on('before-quit', (event) => {
    if (state === 'closed') return;
    event.preventDefault();
    if (state === 'closing') return;
    state = 'closing';
    void (async () => {
      await current()?.saveState().catch(() => undefined);
      try {
        await archive.close();
      } catch (error) {
        dialog.showErrorBox('Tidings could not save everything', describeError(error));
      }
      state = 'closed';
      app.quit();
    })();
  });
}

