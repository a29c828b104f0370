// The application menu. Items that need a dialog or a view of the window are sent to the
// renderer as menu commands (it runs them like its own buttons and keys); OPML import and
// export use native file dialogs, so the main process does those itself.

import type { MenuItemConstructorOptions } from 'electron';
import type { MenuCommand } from './channels.js';

export type MenuAction = MenuCommand | 'import-opml' | 'export-opml';

/** One item of the template (Electron's type, re-exported for the tests, which may not import electron). */
export type MenuItem = MenuItemConstructorOptions;

export interface MenuOptions {
  platform: NodeJS.Platform;
  /** Developer tools in the View menu (not in a packaged app). */
  devTools: boolean;
  run(action: MenuAction): void;
}

export function menuTemplate(options: MenuOptions): MenuItem[] {
  const item = (label: string, action: MenuAction, accelerator?: string): MenuItemConstructorOptions => ({
    label,
    accelerator,
    click: () => options.run(action),
  });
  const isMac = options.platform === 'darwin';
  const theme = (label: string, action: MenuAction): MenuItemConstructorOptions => ({ ...item(label, action), type: 'radio' });

  const template: MenuItemConstructorOptions[] = [
    {
      label: 'File',
      submenu: [
        item('Add Feed…', 'add-feed', 'CmdOrCtrl+N'),
        item('Save Page from URL…', 'save-url', 'CmdOrCtrl+Shift+S'),
        { type: 'separator' },
        item('Refresh All Feeds', 'refresh', 'CmdOrCtrl+R'),
        { type: 'separator' },
        item('Import from Another App…', 'import-library', 'CmdOrCtrl+I'),
        item('Export Library…', 'export-library'),
        { type: 'separator' },
        item('Import Subscriptions (OPML)…', 'import-opml', 'CmdOrCtrl+O'),
        item('Export Subscriptions (OPML)…', 'export-opml', 'CmdOrCtrl+Shift+E'),
        { type: 'separator' },
        item('Settings…', 'settings', 'CmdOrCtrl+,'),
        item('Tag Rules…', 'rules'),
        ...(isMac ? [] : [{ type: 'separator' } as const, { role: 'quit' } as const]),
      ],
    },
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [
        item('Search', 'search', 'CmdOrCtrl+F'),
        { type: 'separator' },
        {
          label: 'Theme',
          submenu: [theme('Follow System', 'theme-system'), theme('Light', 'theme-light'), theme('Dark', 'theme-dark')],
        },
        item('Larger Text', 'font-bigger', 'CmdOrCtrl+='),
        item('Smaller Text', 'font-smaller', 'CmdOrCtrl+-'),
        item('Default Text Size', 'font-reset', 'CmdOrCtrl+0'),
        { type: 'separator' },
        { role: 'togglefullscreen' },
        ...(options.devTools ? [{ role: 'toggleDevTools' } as const] : []),
      ],
    },
    { role: 'windowMenu' },
    { role: 'help', submenu: [item('Keyboard Shortcuts', 'shortcuts', 'F1')] },
  ];
  return isMac ? [{ role: 'appMenu' }, ...template] : template;
}
