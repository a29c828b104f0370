// End to end, the list's order in Chromium against browser mode: any list can be put in
// "By progress" order (started articles first, the furthest read at the top, the rest by date) or
// "Recently read"; "Best match" is offered in a search only; Continue reading opens most recently
// read first, its name whole in the header. Screenshot: test-results/e2e/continue-reading-header-*.png.

import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Archive } from '../../src/api.js';
import { type Session, describeInChromium, openSession, savePagesOnly, screenshots } from './harness.js';

describeInChromium('the list order in Chromium', listSort);

function listSort(): void {
  let session: Session | undefined;
  let archive: Archive;
  let page: Page;
  const progress: Record<string, number | null> = { 'Sort page one': 0.2, 'Sort page two': 0.7, 'Sort page three': null };

  beforeAll(async () => {
    session = await openSession('tidings-e2e-sort-');
    ({ archive, page } = session);
    const ids = await savePagesOnly(session, Object.keys(progress), 'Words about sorting a list of articles by how far each was read.');
    for (const [title, fraction] of Object.entries(progress)) if (fraction !== null) await archive.setReadingProgress(ids.get(title)!, fraction);
    // Page one read again last (a little further): the most recently read, though not the furthest.
    await new Promise((resolve) => setTimeout(resolve, 10));
    await archive.setReadingProgress(ids.get('Sort page one')!, 0.25);
    await page.reload();
    await page.waitForFunction(() => document.querySelectorAll('.list .row[data-id]').length === 3);
  }, 120_000);

  afterAll(async () => {
    await session?.close();
  });

  const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 30_000, interval: 50 });
  const titles = () => page.locator('.list .row[data-id] .row-title').allTextContents();
  const sort = () => page.locator('select.list-sort');
  const offered = () => sort().locator('option').evaluateAll((options) => options.filter((o) => !(o as HTMLOptionElement).hidden).map((o) => (o as HTMLOptionElement).value));

  it('puts the articles furthest read first in any list, and back by date', async () => {
    expect(await sort().isEnabled()).toBe(true);
    expect(await offered()).toEqual(['date', 'progress', 'recent']);
    await sort().selectOption('progress');
    await poll(titles).toEqual(['Sort page two', 'Sort page one', 'Sort page three']);
    await sort().selectOption('date');
    // Saved within the same second, the three tie on date: the list shows the engine's date order.
    const byDate = (await archive.listArticles({ limit: 10 })).items.map((a) => a.title);
    await poll(titles).toEqual(byDate);
  });

  it('offers Best match in a search, and opens Continue reading most recently read first', async () => {
    await page.locator('.search input').fill('sorting');
    await page.keyboard.press('Enter');
    await poll(offered).toEqual(['date', 'relevance', 'progress', 'recent']);
    expect(await sort().inputValue()).toBe('relevance');
    await page.keyboard.press('Escape');
    await page.locator('.sidebar .place', { hasText: 'Continue reading' }).click();
    await poll(titles).toEqual(['Sort page one', 'Sort page two']);
    expect(await sort().inputValue()).toBe('recent');
    // The header keeps the place's name whole beside the order (the select is as wide as its choice).
    expect(await page.locator('.list-title').evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
    await screenshots(page, 'continue-reading-header');
    await sort().selectOption('progress');
    await poll(titles).toEqual(['Sort page two', 'Sort page one']);
  });
}
