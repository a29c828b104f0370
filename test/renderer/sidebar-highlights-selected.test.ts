// @vitest-environment jsdom
// The Highlights item of the sidebar is marked while its view is open, and only then: going to
// another place unmarks it (it stayed marked beside the place chosen, found by trying the app).

import { describe, expect, it } from 'vitest';
import { Sidebar } from '../../renderer/src/sidebar/index.js';

describe('the Highlights item', () => {
  it('is marked while open and unmarked when another place is chosen', () => {
    const root = document.createElement('nav');
    document.body.replaceChildren(root);
    const sidebar = new Sidebar(root, { go: (place) => sidebar.select(place), explain: () => undefined, addFeed: () => undefined, highlights: () => undefined });
    sidebar.show({ counts: { all: 10 }, savedSearches: [], tags: [], feeds: [] });
    const highlights = root.querySelector<HTMLElement>('#view-highlights')!;
    highlights.click();
    expect(root.querySelectorAll('.place.selected')).toHaveLength(1);
    expect(highlights.classList.contains('selected')).toBe(true);
    root.querySelector<HTMLElement>('#view-all')!.click();
    expect([...root.querySelectorAll('.place.selected')].map((el) => el.id)).toEqual(['view-all']);
  });
});
