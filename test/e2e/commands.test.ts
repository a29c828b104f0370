// End to end, the command registry in Chromium against browser mode: one table runs keys,
// buttons and menu items. The "?" list shows the table's keys (h, n, Space, Delete among them);
// Delete removes the selected article with Undo; n opens the note on the open article; a menu
// item (the event the desktop app's preload sends) runs the command it names and nothing else;
// buttons say their keys to assistive technology. Screenshot: test-results/e2e/shortcuts-*.png.

import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Archive } from '../../src/api.js';
import { type Session, describeInChromium, openSession, savePagesOnly, screenshots } from './harness.js';

describeInChromium('commands in Chromium', commands);

function commands(): void {
  let session: Session | undefined;
  let archive: Archive;
  let page: Page;

  beforeAll(async () => {
    session = await openSession('tidings-e2e-commands-');
    ({ archive, page } = session);
    await savePagesOnly(session, ['Command page 1', 'Command page 2', 'Command page 3']);
  }, 120_000);

  afterAll(async () => {
    await session?.close();
  });

  const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 30_000, interval: 50 });
  const ids = async () => (await archive.listArticles({ limit: 100 })).items.map((a) => a.id).sort();
  const menuItem = (id: unknown) => page.evaluate((detail) => {
    const event = new CustomEvent('tidings:menu', { detail, cancelable: true });
    window.dispatchEvent(event);
    return event.defaultPrevented;
  }, id);

  it('lists the keys of the one table in the shortcuts dialog', async () => {
    await page.locator('.list').focus();
    await page.keyboard.press('?');
    const dialog = page.locator('dialog#shortcuts');
    await poll(() => dialog.isVisible()).toBe(true);
    const rows = await dialog.locator('tr').allTextContents();
    for (const text of ['hHighlight the Selected Text', 'nNote on the Article…', 'SpaceScroll a Page, Then the Next Unread', 'Shift+SpaceScroll a Page Back', 'DeleteDelete the Article', 'Shift+AMark All of the List Read']) {
      expect(rows).toContain(text);
    }
    await screenshots(page, 'shortcuts');
    await page.keyboard.press('Escape');
    await poll(() => dialog.count()).toBe(0);
  });

  it('deletes the selected article with Delete, and Undo keeps it', async () => {
    const before = await ids();
    await page.locator('.list').focus();
    await page.keyboard.press('j');
    await poll(() => page.locator('.list .row.selected').count()).toBe(1);
    const title = await page.locator('.list .row.selected .row-title').textContent();
    await page.keyboard.press('Delete');
    const toast = page.locator('.toast', { hasText: `Deleted “${title}”` });
    await poll(() => toast.isVisible()).toBe(true);
    await poll(() => page.locator('.list .row[data-id]').count()).toBe(2);
    await toast.locator('.toast-action', { hasText: 'Undo' }).click();
    await poll(() => page.locator('.list .row[data-id]').count()).toBe(3);
    expect(await ids()).toEqual(before);
  });

  it('opens the note on the open article with n', async () => {
    await page.locator('.list .row[data-id]').first().click();
    await poll(() => page.locator('.reader:not(.is-empty) iframe.reader-frame').count()).toBe(1);
    await page.locator('.list').focus();
    await page.keyboard.press('n');
    const editor = page.locator('textarea.hl-note-input');
    await poll(() => editor.isVisible()).toBe(true);
    await editor.fill('Read again before the meeting');
    await page.keyboard.press('Control+Enter');
    const open = await page.evaluate(() => document.querySelector('.list .row.selected')?.getAttribute('data-id'));
    await poll(async () => (await archive.getArticle(open!)).note).toBe('Read again before the meeting');
  });

  it('runs a menu item by the command it names, and leaves what is not a command', async () => {
    expect(await menuItem('add-feed')).toBe(true);
    await poll(() => page.locator('dialog[open]').count()).toBe(1);
    await page.keyboard.press('Escape');
    await poll(() => page.locator('dialog[open]').count()).toBe(0);
    expect(await menuItem('quit')).toBe(false);
    expect(await menuItem('__proto__')).toBe(false);
    expect(await page.locator('dialog[open]').count()).toBe(0);
  });

  it('says the keys of its buttons to assistive technology', async () => {
    expect(await page.locator('[data-command="refresh"]').getAttribute('aria-keyshortcuts')).toBe('r');
    expect(await page.locator('.reader-toolbar [data-command="toggle-star"]').getAttribute('aria-keyshortcuts')).toBe('s');
    expect(await page.locator('[data-command="mark-all-read"]').getAttribute('aria-keyshortcuts')).toBe('Shift+A');
  });
}
