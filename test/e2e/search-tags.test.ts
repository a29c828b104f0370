// End to end, in Chromium against browser mode: the search box's `tag:` suggestions read the
// library's tags once, not on each focus of the box: they are the sidebar's list, which follows
// the archive's events. A tag added elsewhere (another process on the archive) is suggested
// after its event, without a call of the box's own. Counts the listTags calls the page makes.

import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Archive } from '../../src/api.js';
import { type Session, describeInChromium, openSession } from './harness.js';

describeInChromium('search box tag suggestions in Chromium', () => {
  let session: Session | undefined;
  let archive: Archive;
  let page: Page;
  let listTagsCalls = 0;

  beforeAll(async () => {
    session = await openSession('tidings-e2e-search-tags-', (p) => {
      p.on('request', (request) => {
        if (request.url().endsWith('/api/call/listTags')) listTagsCalls++;
      });
    });
    ({ archive, page } = session);
  }, 120_000);

  afterAll(() => session?.close());

  const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 30_000, interval: 50 });
  const box = () => page.locator('.search input');
  const suggestions = () => page.locator('.search-suggestions [role="option"]').allTextContents();

  /** Focus the box anew, type `tag:<prefix>`, see `expected` suggested, leave the box. */
  async function suggests(prefix: string, expected: string[]): Promise<void> {
    await box().fill('');
    await box().focus();
    await page.keyboard.type(`tag:${prefix}`);
    await poll(suggestions).toEqual(expected);
    await page.keyboard.press('Escape');
    await box().blur();
  }

  it('asks for the tags no more when the box is focused and typed in, again and again', async () => {
    // The seed article's tags are in the sidebar: the first (and only) read of them is done.
    await poll(() => page.locator('.sidebar .place', { hasText: 'gpu' }).count()).toBe(1);
    const before = listTagsCalls;
    expect(before).toBeGreaterThan(0);
    await suggests('g', ['gpu']);
    await suggests('tw', ['twitter']);
    await suggests('elon', ['elon-musk']);
    expect(listTagsCalls).toBe(before);
  });

  it('suggests a tag added elsewhere once the archive says tags changed', async () => {
    const seed = (await archive.listArticles({ limit: 10 })).items[0]!;
    await archive.tagArticles([seed.id], ['zebra-crossing']);
    await poll(() => page.locator('.sidebar .place', { hasText: 'zebra-crossing' }).count()).toBe(1);
    const before = listTagsCalls;
    await suggests('zeb', ['zebra-crossing']);
    await suggests('zeb', ['zebra-crossing']);
    expect(listTagsCalls).toBe(before);
  });
});
