// @vitest-environment jsdom
// The pop-up menu of feeds and tags: the first item takes the focus, the arrows move through the
// items, Escape closes and gives the focus back, a choice closes and runs, a click elsewhere
// closes; and its keys never reach the app's shortcuts. The sidebar opens it from a feed's or a
// tag's "…" button and by a right click, without going to the place.

import { describe, expect, it } from 'vitest';
import type { FeedSummary } from '../../src/api.js';
import { openMenu } from '../../renderer/src/menu/index.js';
import { Sidebar } from '../../renderer/src/sidebar/index.js';

function setupMenu() {
  const trigger = document.createElement('button');
  document.body.replaceChildren(trigger);
  trigger.focus();
  const ran: string[] = [];
  const keysSeen: string[] = [];
  document.addEventListener('keydown', (e) => keysSeen.push(e.key));
  openMenu('Actions', [
    { label: 'One', run: () => ran.push('one') },
    { label: 'Two', checked: true, run: () => ran.push('two') },
    { label: 'Three', danger: true, run: () => ran.push('three') },
  ], trigger);
  const menu = () => document.querySelector<HTMLElement>('.menu');
  const key = (k: string) => document.activeElement!.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true }));
  const focused = () => document.activeElement?.textContent;
  return { trigger, ran, keysSeen, menu, key, focused };
}

describe('openMenu', () => {
  it('focuses the first item and moves with the arrows, Home and End, wrapping around', () => {
    const { key, focused, keysSeen, menu } = setupMenu();
    expect(focused()).toBe('One');
    key('ArrowDown');
    expect(focused()).toBe('✓Two');
    key('End');
    expect(focused()).toBe('Three');
    key('ArrowDown');
    expect(focused()).toBe('One');
    key('ArrowUp');
    expect(focused()).toBe('Three');
    expect(keysSeen).toEqual([]);
    expect(menu()!.querySelector('[role=menuitemcheckbox]')!.getAttribute('aria-checked')).toBe('true');
  });

  it('closes on Escape and gives the focus back', () => {
    const { key, menu, trigger, ran } = setupMenu();
    expect(trigger.getAttribute('aria-expanded')).toBe('true');
    key('Escape');
    expect(trigger.getAttribute('aria-expanded')).toBe('false');
    expect(menu()).toBeNull();
    expect(document.activeElement).toBe(trigger);
    expect(ran).toEqual([]);
  });

  it('closes and runs the chosen item', () => {
    const { menu, ran } = setupMenu();
    menu()!.querySelectorAll('button')[2]!.click();
    expect(ran).toEqual(['three']);
    expect(menu()).toBeNull();
  });

  it('closes on a click elsewhere, and when another menu opens', () => {
    const first = setupMenu();
    first.trigger.dispatchEvent(new Event('pointerdown', { bubbles: true }));
    expect(first.menu()).toBeNull();
    setupMenu();
    openMenu('Other', [{ label: 'Only', run: () => undefined }], { x: 10, y: 10 });
    expect(document.querySelectorAll('.menu')).toHaveLength(1);
    expect(document.querySelector('.menu')!.textContent).toBe('Only');
  });
});

describe('Sidebar menus', () => {
  const feed = { id: 'a', title: 'Alpha', folder: null, unread: 2, total: 3, url: 'http://127.0.0.1/a.xml', lastError: null, errorCount: 0, gone: false } as FeedSummary;

  function setup() {
    const root = document.createElement('nav');
    document.body.replaceChildren(root);
    const went: unknown[] = [];
    const opened: [string, unknown][] = [];
    const sidebar = new Sidebar(root, {
      go: (p) => went.push(p),
      explain: () => undefined,
      addFeed: () => undefined,
      feedMenu: (f, at) => opened.push([`feed:${f.id}`, at]),
      tagMenu: (t, at) => opened.push([`tag:${t}`, at]),
    });
    sidebar.show({ counts: {}, savedSearches: [], tags: [{ name: 'ai', count: 1 }], feeds: [feed] });
    const place = (key: string) => root.querySelector<HTMLElement>(`[data-place="${key}"]`)!;
    return { went, opened, place };
  }

  it('opens a feed\'s and a tag\'s menu from the … button, under it, without going there', () => {
    const { went, opened, place } = setup();
    const more = place('feed:a').querySelector<HTMLButtonElement>('.place-more')!;
    expect(more.getAttribute('aria-label')).toBe('Actions for Alpha');
    more.click();
    place('tag:ai').querySelector<HTMLButtonElement>('.place-more')!.click();
    expect(opened).toEqual([['feed:a', more], ['tag:ai', expect.any(HTMLButtonElement)]]);
    expect(went).toEqual([]);
  });

  it('opens the menu at the pointer on a right click, and not on the smart views', () => {
    const { opened, place } = setup();
    const right = new MouseEvent('contextmenu', { bubbles: true, cancelable: true, clientX: 40, clientY: 90 });
    place('feed:a').querySelector('.place-name')!.dispatchEvent(right);
    expect(right.defaultPrevented).toBe(true);
    expect(opened).toEqual([['feed:a', { x: 40, y: 90 }]]);
    const onView = new MouseEvent('contextmenu', { bubbles: true, cancelable: true });
    place('view:all').dispatchEvent(onView);
    expect(onView.defaultPrevented).toBe(false);
    expect(place('view:all').querySelector('.place-more')).toBeNull();
  });
});
