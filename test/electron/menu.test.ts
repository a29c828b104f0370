// The application menu: every item the issue asks for exists, each runs its action, and no two
// items share an accelerator.

import { describe, expect, it } from 'vitest';
import { type MenuAction, type MenuItem, menuTemplate } from '../../electron/menu.js';

function flatten(items: MenuItem[]): MenuItem[] {
  return items.flatMap((item) => [item, ...(Array.isArray(item.submenu) ? flatten(item.submenu) : [])]);
}

describe.each(['linux', 'darwin', 'win32'] as const)('menu on %s', (platform) => {
  const ran: MenuAction[] = [];
  const template = menuTemplate({ platform, devTools: false, run: (a) => ran.push(a) });
  const items = flatten(template);

  it('offers every action, each running its own', () => {
    const expected: MenuAction[] = ['add-feed', 'save-url', 'refresh', 'import-library', 'export-library', 'import-opml', 'export-opml', 'search', 'theme-system', 'theme-light', 'theme-dark', 'font-bigger', 'font-smaller', 'font-reset', 'shortcuts', 'settings', 'rules'];
    const clickable = items.filter((i) => i.click);
    for (const item of clickable) (item.click as () => void)();
    expect([...ran].sort()).toEqual([...expected].sort());
  });

  it('gives the main actions accelerators, none twice', () => {
    const accelerators = items.map((i) => i.accelerator).filter(Boolean);
    expect(new Set(accelerators).size).toBe(accelerators.length);
    const byLabel = new Map(items.map((i) => [i.label, i.accelerator]));
    expect(byLabel.get('Add Feed…')).toBe('CmdOrCtrl+N');
    expect(byLabel.get('Refresh All Feeds')).toBe('CmdOrCtrl+R');
  });

  it('has File, Edit, View, Window and Help, and the app menu on macOS', () => {
    const tops = template.map((i) => i.label ?? i.role);
    expect(tops).toEqual([...(platform === 'darwin' ? ['appMenu'] : []), 'File', 'editMenu', 'View', 'windowMenu', 'help']);
  });

  it('shows developer tools only when asked', () => {
    expect(items.some((i) => i.role === 'toggleDevTools')).toBe(false);
    const dev = flatten(menuTemplate({ platform, devTools: true, run: () => undefined }));
    expect(dev.some((i) => i.role === 'toggleDevTools')).toBe(true);
  });
});
