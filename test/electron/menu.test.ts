// The application menu: main's roles alone until the window describes its commands; then every
// item the window describes, grouped, each sending its own id; and a description a compromised
// page could send (roles, clicks, plain keys registered, main's own shortcuts, junk) is refused
// whole. (test/renderer/commands-menu.test.ts checks the window's real description passes.)

import { describe, expect, it } from 'vitest';
import { type MenuItem, menuTemplate, type PageMenu, parsePageMenu, registerMenuHandler } from '../../electron/menu.js';
import type { IpcReply } from '../../electron/channels.js';
import { MENU_SET_CHANNEL } from '../../electron/channels.js';
import type { InvokeEventLike } from '../../electron/ipc.js';

function flatten(items: MenuItem[]): MenuItem[] {
  return items.flatMap((item) => [item, ...(Array.isArray(item.submenu) ? flatten(item.submenu) : [])]);
}

const PAGE: PageMenu = {
  file: [
    { command: 'add-feed', label: 'Add Feed…', group: 1, accelerator: 'CmdOrCtrl+N' },
    { command: 'refresh', label: 'Refresh All Feeds', group: 2, accelerator: 'CmdOrCtrl+R' },
    { command: 'import-opml', label: 'Import Subscriptions (OPML)…', group: 3 },
  ],
  view: [
    { command: 'theme-system', label: 'Follow System', group: 1, submenu: 'Theme', radio: true, checked: false },
    { command: 'theme-dark', label: 'Dark', group: 1, submenu: 'Theme', radio: true, checked: true },
  ],
  article: [{ command: 'next', label: 'Next Article', group: 1, accelerator: 'J', shownOnly: true }],
  help: [{ command: 'shortcuts', label: 'Keyboard Shortcuts', group: 1, accelerator: 'F1' }],
};

describe.each(['linux', 'darwin', 'win32'] as const)('menu on %s', (platform) => {
  it("has main's roles only before the window describes its items", () => {
    const template = menuTemplate({ platform, devTools: false, page: null, run: () => undefined });
    expect(flatten(template).filter((i) => i.click)).toEqual([]);
    expect(template.map((i) => i.label ?? i.role)).toEqual([...(platform === 'darwin' ? ['appMenu'] : []), 'File', 'editMenu', 'View', 'windowMenu']);
  });

  it('shows every described item in its menu, in groups, each sending its own id', () => {
    const ran: string[] = [];
    const template = menuTemplate({ platform, devTools: false, page: parsePageMenu(PAGE), run: (c) => ran.push(c) });
    expect(template.map((i) => i.label ?? i.role)).toEqual([...(platform === 'darwin' ? ['appMenu'] : []), 'File', 'editMenu', 'View', 'Article', 'windowMenu', 'help']);
    for (const item of flatten(template)) (item.click as (() => void) | undefined)?.();
    expect(ran.sort()).toEqual(['add-feed', 'import-opml', 'next', 'refresh', 'shortcuts', 'theme-dark', 'theme-system']);
    const file = template.find((i) => i.label === 'File')!.submenu as MenuItem[];
    expect(file.map((i) => i.label ?? i.type ?? i.role)).toEqual(['Add Feed…', 'separator', 'Refresh All Feeds', 'separator', 'Import Subscriptions (OPML)…', ...(platform === 'darwin' ? [] : ['separator', 'quit'])]);
    const theme = flatten(template).find((i) => i.label === 'Theme')!.submenu as MenuItem[];
    expect(theme.map((i) => [i.label, i.type, i.checked])).toEqual([['Follow System', 'radio', false], ['Dark', 'radio', true]]);
    const next = flatten(template).find((i) => i.label === 'Next Article')!;
    expect([next.accelerator, next.registerAccelerator]).toEqual(['J', false]);
  });

  it('shows developer tools only when asked', () => {
    const items = flatten(menuTemplate({ platform, devTools: false, page: PAGE, run: () => undefined }));
    expect(items.some((i) => i.role === 'toggleDevTools')).toBe(false);
    const dev = flatten(menuTemplate({ platform, devTools: true, page: PAGE, run: () => undefined }));
    expect(dev.some((i) => i.role === 'toggleDevTools')).toBe(true);
  });
});

describe("the window's description, checked", () => {
  const item = (extra: Record<string, unknown>) => ({ file: [{ command: 'refresh', label: 'Refresh', group: 1, ...extra }] });
  const refused: [string, unknown, RegExp][] = [
    ['not an object', 'file', /not an object/],
    ['a list', [PAGE.file], /not an object/],
    ['a menu of its own', { tools: [] }, /no menu is called tools/],
    ['an item without a command', { file: [{ label: 'x', group: 1 }] }, /no command id/],
    ['a command that is not an id', { file: [{ command: 'Refresh Now', label: 'x', group: 1 }] }, /no command id/],
    ['an empty label', item({ label: '  ' }), /label/],
    ['a label with a line break', item({ label: 'Refresh\nnow' }), /label/],
    ['a very long label', item({ label: 'x'.repeat(81) }), /label/],
    ['a group that is not a whole number', item({ group: 1.5 }), /group/],
    ['a flag that is not true or false', item({ radio: 'yes' }), /radio must be true or false/],
    ['an accelerator that is not one', item({ accelerator: 'CmdOrCtrl+Banana' }), /not an accelerator/],
    ['a plain key registered with the system', item({ accelerator: 'J' }), /needs Ctrl, Cmd or Alt/],
    ['Shift and a key registered', item({ accelerator: 'Shift+A' }), /needs Ctrl, Cmd or Alt/],
    ["quit's shortcut", item({ accelerator: 'CmdOrCtrl+Q' }), /belongs to the app's own menu/],
    ["copy's shortcut spelled otherwise", item({ accelerator: 'Control+C' }), /belongs to the app's own menu/],
    ['an accelerator given twice', { file: [{ command: 'a', label: 'A', group: 1, accelerator: 'CmdOrCtrl+K' }], view: [{ command: 'b', label: 'B', group: 1, accelerator: 'Ctrl+K' }] }, /given to two items/],
    ['a command listed twice', { file: [{ command: 'a', label: 'A', group: 1 }, { command: 'a', label: 'B', group: 1 }] }, /listed twice/],
    ['too many items', { file: Array.from({ length: 61 }, (_, i) => ({ command: `c${i}`, label: 'x', group: 1 })) }, /more than 60 items/],
  ];
  it.each(refused)('refuses %s', (_what, value, message) => {
    expect(() => parsePageMenu(value)).toThrow(message);
  });

  it('keeps only the fields it knows: a role, a click or a type from the page never reach the menu', () => {
    const ran: string[] = [];
    const menu = parsePageMenu({ file: [{ command: 'refresh', label: 'Refresh', group: 1, role: 'quit', click: 'alert(1)', type: 'submenu', submenu: 'Go', enabled: false }] });
    expect(menu.file).toEqual([{ command: 'refresh', label: 'Refresh', group: 1, submenu: 'Go' }]);
    const built = flatten(menuTemplate({ platform: 'linux', devTools: false, page: menu, run: (c) => ran.push(c) })).find((i) => i.label === 'Refresh')!;
    expect(Object.keys(built).sort()).toEqual(['click', 'label']);
    (built.click as () => void)();
    expect(ran).toEqual(['refresh']);
  });
});

describe('the channel', () => {
  function fakeIpc() {
    const handlers = new Map<string, (event: InvokeEventLike, ...args: unknown[]) => Promise<IpcReply>>();
    return {
      handlers,
      handle: (channel: string, listener: (event: InvokeEventLike, ...args: unknown[]) => Promise<IpcReply>) => void handlers.set(channel, listener),
      removeHandler: (channel: string) => void handlers.delete(channel),
    };
  }
  const trusted = { isTrustedUrl: (url: string) => url === 'tidings-app://app/index.html' };

  it("sets the menu from our page, refuses other frames and bad descriptions, and leaves the menu as it was", async () => {
    const ipc = fakeIpc();
    const applied: PageMenu[] = [];
    const off = registerMenuHandler(ipc, trusted, (menu) => applied.push(menu));
    const set = (url: string | null, value: unknown) => ipc.handlers.get(MENU_SET_CHANNEL)!({ senderFrame: url ? { url } : null }, value);
    expect(await set('tidings-app://app/index.html', PAGE)).toEqual({ ok: true, result: null });
    expect(await set('https://evil.example/', PAGE)).toMatchObject({ ok: false, kind: 'invalid', error: expect.stringMatching(/refused a call from https:\/\/evil\.example/) });
    expect(await set(null, PAGE)).toMatchObject({ ok: false, kind: 'invalid' });
    expect(await set('tidings-app://app/index.html', item())).toMatchObject({ ok: false, kind: 'invalid', error: expect.stringMatching(/^menu: /) });
    expect(applied).toHaveLength(1);
    off();
    expect(ipc.handlers.size).toBe(0);
    function item() {
      return { file: [{ command: 'refresh', label: 'Refresh', group: 1, accelerator: 'CmdOrCtrl+W' }] };
    }
  });
});
