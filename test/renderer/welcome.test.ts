// The first launch's words about the seed article: the renderer's copy (it may not import from
// src/) says what src/seed/seed.json says, and the label shows them.
// @vitest-environment jsdom

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { COMMANDS } from '../../renderer/src/commands/table.js';
import { Commands, type Handlers } from '../../renderer/src/commands/index.js';
import { SEED, isSeed, seedLabel, welcome } from '../../renderer/src/welcome/index.js';

describe('welcome: the seed article label', () => {
  const json = JSON.parse(readFileSync(path.resolve('src/seed/seed.json'), 'utf8')) as Record<string, unknown>;

  it('carries the same title, line in English, source and date as src/seed/seed.json', () => {
    expect(SEED).toEqual({ title: json.title, about: json.about, source: json.source, published: json.published });
  });

  it('knows the seed by its title as an imported file, and labels it', () => {
    expect(isSeed({ title: String(json.title), source: 'file' })).toBe(true);
    expect(isSeed({ title: String(json.title), source: 'url' })).toBe(false);
    expect(isSeed({ title: 'Something else', source: 'file' })).toBe(false);
    const label = seedLabel();
    expect(label.textContent).toContain(String(json.about));
    expect(label.textContent).toContain('April 2023');
  });
});

// The welcome's buttons that do what a command does run through the registry (data-command),
// as the top bar's do; the bookmarklet (settings, scrolled to it) is no command of the table.
describe('welcome: its buttons', () => {
  function setUp() {
    const ran: string[] = [];
    const handlers = Object.fromEntries(COMMANDS.map((c) => [c.id, () => void ran.push(c.id)])) as unknown as Handlers;
    const bookmarklet = vi.fn();
    const root = welcome({ bookmarklet });
    document.body.replaceChildren(root);
    new Commands(handlers, (error) => { throw error; }).bindButtons(document);
    const button = (text: string) => [...root.querySelectorAll('button')].find((b) => b.textContent === text)!;
    return { ran, bookmarklet, button };
  }

  it('add a feed, import and save a page through the command registry', () => {
    const { ran, button } = setUp();
    expect(button('Add a feed').dataset.command).toBe('add-feed');
    expect(button('Import…').dataset.command).toBe('import-library');
    expect(button('Save a page').dataset.command).toBe('save-url');
    for (const text of ['Add a feed', 'Import…', 'Save a page']) button(text).click();
    expect(ran).toEqual(['add-feed', 'import-library', 'save-url']);
  });

  it('shows the bookmarklet with its own action, not a command', () => {
    const { ran, bookmarklet, button } = setUp();
    expect(button('The bookmarklet').dataset.command).toBeUndefined();
    button('The bookmarklet').click();
    expect(bookmarklet).toHaveBeenCalledTimes(1);
    expect(ran).toEqual([]);
  });
});
