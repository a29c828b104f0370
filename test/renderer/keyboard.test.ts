// @vitest-environment jsdom
// Shortcut keys: each key maps to its command, keys typed into fields are the field's, and keys
// with modifiers belong to the browser.

import { describe, expect, it } from 'vitest';
import { SHORTCUTS, commandFor, isTyping } from '../../renderer/src/keyboard/index.js';

const key = (k: string, target: EventTarget | null = document.body, mods: Partial<KeyboardEvent> = {}) =>
  commandFor({ key: k, target, ctrlKey: false, metaKey: false, altKey: false, ...mods });

describe('keyboard', () => {
  it('maps the keys of the issue to their commands', () => {
    expect([key('j'), key('k'), key('o'), key('Enter'), key('m'), key('s'), key('t'), key('/'), key('r'), key('?')]).toEqual([
      'next', 'previous', 'open', 'open', 'toggleRead', 'toggleStar', 'tag', 'search', 'refresh', 'shortcuts',
    ]);
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

  it('lists every key once in the shortcuts list', () => {
    const keys = SHORTCUTS.flatMap((s) => s.keys);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
