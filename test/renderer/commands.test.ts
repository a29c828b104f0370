// @vitest-environment jsdom
// The command registry: each key runs its command, keys typed into fields are the field's,
// buttons and menu items run commands by id, and the table never binds a key, an accelerator or
// an id twice. Every button of the page names a command that exists.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { COMMANDS, type CommandId, Commands, type Handlers, commandForKey, describeMenu, isCommandId, shortcutRows } from '../../renderer/src/commands/index.js';
import { isTyping } from '../../renderer/src/keyboard/index.js';

const key = (k: string, target: EventTarget | null = document.body, mods: Partial<KeyboardEvent> = {}) =>
  commandForKey({ key: k, target, shiftKey: false, ctrlKey: false, metaKey: false, altKey: false, ...mods });

/** Handlers that record what ran; `answers` makes one return a value (false: did not apply). */
function recorder(answers: Partial<Record<CommandId, () => unknown>> = {}) {
  const ran: CommandId[] = [];
  const handlers = Object.fromEntries(COMMANDS.map((c) => [c.id, () => {
    ran.push(c.id);
    return answers[c.id]?.();
  }])) as unknown as Handlers;
  return { ran, handlers };
}

function press(target: EventTarget, k: string, init: KeyboardEventInit = {}): KeyboardEvent {
  const event = new KeyboardEvent('keydown', { key: k, bubbles: true, cancelable: true, ...init });
  target.dispatchEvent(event);
  return event;
}

/** Each test binds keys on a document of its own (listeners on the shared one would pile up). */
function freshDocument(): Document {
  return document.implementation.createHTMLDocument('keys');
}

afterEach(() => {
  document.body.replaceChildren();
});

describe('keys', () => {
  it('maps the keys of the issue to their commands', () => {
    expect([key('j'), key('k'), key('o'), key('Enter'), key('m'), key('s'), key('t'), key('/'), key('r'), key('?'), key('h'), key('n'), key('b'), key(','), key('Delete')]).toEqual([
      'next', 'previous', 'open', 'open', 'toggle-read', 'toggle-star', 'tag', 'search', 'refresh', 'shortcuts', 'highlight', 'article-note', 'open-original', 'settings', 'delete',
    ]);
    expect(key('A', document.body, { shiftKey: true })).toBe('mark-all-read');
    expect(key(' ')).toBe('page-down');
    expect(key(' ', document.body, { shiftKey: true })).toBe('page-up');
    expect(key('x')).toBeNull();
  });

  it('leaves keys typed into a text field to the field, except Escape', () => {
    const input = document.createElement('input');
    const area = document.createElement('textarea');
    const editable = document.createElement('div');
    editable.contentEditable = 'true';
    document.body.append(input, area, editable);
    for (const field of [input, area]) {
      expect(isTyping(field)).toBe(true);
      expect(key('j', field)).toBeNull();
      expect(key(' ', field)).toBeNull();
      expect(key('Escape', field)).toBe('escape');
    }
    const checkbox = Object.assign(document.createElement('input'), { type: 'checkbox' });
    expect(isTyping(checkbox)).toBe(false);
  });

  it('ignores keys with Ctrl, Cmd or Alt', () => {
    expect(key('r', document.body, { ctrlKey: true })).toBeNull();
    expect(key('s', document.body, { metaKey: true })).toBeNull();
    expect(key('j', document.body, { altKey: true })).toBeNull();
  });

  it('runs the command of a key and keeps the key from the page', () => {
    const { ran, handlers } = recorder();
    const doc = freshDocument();
    new Commands(handlers, () => undefined).bindKeys(doc);
    const event = press(doc.body, 'j');
    expect(ran).toEqual(['next']);
    expect(event.defaultPrevented).toBe(true);
  });

  it('leaves the key its usual meaning when the command does not apply (Space with no article open)', () => {
    const { ran, handlers } = recorder({ 'page-down': () => false });
    const doc = freshDocument();
    new Commands(handlers, () => undefined).bindKeys(doc);
    const event = press(doc.body, ' ');
    expect(ran).toEqual(['page-down']);
    expect(event.defaultPrevented).toBe(false);
  });

  it('leaves Enter and Space on a button to the button, keys to an open dialog, and keys already taken', () => {
    const { ran, handlers } = recorder();
    const doc = freshDocument();
    new Commands(handlers, () => undefined).bindKeys(doc);
    const button = doc.createElement('button');
    doc.body.append(button);
    press(button, 'Enter');
    press(button, ' ');
    const taken = new KeyboardEvent('keydown', { key: 'j', bubbles: true, cancelable: true });
    button.addEventListener('keydown', (e) => e.preventDefault(), { once: true });
    button.dispatchEvent(taken);
    const dialog = doc.createElement('dialog');
    dialog.setAttribute('open', '');
    doc.body.append(dialog);
    press(doc.body, 'j');
    expect(ran).toEqual([]);
  });

  it('lists every key once in the shortcuts list, Shift+A spelled out', () => {
    const keys = COMMANDS.flatMap((c) => ('keys' in c ? [...c.keys] : []));
    expect(new Set(keys).size).toBe(keys.length);
    const rows = shortcutRows();
    expect(rows.find((r) => r.label.startsWith('Mark All'))?.keys).toEqual(['Shift+A']);
    expect(rows.map((r) => r.keys).flat().length).toBe(keys.length);
  });
});

describe('buttons and the menu', () => {
  it('runs a button by the command it names', () => {
    const { ran, handlers } = recorder();
    const commands = new Commands(handlers, () => undefined);
    document.body.innerHTML = '<button data-command="refresh"><span>Refresh</span></button><button data-command="settings" disabled>⚙</button>';
    commands.bindButtons(document);
    document.querySelector('span')!.click();
    (document.querySelector('[data-command="settings"]') as HTMLButtonElement).click();
    expect(ran).toEqual(['refresh']);
    expect(document.querySelector('[data-command="refresh"]')!.getAttribute('aria-keyshortcuts')).toBe('r');
  });

  it('says so when a button names no command, and runs nothing', () => {
    const { ran, handlers } = recorder();
    const errors: unknown[] = [];
    new Commands(handlers, (e) => errors.push(e)).bindButtons(document);
    document.body.innerHTML = '<button data-command="__proto__">x</button><button data-command="constructor">y</button>';
    for (const b of document.querySelectorAll('button')) b.click();
    expect(ran).toEqual([]);
    expect(errors).toHaveLength(2);
    expect(String(errors[0])).toMatch(/commands: a button names __proto__, which is not a command/);
  });

  it('takes menu items it knows (the event is cancelled) and leaves others', () => {
    const { ran, handlers } = recorder();
    new Commands(handlers, () => undefined).bindMenu(window);
    const known = new CustomEvent('tidings:menu', { detail: 'add-feed', cancelable: true });
    const unknown = new CustomEvent('tidings:menu', { detail: 'quit', cancelable: true });
    const hostile = new CustomEvent('tidings:menu', { detail: { toString: () => 'refresh' }, cancelable: true });
    window.dispatchEvent(known);
    window.dispatchEvent(unknown);
    window.dispatchEvent(hostile);
    expect(ran).toEqual(['add-feed']);
    expect([known.defaultPrevented, unknown.defaultPrevented, hostile.defaultPrevented]).toEqual([true, false, false]);
  });

  it("turns a handler's failure, thrown or rejected, into one message", async () => {
    const errors: unknown[] = [];
    const { handlers } = recorder({ refresh: () => { throw new Error('refresh: offline'); }, search: () => Promise.reject(new Error('search: broken')) });
    const commands = new Commands(handlers, (e) => errors.push(e));
    expect(commands.run('refresh')).toBe(true);
    commands.run('search');
    await vi.waitFor(() => expect(errors).toHaveLength(2));
    expect(errors.map(String)).toEqual(['Error: refresh: offline', 'Error: search: broken']);
  });

  it('names every button of the page by a command that exists', () => {
    const html = readFileSync(path.resolve('renderer/index.html'), 'utf8');
    const named = [...html.matchAll(/data-command="([^"]*)"/g)].map((m) => m[1]);
    expect(named.length).toBeGreaterThan(5);
    for (const id of named) expect(isCommandId(id), id).toBe(true);
    expect(html).not.toMatch(/data-action=/);
  });

  it('describes a menu with no id or accelerator twice, plain keys shown only, and the theme in use checked', () => {
    const menu = describeMenu((id) => id === 'theme-dark');
    const items = Object.values(menu).flat();
    const ids = items.map((i) => i.command);
    expect(new Set(ids).size).toBe(ids.length);
    const accelerators = items.map((i) => i.accelerator).filter(Boolean);
    expect(new Set(accelerators).size).toBe(accelerators.length);
    for (const item of items) if (item.accelerator && !/CmdOrCtrl|^F\d+$/.test(item.accelerator)) expect(item.shownOnly, item.command).toBe(true);
    expect(items.find((i) => i.command === 'next')).toMatchObject({ accelerator: 'J', shownOnly: true });
    expect(items.find((i) => i.command === 'mark-all-read')).toMatchObject({ accelerator: 'Shift+A', shownOnly: true });
    expect(items.filter((i) => i.radio).map((i) => [i.command, i.checked])).toEqual([['theme-system', false], ['theme-light', false], ['theme-dark', true]]);
    expect(menu.file.map((i) => i.command)).toContain('import-opml');
  });
});
