// @vitest-environment jsdom
// The search box searches as the user types with the last word also a prefix (typing: true);
// Enter or a trailing space asks for whole words.

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SearchBox } from '../../renderer/src/search/index.js';

function box(): { input: HTMLInputElement; calls: [string, boolean][] } {
  document.body.innerHTML = `<div class="search"><input type="search"><button class="search-help-button"></button>
    <button class="search-save"></button><div class="search-help" hidden></div></div>`;
  const calls: [string, boolean][] = [];
  // Like the app, which shows the query it goes to in the box (set) before loading it.
  const searchBox: SearchBox = new SearchBox(document.querySelector<HTMLElement>('.search')!, {
    search: (query: string, typing?: boolean) => {
      searchBox.set(query);
      calls.push([query, typing === true]);
    },
    leave: () => undefined,
    save: () => undefined,
  });
  return { input: document.querySelector('input')!, calls };
}

function type(input: HTMLInputElement, value: string): void {
  input.value = value;
  input.dispatchEvent(new Event('input'));
  vi.advanceTimersByTime(1000);
}

describe('search box: typing mode', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('searches with typing while the user types, whole words after a space or on Enter', () => {
    const { input, calls } = box();
    type(input, 'prog');
    expect(calls).toEqual([['prog', true]]);
    type(input, 'prog ');
    expect(calls[1]).toEqual(['prog', false]);
    type(input, 'prog rock');
    input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter' }));
    expect(calls.slice(2)).toEqual([['prog rock', true], ['prog rock', false]]);
  });
});
