// End to end, in Chromium against browser mode: an article opened shows read in its row at once,
// and the archive hears of it in a batch a moment later. A list page asked for in between is
// answered with the row as the archive had it (unread); that answer, arriving late, must not put
// the row back to unread (the event of our own write is ignored, so nothing would correct it).
// The page's answer is taken from the server at once and handed to the page 1.5 s later.

import type { Page, Route } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Archive } from '../../src/api.js';
import { type Session, describeInChromium, openSession, savePagesOnly } from './harness.js';

describeInChromium('a read mark and a list page on their way at once, in Chromium', race);

function race(): void {
  let session: Session | undefined;
  let archive: Archive;
  let page: Page;

  beforeAll(async () => {
    session = await openSession('tidings-e2e-read-race-');
    ({ archive, page } = session);
    await savePagesOnly(session, ['Race page 1', 'Race page 2', 'Race page 3']);
  }, 120_000);

  afterAll(async () => {
    await session?.close();
  });

  const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 30_000, interval: 50 });
  const rowClass = (id: string) => page.locator(`.list .row[data-id="${id}"]`).getAttribute('class');

  it('keeps the opened article read in its row when a page asked for before its read was sent arrives after it', async () => {
    // Failed before 85f319f ('row unread'). The case of a page asked for after the row was shown
    // read and before the batch went (ad1ea7c) is in test/renderer/pages-local-changes.test.ts:
    // here the page cannot be made to ask inside those 300 ms for certain.
    await page.locator('#view-all').click();
    const target = (await archive.listArticles({ limit: 10 })).items.find((a) => a.title === 'Race page 2')!;
    expect(target.read).toBe(false);
    await poll(() => rowClass(target.id)).toContain('unread');
    let held = 0;
    const late = async (route: Route) => {
      const response = await route.fetch(); // the archive's answer as of now
      held++;
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      await route.fulfill({ response });
    };
    await page.route('**/api/call/listArticles', late);
    await page.locator(`.list .row[data-id="${target.id}"]`).click();
    // At once, before the read batch goes (300 ms): the list asks again (the same place, shown anew).
    await page.locator('#view-all').click();
    await poll(() => held).toBeGreaterThan(0);
    await poll(async () => (await archive.getArticle(target.id)).read).toBe(true);
    await page.waitForTimeout(2_500); // the held answer has arrived
    expect(held).toBeGreaterThan(0);
    expect(await rowClass(target.id)).not.toContain('unread');
    await page.unroute('**/api/call/listArticles', late);
  });
}
