// End to end, feed and tag management from the sidebar, in Debian's Chromium against browser
// mode: subscribe, rename the feed, move it into a new folder, mark all read (the feed's menu
// and the list's button), rename and delete a tag, remove the feed (its plain articles go, a
// starred and a tagged one stay). The feed's menu is opened by the mouse, the right click and
// the keyboard; screenshots of it open go to test-results/e2e/feed-menu-{light,dark}.png.

import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Archive } from '../../src/api.js';
import { type FixtureSite, type Session, describeInChromium, openSession, screenshots } from './harness.js';

describeInChromium('feed and tag management in Chromium', management);

const FEED = 'Southern Wildlife Notes';

function management(): void {
  let session: Session | undefined;
  let archive: Archive;
  let site: FixtureSite;
  let page: Page;
  let outside: string[];
  let feedId = '';

  beforeAll(async () => {
    session = await openSession('tidings-e2e-manage-');
    ({ archive, site, page, outside } = session);
  }, 120_000);

  afterAll(() => session?.close());

  const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 30_000, interval: 50 });
  const menu = () => page.locator('.menu[role=menu]');
  const feedItem = () => page.locator(`.sidebar [data-place="feed:${feedId}"]`);
  const openFeedMenu = async () => {
    await feedItem().hover();
    await feedItem().locator('.place-more').click();
    await poll(() => menu().isVisible()).toBe(true);
  };
  const articleTitles = async (query: Parameters<Archive['listArticles']>[0]) => (await archive.listArticles({ ...query, limit: 100 })).items.map((a) => a.title);
  const unreadInFeed = async () => (await archive.listArticles({ feedId, view: 'unread', limit: 1 })).total;

  it('subscribes to the fixture feed', async () => {
    await page.locator('.actions [data-command="add-feed"]').click();
    const dialog = page.locator('dialog#add-feed');
    await dialog.locator('input[name=url]').fill(`${site.origin}/feed.rss`);
    await dialog.locator('button[type=submit]').click();
    await poll(() => dialog.count()).toBe(0);
    feedId = (await archive.listFeeds())[0]!.id;
    await poll(() => feedItem().locator('.place-name').textContent()).toBe(FEED);
    await poll(unreadInFeed).toBeGreaterThanOrEqual(3);
  });

  it('opens the feed menu from its … button, with the keyboard, and by a right click', async () => {
    await openFeedMenu();
    expect(await menu().locator('[role^=menuitem]').allTextContents()).toEqual([
      expect.stringContaining('Refresh this feed'), expect.stringContaining('Mark all as read'), expect.stringContaining('Feed info'), expect.stringContaining('Rename'),
      expect.stringContaining('Move to folder'), expect.stringContaining('Always fetch full articles'), expect.stringContaining('Remove'),
    ]);
    await screenshots(page, 'feed-menu');
    await page.keyboard.press('Escape');
    await poll(() => menu().count()).toBe(0);
    // Escape gave the focus back to the … button: Enter opens the menu again, arrows move in it.
    expect(await page.evaluate(() => document.activeElement?.className)).toBe('place-more');
    await page.keyboard.press('Enter');
    await poll(() => menu().isVisible()).toBe(true);
    await page.keyboard.press('ArrowDown');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toContain('Mark all as read');
    await page.keyboard.press('Escape');
    await feedItem().click({ button: 'right' });
    await poll(() => menu().isVisible()).toBe(true);
    await page.mouse.click(700, 400);
    await poll(() => menu().count()).toBe(0);
  });

  it('refreshes the feed and turns full articles on from the menu', async () => {
    await openFeedMenu();
    await menu().getByText('Refresh this feed').click();
    await poll(() => page.locator('.toast', { hasText: `Refreshed ${FEED}` }).count()).toBe(1);
    await openFeedMenu();
    await menu().getByText('Always fetch full articles').click();
    await poll(async () => (await archive.listFeeds())[0]!.fullText).toBe('always');
    await openFeedMenu();
    expect(await menu().locator('[role=menuitemcheckbox]').getAttribute('aria-checked')).toBe('true');
    await menu().getByText('Always fetch full articles').click();
    await poll(async () => (await archive.listFeeds())[0]!.fullText).toBe('auto');
  });

  it('renames the feed', async () => {
    await openFeedMenu();
    await menu().getByText('Rename…').click();
    const dialog = page.locator('dialog#rename-feed');
    await dialog.locator('input[name=name]').fill('Marsupial notes');
    await dialog.locator('button[type=submit]').click();
    await poll(() => dialog.count()).toBe(0);
    await poll(() => feedItem().locator('.place-name').textContent()).toBe('Marsupial notes');
    expect((await archive.listFeeds())[0]!.title).toBe('Marsupial notes');
  });

  it('moves the feed into a new folder', async () => {
    await feedItem().click({ button: 'right' });
    await menu().getByText('Move to folder…').click();
    const dialog = page.locator('dialog#move-feed');
    await dialog.locator('input[name=new-folder]').fill('Animals');
    await screenshots(page, 'move-feed-dialog');
    await dialog.locator('button[type=submit]').click();
    await poll(() => dialog.count()).toBe(0);
    await poll(() => page.locator('.sidebar .folder', { has: page.locator('[data-place="folder:Animals"]') }).locator(`[data-place="feed:${feedId}"]`).count()).toBe(1);
    expect((await archive.listFeeds())[0]!.folder).toBe('Animals');
  });

  it('gives the feed its own refresh interval and keeping period in its info, which tells how it went', async () => {
    await openFeedMenu();
    await menu().getByText('Feed info…').click();
    const dialog = page.locator('dialog#feed-info');
    await poll(() => dialog.isVisible()).toBe(true);
    expect(await dialog.locator('select[name=refresh-minutes] option:checked').textContent()).toBe('As in Settings (1 hour)');
    expect(await dialog.locator('[role=status]').textContent()).toMatch(/Last updated .*Next update .*articles, \d+ unread\./);
    await dialog.locator('select[name=refresh-minutes]').selectOption('120');
    await dialog.locator('select[name=retention-days]').selectOption('30');
    await screenshots(page, 'feed-info-dialog');
    await dialog.locator('button[type=submit]').click();
    await poll(() => dialog.count()).toBe(0);
    expect((await archive.listFeeds())[0]).toMatchObject({ refreshMinutes: 120, retentionDays: 30, title: 'Marsupial notes', folder: 'Animals' });
  });

  it('changes the settings: how often and how politely feeds are fetched', async () => {
    await page.locator('[data-command="settings"]').click();
    const dialog = page.locator('dialog#settings');
    await poll(() => dialog.isVisible()).toBe(true);
    await dialog.locator('select[name=refresh-minutes]').selectOption('30');
    await dialog.locator('input[name=max-per-host]').fill('1');
    await screenshots(page, 'settings-dialog');
    await dialog.locator('input[name=max-fetches]').fill('99');
    await dialog.locator('button[type=submit]').click();
    // Out of range: the form says so at the field and nothing is saved.
    expect(await dialog.locator('input[name=max-fetches]').evaluate((el) => (el as HTMLInputElement).validity.rangeOverflow)).toBe(true);
    expect(await dialog.isVisible()).toBe(true);
    expect((await archive.getSettings()).maxPerHost).toBe(2);
    await dialog.locator('input[name=max-fetches]').fill('6');
    await dialog.locator('button[type=submit]').click();
    await poll(() => dialog.count()).toBe(0);
    expect(await archive.getSettings()).toMatchObject({ refreshMinutes: 30, maxPerHost: 1, maxConcurrentFetches: 6, downloadImages: true });
    // The comma opens them too.
    await page.locator('.list').focus();
    await page.keyboard.press(',');
    await poll(() => dialog.isVisible()).toBe(true);
    expect(await dialog.locator('select[name=refresh-minutes]').inputValue()).toBe('30');
    await page.keyboard.press('Escape');
    await poll(() => dialog.count()).toBe(0);
  });

  it('marks all of the feed read from its menu, and a list from the header button', async () => {
    await openFeedMenu();
    await menu().getByText('Mark all as read').click();
    await poll(unreadInFeed).toBe(0);
    await poll(() => feedItem().locator('.count').textContent()).toBe('');

    const ids = (await archive.listArticles({ feedId, limit: 100 })).items.map((a) => a.id);
    await archive.setRead(ids, false);
    await page.locator('[data-place="folder:Animals"]').click();
    await poll(() => page.locator('.list-title').textContent()).toBe('Animals');
    await poll(() => feedItem().locator('.count').textContent()).toBe(String(ids.length));
    await page.locator('[data-command="mark-all-read"]').click();
    await poll(unreadInFeed).toBe(0);
    await poll(() => feedItem().locator('.count').textContent()).toBe('');
  });

  it('renames a tag from its menu', async () => {
    const [quokka, numbat] = (await archive.listArticles({ feedId, limit: 100 })).items.filter((a) => /Quokkas|Numbats/.test(a.title));
    await archive.tagArticles([numbat!.id], ['marsupials']);
    await archive.setStarred([quokka!.id], true);
    const tag = page.locator('.sidebar [data-place="tag:marsupials"]');
    await poll(() => tag.count()).toBe(1);
    await tag.click({ button: 'right' });
    await menu().getByText('Rename…').click();
    const dialog = page.locator('dialog#rename-tag');
    await dialog.locator('input[name=name]').fill('small-mammals');
    await dialog.locator('button[type=submit]').click();
    await poll(() => page.locator('.sidebar [data-place="tag:small-mammals"]').count()).toBe(1);
    expect(await page.locator('.sidebar [data-place="tag:marsupials"]').count()).toBe(0);
    const tags = (await archive.listTags()).map((t) => t.name);
    expect(tags).toContain('small-mammals');
    expect(tags).not.toContain('marsupials');
    expect((await archive.getArticle(numbat!.id)).tags).toEqual(['small-mammals']);
  });

  it('merges a tag into another from its menu', async () => {
    const tagged = (await archive.listArticles({ tag: 'elon-musk', limit: 10 })).items.map((a) => a.id);
    expect(tagged).toHaveLength(1);
    const tag = page.locator('.sidebar [data-place="tag:elon-musk"]');
    await tag.click({ button: 'right' });
    await menu().getByText('Merge into…').click();
    const dialog = page.locator('dialog#merge-tag');
    await poll(() => dialog.isVisible()).toBe(true);
    await dialog.locator('select[name=into]').selectOption('ai');
    await screenshots(page, 'merge-tag-dialog');
    await dialog.locator('button[type=submit]').click();
    await poll(() => tag.count()).toBe(0);
    expect((await archive.listTags()).map((t) => t.name)).not.toContain('elon-musk');
    const tags = (await archive.getArticle(tagged[0]!)).tags;
    expect(tags).toContain('ai');
    expect(tags).not.toContain('elon-musk');
  });

  it('deletes a tag from its menu after asking, keeping its articles', async () => {
    const tag = page.locator('.sidebar [data-place="tag:gpu"]');
    const tagged = (await archive.listArticles({ tag: 'gpu', limit: 10 })).items.map((a) => a.id);
    expect(tagged).toHaveLength(1);
    await tag.hover();
    await tag.locator('.place-more').click();
    await menu().getByText('Delete…').click();
    const dialog = page.locator('dialog#delete-tag');
    expect(await dialog.textContent()).toMatch(/articles themselves stay/);
    await dialog.locator('button[type=submit]').click();
    await poll(() => tag.count()).toBe(0);
    expect((await archive.listTags()).map((t) => t.name)).not.toContain('gpu');
    expect((await archive.getArticle(tagged[0]!)).tags).not.toContain('gpu');
  });

  it('removes the feed after saying what is kept: its plain articles go, the starred and the tagged stay', async () => {
    await openFeedMenu();
    await menu().getByText('Remove…').click();
    const dialog = page.locator('dialog#remove-feed');
    expect(await dialog.textContent()).toMatch(/Starred, tagged and saved articles are kept/);
    await screenshots(page, 'remove-feed-dialog');
    await dialog.locator('button[type=submit]').click();
    await poll(() => feedItem().count()).toBe(0);
    expect(await archive.listFeeds()).toEqual([]);
    const left = await articleTitles({ view: 'all' });
    expect(left).toEqual(expect.arrayContaining(['Quokkas of Rottnest Island', 'Numbats and their termites']));
    expect(left).not.toContain('Bilbies in the desert');
    await poll(() => page.locator('.sidebar [data-place="folder:Animals"]').count()).toBe(0);
  });

  it('sent no request beyond 127.0.0.1', () => {
    expect(outside).toEqual([]);
  });
}
