// End to end, in Debian's Chromium against browser mode: the search box searches as the user
// types with the last word also a prefix, and Enter asks for whole words (issue 14): "sztu"
// typed finds the Polish seed article, "sztu" + Enter finds nothing, "GPUs" + Enter finds the
// seed (which says GPU). Screenshots (light and dark) go to test-results/e2e/.

import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type Session, describeInChromium, openSession, screenshots } from './harness.js';

describeInChromium('search box in Chromium: typing and whole words', () => {
  let session: Session | undefined;
  let page: Page;

  beforeAll(async () => {
    session = await openSession('tidings-e2e-search-');
    page = session.page;
  }, 120_000);

  afterAll(() => session?.close());

  const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 30_000, interval: 50 });
  const rowTitles = () => page.locator('.row[data-id] .row-title').allTextContents();

  it('finds by a prefix while typing and by whole words on Enter', async () => {
    await poll(rowTitles).toEqual([expect.stringContaining('Musk')]);
    const box = page.locator('.search input');
    await box.focus();
    await page.keyboard.type('sztu');
    await poll(() => page.locator('.list-title').textContent()).toBe('Search: sztu');
    await poll(rowTitles).toEqual([expect.stringContaining('Musk')]);
    await screenshots(page, 'search-typing-prefix');

    await page.keyboard.press('Enter');
    await poll(rowTitles).toEqual([]);
    await poll(() => page.locator('.list').textContent()).toContain('Nothing matches');
    await screenshots(page, 'search-enter-whole-words');

    await box.fill('');
    await box.focus();
    await page.keyboard.type('GPUs');
    await page.keyboard.press('Enter');
    await poll(() => page.locator('.list-title').textContent()).toBe('Search: GPUs');
    await poll(rowTitles).toEqual([expect.stringContaining('Musk')]);
    await poll(() => page.locator('.row-snippet mark').first().textContent()).toMatch(/gpu/i);
  });

  it('says at once when the server cannot be reached while typing (only a half-written operator waits for Enter)', async () => {
    const box = page.locator('.search input');
    await box.fill('');
    await page.route('**/api/call/search', (route) => route.abort('connectionrefused'));
    try {
      await box.focus();
      await page.keyboard.type('lighthouse');
      await poll(() => page.locator('.toast', { hasText: 'cannot be reached' }).count()).toBeGreaterThan(0);
    } finally {
      await page.unroute('**/api/call/search');
    }
  });
});
