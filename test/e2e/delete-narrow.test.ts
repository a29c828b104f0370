// End to end, in Chromium against browser mode: deleting the open article in a one-pane window
// (700 px). The reader must not stay on screen empty: the window turns back to the list, the
// article that took the deleted one's place is selected (as in a wide window, where it opens),
// and Undo puts the article back, selected. Screenshots after the delete:
// test-results/e2e/delete-narrow-*.png.

import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Archive } from '../../src/api.js';
import { type Session, describeInChromium, openSession, savePagesOnly, screenshots } from './harness.js';

describeInChromium('deleting the open article in Chromium', deleting);

const TITLES = ['Narrow page 1', 'Narrow page 2', 'Narrow page 3', 'Narrow page 4'];

function deleting(): void {
  let session: Session | undefined;
  let archive: Archive;
  let page: Page;

  beforeAll(async () => {
    session = await openSession('tidings-e2e-delete-narrow-');
    ({ archive, page } = session);
    await savePagesOnly(session, TITLES);
  }, 120_000);

  afterAll(async () => {
    await session?.close();
  });

  const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 30_000, interval: 50 });
  const rowIds = () => page.locator('.list .row[data-id]').evaluateAll((els) => els.map((el) => ({ id: (el as HTMLElement).dataset.id!, index: Number((el as HTMLElement).dataset.index) })).sort((a, b) => a.index - b.index).map((r) => r.id));
  const selectedId = () => page.evaluate(() => document.querySelector<HTMLElement>('.list .row.selected[data-id]')?.dataset.id ?? null);
  const pane = () => page.evaluate(() => document.body.dataset.pane);
  const readerEmpty = () => page.evaluate(() => document.querySelector('.reader')!.classList.contains('is-empty'));
  const undoToast = () => page.locator('.toast', { has: page.locator('.toast-action', { hasText: 'Undo' }) });
  const all = async () => (await archive.listArticles({ limit: 100 })).items.map((a) => a.id);

  async function openRow(id: string): Promise<void> {
    await page.locator(`.list .row[data-id="${id}"]`).click();
    await poll(readerEmpty).toBe(false);
  }

  it('in one pane, the Delete key returns to the list with the next article selected; Undo brings it back', async () => {
    await page.setViewportSize({ width: 700, height: 760 });
    const order = await rowIds();
    const [, gone, next] = order;
    await openRow(gone!);
    await poll(pane).toBe('reader');
    await page.keyboard.press('Delete');
    await poll(() => page.locator(`.list .row[data-id="${gone}"]`).count()).toBe(0);
    await poll(pane).toBe('list');
    await poll(selectedId).toBe(next);
    expect(await readerEmpty()).toBe(true);
    // The list has the keys: moving on works at once.
    expect(await page.evaluate(() => document.activeElement?.classList.contains('list'))).toBe(true);
    await screenshots(page, 'delete-narrow');
    await undoToast().locator('.toast-action').click();
    await poll(rowIds).toEqual(order);
    await poll(selectedId).toBe(gone);
    await poll(pane).toBe('list');
    expect(await all()).toContain(gone);
  });

  it('the Article menu\'s Delete in one pane does the same; deleting the last article selects the one above', async () => {
    await page.setViewportSize({ width: 700, height: 760 });
    const order = await rowIds();
    const gone = order.at(-1)!;
    const before = order.at(-2)!;
    await openRow(gone);
    await poll(pane).toBe('reader');
    // What the desktop menu sends; in browser mode it arrives as the same command.
    await page.evaluate(() => window.dispatchEvent(new CustomEvent('tidings:menu', { detail: 'delete', cancelable: true })));
    await poll(pane).toBe('list');
    // The last article went: the one above it is selected.
    await poll(selectedId).toBe(before);
    await poll(() => page.locator(`.list .row[data-id="${gone}"]`).count()).toBe(0);
    await undoToast().locator('.toast-action').click();
    await poll(rowIds).toEqual(order);
  });

  it('in a wide window the next article opens in the reader, and Undo opens the deleted one again', async () => {
    await page.setViewportSize({ width: 1400, height: 760 });
    const order = await rowIds();
    const [gone, next] = order;
    await openRow(gone!);
    await page.keyboard.press('Delete');
    await poll(selectedId).toBe(next);
    await poll(readerEmpty).toBe(false);
    await undoToast().locator('.toast-action').click();
    await poll(rowIds).toEqual(order);
    // Undo opens the article again.
    await poll(selectedId).toBe(gone);
  });
}
