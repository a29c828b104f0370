// @vitest-environment jsdom
// The window's menu description as main receives it: the real table passes main's checks
// (electron/menu.ts), and the menu built from it runs every command of the table's menus by id.

import { describe, expect, it } from 'vitest';
import { COMMANDS, describeMenu, isCommandId } from '../../renderer/src/commands/index.js';
import { type MenuItem, menuTemplate, parsePageMenu } from '../../electron/menu.js';

function flatten(items: MenuItem[]): MenuItem[] {
  return items.flatMap((item) => [item, ...(Array.isArray(item.submenu) ? flatten(item.submenu) : [])]);
}

describe("the window's menu", () => {
  it("passes main's checks, and each item sends a command of the table", () => {
    const page = parsePageMenu(JSON.parse(JSON.stringify(describeMenu((id) => id === 'theme-system'))));
    const sent: string[] = [];
    const items = flatten(menuTemplate({ platform: 'linux', devTools: false, page, run: (c) => sent.push(c) }));
    for (const item of items) (item.click as (() => void) | undefined)?.();
    const inMenus = COMMANDS.filter((c) => 'menu' in c).map((c) => c.id);
    expect(sent.sort()).toEqual([...inMenus].sort());
    expect(sent.every(isCommandId)).toBe(true);
    expect(items.find((i) => i.label === 'Add Feed…')?.accelerator).toBe('CmdOrCtrl+N');
    expect(items.find((i) => i.label === 'Delete the Article')).toMatchObject({ accelerator: 'Delete', registerAccelerator: false });
  });
});
