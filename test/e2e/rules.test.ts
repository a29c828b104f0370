// End to end in Chromium (browser mode): the tag rules editor (Settings → Tag rules…): a new
// rule's query previews its matching articles as it is typed, a bad query says why inline (not
// in a toast), "Run on existing articles" shows how many it would change and applies only on
// confirm, delete asks first. Retention: "Preview clean-up…" lists what the feeds' keeping
// periods would remove, per feed, and removes it only on confirm.
// Screenshots (light and dark): test-results/e2e/rules-editor-*, rules-query-error-*, rules-list-*,
// rules-list-640-* (the narrowest window), retention-preview-*.

import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import type { Archive } from '../../src/api.js';
import { type FixtureSite, type Session, describeInChromium, openSession, screenshots } from './harness.js';

describeInChromium('tag rules editor and retention preview in Chromium', suite);

function suite(): void {
  let session: Session | undefined;
  let archive: Archive;
  let site: FixtureSite;
  let page: Page;
  let outside: string[];

  beforeAll(async () => {
    session = await openSession('tidings-e2e-rules-');
    ({ archive, site, page, outside } = session);
    await archive.addFeed(`${site.origin}/feed.rss`);
  }, 120_000);

  afterAll(async () => {
    vi.useRealTimers();
    await session?.close();
  });

  const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 30_000, interval: 50 });
  const rules = () => page.locator('dialog#rules');
  const openRules = async () => {
    await page.locator('[data-command="settings"]').click();
    await page.locator('#settings .open-rules').click();
    await poll(() => rules().isVisible()).toBe(true);
  };

  it('creates a rule with a live preview of what it matches; a bad query is explained inline', async () => {
    await poll(async () => (await archive.listArticles({ query: 'quokkas OR numbats' })).total).toBe(2);
    // The window's title carries the unread count (issue 16 item 10).
    const unread = async () => (await archive.listArticles({ view: 'unread', limit: 1 })).total;
    await poll(async () => page.title()).toBe(`Tidings (${await unread()})`);
    await openRules();
    await rules().locator('.rule-new').click();
    const query = rules().locator('input[name="rule-query"]');
    await query.fill('quokkas OR numbats');
    await poll(() => rules().locator('.rule-preview-total').textContent()).toBe('2 articles match');
    const titles = await rules().locator('.rule-preview li').allTextContents();
    expect(titles.sort()).toEqual(['Numbats and their termites', 'Quokkas of Rottnest Island']);

    await query.fill('tag:');
    await poll(() => rules().locator('.rule-query-error').isVisible()).toBe(true);
    expect(await rules().locator('.rule-query-error').textContent()).toBe('tag: needs a value (tag:something)');
    expect(await page.locator('.toast').count()).toBe(0);
    expect(await rules().locator('.rule-preview li').count()).toBe(0);
    await screenshots(page, 'rules-query-error');

    await query.fill('quokkas OR numbats');
    await poll(() => rules().locator('.rule-preview-total').textContent()).toBe('2 articles match');
    await poll(() => rules().locator('.rule-query-error').isVisible()).toBe(false);
    await rules().locator('input[name="rule-name"]').fill('Marsupials');
    await rules().locator('input[name="rule-tags"]').fill('marsupials, australia');
    await rules().locator('input[name="rule-star"]').check();
    await screenshots(page, 'rules-editor');
    await rules().locator('.rule-save').click();
    await poll(async () => (await archive.listRules()).map((r) => [r.name, r.query, r.addTags, r.star, r.markRead])).toEqual([['Marsupials', 'quokkas OR numbats', ['marsupials', 'australia'], true, false]]);
    await poll(() => rules().locator('.rule .rule-name').allTextContents()).toEqual(['Marsupials']);
  });

  it('edits a rule (the list shows it changed)', async () => {
    await rules().locator('.rule .rule-edit').click();
    await expect.poll(() => rules().locator('input[name="rule-name"]').inputValue()).toBe('Marsupials');
    await rules().locator('input[name="rule-query"]').fill('quokkas');
    await poll(() => rules().locator('.rule-preview-total').textContent()).toBe('1 article matches');
    await rules().locator('.rule-save').click();
    await poll(async () => (await archive.listRules()).map((r) => r.query)).toEqual(['quokkas']);
    await poll(() => rules().locator('.rule .rule-query').allTextContents()).toEqual(['quokkas']);
  });

  it('runs a rule on existing articles only after showing how many it changes', async () => {
    const tagged = async () => (await archive.listArticles({ tag: 'marsupials' })).total;
    expect(await tagged()).toBe(0);
    await rules().locator('.rule .rule-run').click();
    await poll(() => rules().locator('.rule-confirm-text').textContent()).toBe('“Marsupials” matches 1 article and would change 1 of them.');
    expect(await tagged()).toBe(0);
    await screenshots(page, 'rules-list');
    // The narrowest window the app allows (640 px): the rule, its buttons and the question still fit.
    await page.setViewportSize({ width: 640, height: 760 });
    await screenshots(page, 'rules-list-640');
    await page.setViewportSize({ width: 1360, height: 860 });
    await rules().locator('.rule-confirm .rule-confirm-cancel').click();
    expect(await tagged()).toBe(0);
    await rules().locator('.rule .rule-run').click();
    await rules().locator('.rule-confirm .rule-confirm-ok').click();
    await poll(tagged).toBe(1);
    await poll(() => rules().locator('.rule-status').textContent()).toBe('“Marsupials” changed 1 article.');
  });

  it('deletes a rule after asking', async () => {
    await rules().locator('.rule .rule-delete').click();
    await poll(() => rules().locator('.rule-confirm-text').textContent()).toBe('Delete the rule “Marsupials”? Articles it already tagged keep their tags.');
    await rules().locator('.rule-confirm .rule-confirm-cancel').click();
    expect((await archive.listRules()).length).toBe(1);
    await rules().locator('.rule .rule-delete').click();
    await rules().locator('.rule-confirm .rule-confirm-ok').click();
    await poll(async () => (await archive.listRules()).length).toBe(0);
    await poll(() => rules().locator('.rules-empty').isVisible()).toBe(true);
    await page.keyboard.press('Escape');
    await poll(() => rules().count()).toBe(0);
    await page.keyboard.press('Escape');
  });

  it('edits the first of two rules in place: it keeps its id and stays first (rules run in list order)', async () => {
    const first = await archive.addRule({ name: 'Quokka watch', query: 'quokkas', addTags: ['quokka'] });
    const second = await archive.addRule({ name: 'Numbat watch', query: 'numbats', addTags: ['numbat'] });
    await openRules();
    await poll(() => rules().locator('.rule .rule-name').allTextContents()).toEqual(['Quokka watch', 'Numbat watch']);
    await rules().locator(`.rule[data-id="${first.id}"] .rule-edit`).click();
    await expect.poll(() => rules().locator('input[name="rule-name"]').inputValue()).toBe('Quokka watch');
    await rules().locator('input[name="rule-name"]').fill('Island marsupials');
    await rules().locator('input[name="rule-query"]').fill('quokkas OR bilbies');
    await poll(() => rules().locator('.rule-preview-total').textContent()).toBe('2 articles match');
    await rules().locator('.rule-save').click();
    await poll(async () => (await archive.listRules()).map((r) => [r.id, r.name, r.query])).toEqual([
      [first.id, 'Island marsupials', 'quokkas OR bilbies'],
      [second.id, 'Numbat watch', 'numbats'],
    ]);
    await poll(() => rules().locator('.rule .rule-name').allTextContents()).toEqual(['Island marsupials', 'Numbat watch']);
    await screenshots(page, 'rules-edited-in-place');
    for (const rule of await archive.listRules()) await archive.removeRule(rule.id);
    await page.keyboard.press('Escape');
    await poll(() => rules().count()).toBe(0);
    await page.keyboard.press('Escape');
  });

  it('opens from the application menu (Tag Rules…)', async () => {
    await page.evaluate(() => window.dispatchEvent(new CustomEvent('tidings:menu', { detail: 'rules', cancelable: true })));
    await poll(() => rules().isVisible()).toBe(true);
    await page.keyboard.press('Escape');
    await poll(() => rules().count()).toBe(0);
  });

  it('marks a feed "notify" in its Feed info dialog', async () => {
    const [feed] = await archive.listFeeds();
    const item = page.locator(`.sidebar [data-place="feed:${feed!.id}"]`);
    await item.hover();
    await item.locator('.place-more').click();
    await page.locator('.menu[role=menu] [role=menuitem]', { hasText: 'Feed info' }).click();
    const notify = page.locator('#feed-info input[name="notify"]');
    expect(await notify.isChecked()).toBe(false);
    await notify.check();
    await page.locator('#feed-info button[type=submit]').click();
    await poll(async () => (await archive.listFeeds())[0]!.notify).toBe(true);
  });

  it('previews what retention removes, per feed, and removes it only on confirm', async () => {
    const [feed] = await archive.listFeeds();
    const all = (await archive.listArticles({ feedId: feed!.id, limit: 100 })).items;
    await archive.setRead(all.map((a) => a.id), true);
    await archive.updateFeed(feed!.id, { retentionDays: 7 });
    const inFeed = async () => (await archive.listArticles({ feedId: feed!.id })).total;
    const before = await inFeed();
    // Retention counts from an article's arrival: the archive (in this process) is shown a day
    // in ten days, when this feed's articles are older than its 7 days.
    vi.setSystemTime(Date.now() + 10 * 86_400_000);
    const expected = (await archive.applyRetention({ dryRun: true })).removed;
    expect(expected).toBeGreaterThan(0);
    await poll(() => page.locator('dialog#settings').count()).toBe(0);
    await page.locator('[data-command="settings"]').click();
    await page.locator('#settings .retention-preview').click();
    const dialog = page.locator('dialog#retention');
    await poll(() => dialog.locator('.retention-feed').allTextContents()).toEqual([`Southern Wildlife Notes${expected} read articles older than 7 days`]);
    expect(await inFeed()).toBe(before);
    await screenshots(page, 'retention-preview');
    await dialog.locator('button', { hasText: 'Cancel' }).click();
    expect(await inFeed()).toBe(before);
    await page.locator('#settings .retention-preview').click();
    await dialog.locator(`button[type=submit]`).click();
    await poll(inFeed).toBe(before - expected);
    vi.useRealTimers();
    expect(outside).toEqual([]);
  });
}
