// End to end, in Debian's Chromium against browser mode: the first launch (issue 16 item 11).
// A new archive holds only the seed: the empty reader welcomes with buttons that add a feed,
// import, save a page and show the bookmarklet; the seed article is labelled for what it is
// (its source, date and a line in English). In the search box, `tag:` suggests the tags (filtered
// as the tag is typed) instead of an error toast, an incomplete operator never toasts while
// typing, and Enter moves the focus to the first result (item 5).
// Screenshots (light and dark) go to test-results/e2e/welcome-*.png.

import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type Session, describeInChromium, openSession, screenshots } from './harness.js';

describeInChromium('first launch in Chromium: welcome, the seed, search suggestions', () => {
  let session: Session | undefined;
  let page: Page;

  beforeAll(async () => {
    session = await openSession('tidings-e2e-welcome-');
    page = session.page;
  }, 120_000);

  afterAll(() => session?.close());

  const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 30_000, interval: 50 });
  const errorToasts = () => page.locator('.toast-error').count();

  it('welcomes in the empty reader with buttons that do each thing', async () => {
    await poll(() => page.locator('.row[data-id]').count()).toBe(1);
    const welcome = page.locator('.reader .welcome');
    await poll(() => welcome.isVisible()).toBe(true);
    expect(await page.locator('.reader .reader-empty').isVisible()).toBe(false);
    expect(await welcome.locator('button').allTextContents()).toEqual(['Add a feed', 'Import…', 'Save a page', 'The bookmarklet']);
    await screenshots(page, 'welcome');

    await welcome.locator('button', { hasText: 'Add a feed' }).click();
    await poll(() => page.locator('dialog[open]').count()).toBe(1);
    await page.keyboard.press('Escape');
    await poll(() => page.locator('dialog[open]').count()).toBe(0);

    await welcome.locator('button', { hasText: 'Save a page' }).click();
    await poll(() => page.locator('dialog[open]').count()).toBe(1);
    await page.keyboard.press('Escape');
    await poll(() => page.locator('dialog[open]').count()).toBe(0);

    await welcome.locator('button', { hasText: 'The bookmarklet' }).click();
    await poll(() => page.locator('dialog[open] .bookmarklet').isVisible()).toBe(true);
    await page.keyboard.press('Escape');
    await poll(() => page.locator('dialog[open]').count()).toBe(0);

    await page.setViewportSize({ width: 640, height: 760 });
    // One pane: the list shows, and the welcome below it (no article is open yet). Nothing sideways.
    await poll(() => page.locator('.list-pane').isVisible()).toBe(true);
    await poll(() => welcome.isVisible()).toBe(true);
    expect(await page.locator('.row[data-id]').first().isVisible()).toBe(true);
    await poll(() => page.evaluate(() => document.scrollingElement!.scrollWidth <= innerWidth)).toBe(true);
    await screenshots(page, 'welcome-640');
    await page.setViewportSize({ width: 1360, height: 860 });
  });

  it('labels the seed article: source, date, and what it is about in English', async () => {
    await page.locator('.row[data-id]').first().click();
    await poll(() => page.locator('.reader').getAttribute('class')).not.toContain('is-empty');
    const label = page.locator('.reader .seed-label');
    await poll(() => label.isVisible()).toBe(true);
    const text = await label.textContent();
    expect(text).toContain("A sample article in Polish: Elon Musk buys about 10,000 GPUs for Twitter's AI project");
    expect(text).toMatch(/2023/);
    expect(text).toMatch(/source/i);
    expect(await page.locator('.reader .welcome').isVisible()).toBe(false);
    await screenshots(page, 'welcome-seed');
  });

  it('suggests tags after tag: instead of an error, and never toasts while an operator is incomplete', async () => {
    const box = page.locator('.search input');
    await box.focus();
    await page.keyboard.type('tag:');
    const suggestions = page.locator('.search-suggestions [role="option"]');
    await poll(() => suggestions.allTextContents()).toEqual(['ai', 'elon-musk', 'gpu', 'twitter']);
    await screenshots(page, 'welcome-tag-suggestions');
    await page.keyboard.type('g');
    await poll(() => suggestions.allTextContents()).toEqual(['gpu']);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await poll(() => box.inputValue()).toBe('tag:gpu ');
    await poll(() => page.locator('.list-title').textContent()).toBe('Search: tag:gpu');
    await poll(() => page.locator('.row[data-id]').count()).toBe(1);
    expect(await page.locator('.search-suggestions').isVisible()).toBe(false);

    await box.fill('');
    await box.focus();
    await page.keyboard.type('is:');
    await poll(() => page.locator('.list-title').textContent()).toBe('Search: is:');
    await page.keyboard.type('unread after:20');
    await poll(() => page.locator('.list-title').textContent()).toBe('Search: is:unread after:20');
    expect(await errorToasts()).toBe(0);
    // Enter means the query is finished: now its mistake is said.
    await page.keyboard.press('Enter');
    await poll(errorToasts).toBe(1);
    await page.locator('.toast-close').first().click();
  });

  it('moves the focus to the first result on Enter', async () => {
    const box = page.locator('.search input');
    await box.fill('');
    await box.focus();
    await page.keyboard.type('GPUs');
    await page.keyboard.press('Enter');
    await poll(() => page.locator('.list-title').textContent()).toBe('Search: GPUs');
    await poll(() => page.evaluate(() => document.activeElement?.classList.contains('list') === true)).toBe(true);
    await poll(() => page.locator('.row.selected[data-id]').count()).toBe(1);
    expect(await page.locator('.row.selected[data-id]').getAttribute('data-index')).toBe('0');
  });
});
