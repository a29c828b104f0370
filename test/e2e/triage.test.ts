// End to end, triage at speed in Chromium against browser mode: "Mark all as read" (the header
// button and Shift+A) asks above five articles and offers Undo, which restores exactly the
// articles it changed; a row's menu marks every article below it read (with Undo) and deletes an
// article with Undo (the delete waits for the toast to go: Undo keeps the article, without it
// the article is gone). Screenshots of the toast with Undo: test-results/e2e/undo-toast-*.png.

import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Archive } from '../../src/api.js';
import { type Session, describeInChromium, openSession, savePagesOnly, screenshots } from './harness.js';

describeInChromium('triage in Chromium', triage);

const COUNT = 8;

function triage(): void {
  let session: Session | undefined;
  let archive: Archive;
  let page: Page;

  beforeAll(async () => {
    session = await openSession('tidings-e2e-triage-');
    ({ archive, page } = session);
    // Only the pages of this test (a new archive may hold a first-launch article).
    await savePagesOnly(session, Array.from({ length: COUNT }, (_, i) => `Triage page ${i + 1}`));
  }, 120_000);

  afterAll(async () => {
    await session?.close();
  });

  const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 30_000, interval: 50 });
  const rows = () => page.locator('.list .row[data-id]');
  const unread = async () => (await archive.listArticles({ view: 'unread', limit: 100 })).items.map((a) => a.id).sort();
  const all = async () => (await archive.listArticles({ limit: 100 })).items.map((a) => a.id).sort();
  const undoToast = () => page.locator('.toast', { has: page.locator('.toast-action', { hasText: 'Undo' }) });
  const confirm = () => page.locator('dialog#mark-all-read');
  const menu = () => page.locator('.menu[role=menu]');
  const shownIds = async () => rows().evaluateAll((els) => els.map((el) => ({ id: (el as HTMLElement).dataset.id!, index: Number((el as HTMLElement).dataset.index) })).sort((a, b) => a.index - b.index).map((r) => r.id));

  it('Shift+A asks above five articles, marks all read, and Undo marks them unread again', async () => {
    const before = await unread();
    expect(before).toHaveLength(COUNT);
    await page.locator('.list').focus();
    await page.keyboard.press('Shift+A');
    await poll(() => confirm().isVisible()).toBe(true);
    await confirm().locator('button[type=submit]').click();
    await poll(unread).toEqual([]);
    await poll(() => undoToast().count()).toBe(1);
    expect(await undoToast().textContent()).toContain(`Marked ${COUNT} articles read`);
    await screenshots(page, 'undo-toast');
    await undoToast().locator('.toast-action').click();
    await poll(unread).toEqual(before);
    await poll(() => page.locator('.list .row.unread').count()).toBe(COUNT);
  });

  it('Undo of the header button restores exactly the articles it changed', async () => {
    const ids = await all();
    await archive.setRead(ids.slice(0, 2), true);
    await page.locator('[data-command="mark-all-read"]').click();
    await poll(() => confirm().isVisible()).toBe(true);
    await confirm().locator('button[type=submit]').click();
    await poll(unread).toEqual([]);
    await undoToast().locator('.toast-action').click();
    await poll(unread).toEqual(ids.slice(2));
    await archive.setRead(ids, false);
  });

  it('"Mark older as read" from a row menu marks every article below it read, with Undo', async () => {
    await page.reload();
    await poll(() => page.locator('.list .row.unread').count()).toBe(COUNT);
    const order = await shownIds();
    await rows().nth(2).click({ button: 'right' });
    await poll(() => menu().isVisible()).toBe(true);
    await menu().getByText('Mark older as read').click();
    await poll(unread).toEqual(order.slice(0, 3).sort());
    await poll(() => undoToast().count()).toBe(1);
    await undoToast().locator('.toast-action').click();
    await poll(unread).toEqual([...order].sort());
  });

  it('deletes with Undo: Undo keeps the article; without it the article is gone after the toast', async () => {
    const order = await shownIds();
    const kept = order[1]!;
    const gone = order[3]!;
    // The row's … button opens the same menu.
    await rows().nth(1).hover();
    await rows().nth(1).locator('.row-more').click();
    await menu().getByText('Delete').click();
    await poll(() => page.locator(`.list .row[data-id="${kept}"]`).count()).toBe(0);
    await poll(() => rows().count()).toBe(COUNT - 1);
    expect(await all()).toContain(kept);
    await undoToast().locator('.toast-action').click();
    await poll(() => page.locator(`.list .row[data-id="${kept}"]`).count()).toBe(1);

    await page.locator(`.list .row[data-id="${gone}"]`).click({ button: 'right' });
    await menu().getByText('Delete').click();
    await poll(() => page.locator(`.list .row[data-id="${gone}"]`).count()).toBe(0);
    expect(await all()).toContain(gone);
    await poll(() => undoToast().count()).toBe(0);
    await poll(all).not.toContain(gone);
    // The one undone earlier was never deleted.
    expect(await all()).toContain(kept);
    expect(await all()).toHaveLength(COUNT - 1);
  });

  it('a pending delete is carried out when the page goes away', async () => {
    const order = await shownIds();
    const gone = order[0]!;
    await rows().nth(0).click({ button: 'right' });
    await menu().getByText('Delete').click();
    await poll(() => page.locator(`.list .row[data-id="${gone}"]`).count()).toBe(0);
    await page.reload();
    await poll(all).not.toContain(gone);
  });
}
