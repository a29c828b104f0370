// End to end in Chromium, browser mode: saving a page that answers 404 is not "Saved". A toast
// says why in one sentence and offers "Try again" and "Keep to retry later"; kept, the page is
// marked "Not saved" in the list and the reader says why with its own "Try again", which
// succeeds once the site answers 200. Screenshots (light and dark): the toast
// (failed-save-toast-*) and the kept page in list and reader (failed-save-*).

import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type FixtureSite, type Session, describeInChromium, openSession, screenshots } from './harness.js';

describeInChromium('a failed save in Chromium', failedSave);

const PAGE = '/pages/kakapo.html';
const TITLE = 'The kakapo, a parrot that cannot fly';

function failedSave(): void {
  let session: Session | undefined;
  let site: FixtureSite;
  let page: Page;
  let outside: string[];

  beforeAll(async () => {
    session = await openSession('tidings-e2e-failed-save-');
    ({ site, page, outside } = session);
  }, 120_000);

  afterAll(() => session?.close());

  const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 30_000, interval: 50 });
  const failure = () => page.locator('.toast-error');
  const shortAddress = () => `${site.origin.replace('http://', '')}${PAGE}`;

  const save = async (url: string) => {
    await page.locator('.actions [data-command="save-url"]').first().click();
    await page.locator('#save-url input[name="url"]').fill(url);
    await page.locator('#save-url button[type="submit"]').click();
  };

  it('a 404 closes the dialog and says so in a toast with "Try again", keeping nothing', async () => {
    await poll(() => page.locator('.row[data-id]').count()).toBe(1); // the welcome article
    site.missing.add(PAGE);
    await save(`${site.origin}${PAGE}`);
    await poll(() => failure().count()).toBe(1);
    expect(await page.locator('#save-url[open]').count()).toBe(0);
    expect(await failure().locator('.toast-text').textContent()).toBe(
      `Could not save ${shortAddress()}: the page answered HTTP 404 Not Found (the address may have moved): check the site for its new address.`,
    );
    expect(await failure().locator('.toast-action').allTextContents()).toEqual(['Try again', 'Keep to retry later']);
    expect(await page.locator('.toast', { hasText: 'Saved' }).count()).toBe(0);
    expect(await page.locator('.row[data-id]').count()).toBe(1);
    await screenshots(page, 'failed-save-toast');
  });

  it('"Try again" while it still fails says so again; "Keep to retry later" keeps it marked "Not saved"', async () => {
    await failure().locator('.toast-action', { hasText: 'Try again' }).click();
    await poll(() => failure().count()).toBe(1);
    await poll(() => failure().locator('.toast-text').textContent()).toContain('HTTP 404 Not Found');
    await failure().locator('.toast-action', { hasText: 'Keep to retry later' }).click();
    await poll(() => page.locator('.toast-info', { hasText: 'to try again later' }).count()).toBe(1);
    const kept = page.locator('.row.failed');
    await poll(() => kept.count()).toBe(1);
    expect(await kept.locator('.row-failed').textContent()).toBe('Not saved');
    await kept.click();
    const bar = page.locator('.reader-failed');
    await poll(() => bar.isVisible()).toBe(true);
    expect(await bar.locator('.reader-failed-text').textContent()).toBe('Not saved: The page answered HTTP 404 Not Found (the address may have moved): check the site for its new address.');
    expect(await bar.locator('button.reader-retry').textContent()).toBe('Try again');
    await screenshots(page, 'failed-save');
  });

  it('once the site answers 200, the reader\'s "Try again" saves the page', async () => {
    site.missing.delete(PAGE);
    await page.locator('.reader-failed button.reader-retry').click();
    await poll(() => page.frameLocator('.reader-frame').locator('h1').first().textContent()).toBe(TITLE);
    await poll(() => page.locator('.reader-failed').isVisible()).toBe(false);
    await poll(() => page.locator('.toast-info', { hasText: `Saved “${TITLE}”` }).count()).toBe(1);
    await poll(() => page.locator('.row.failed').count()).toBe(0);
    await poll(() => page.locator('.row[data-id] .row-title').allTextContents()).toContain(TITLE);
    expect(outside).toEqual([]);
  });
}
