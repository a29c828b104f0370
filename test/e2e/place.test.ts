// End to end, your place in Chromium against browser mode: the list's density (comfortable,
// compact, titles only) is chosen from the header and kept over a reload; a feed's own list does
// not repeat the feed's name on each row; a started article shows how far it was read ("42%").
// The reading position is saved as the article is scrolled and restored when it is opened again
// (after another article, after a reload), with a thin bar showing it; Space pages through the
// article and at its end opens the next unread one, Shift+Space goes back.
// Screenshots: test-results/e2e/list-compact-*.png, list-titles-*.png, reading-progress-*.png.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Archive } from '../../src/api.js';
import { type Session, describeInChromium, openSession, screenshots } from './harness.js';

describeInChromium('your place in Chromium', place);

const FEED = 'Southern Wildlife Notes';

function place(): void {
  let session: Session | undefined;
  let archive: Archive;
  let page: Page;
  let feedId = '';
  let longId = '';
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tidings-e2e-place-pages-'));

  beforeAll(async () => {
    session = await openSession('tidings-e2e-place-');
    ({ archive, page } = session);
    await archive.deleteArticles((await archive.listArticles({ limit: 100 })).items.map((a) => a.id));
    const added = await archive.addFeed(`${session.site.origin}/feed.rss`);
    if (added.status === 'choose') throw new Error('the fixture feed offered a choice');
    feedId = added.feed.id;
    const file = path.join(dir, 'long.html');
    const paragraphs = Array.from({ length: 80 }, (_, i) => `<p>Paragraph ${i + 1} of a long article about the place kept while reading, with enough words to fill a line or two of the reader.</p>`).join('');
    writeFileSync(file, `<!doctype html><html lang="en"><head><title>A long read</title></head><body><article><h1>A long read</h1>${paragraphs}</article></body></html>`);
    longId = (await archive.importFile(file, { title: 'A long read' })).id;
    await archive.setReadingProgress(longId, 0.42);
    await page.reload();
  }, 120_000);

  afterAll(async () => {
    await session?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 30_000, interval: 50 });
  const rows = () => page.locator('.list .row[data-id]');
  const menu = () => page.locator('.menu[role=menu]');
  const rowHeight = () => rows().first().evaluate((el) => el.getBoundingClientRect().height);
  const density = async (label: string) => {
    await page.locator('.list-density').click();
    await menu().getByText(label).click();
  };

  it('shows "42%" on a started article', async () => {
    await poll(() => rows().count()).toBeGreaterThan(1);
    await poll(() => page.locator(`.list .row[data-id="${longId}"] .row-progress`).textContent()).toBe('42%');
    const unstarted = rows().filter({ hasNotText: 'A long read' }).first();
    expect(await unstarted.locator('.row-progress').textContent()).toBe('');
  });

  it('switches the density from the header and keeps it over a reload', async () => {
    const comfortable = await rowHeight();
    await density('Compact');
    await poll(() => page.locator('.list').getAttribute('class')).toContain('density-compact');
    await poll(rowHeight).toBeLessThan(comfortable);
    const compact = await rowHeight();
    expect(await rows().first().locator('.row-bottom').isVisible()).toBe(false);
    expect(await rows().first().locator('.row-title').isVisible()).toBe(true);
    await screenshots(page, 'list-compact');
    await page.reload();
    await poll(() => page.locator('.list').getAttribute('class')).toContain('density-compact');
    await poll(() => rows().count()).toBeGreaterThan(1);
    expect(await rowHeight()).toBe(compact);
    await page.locator('.list-density').click();
    expect(await menu().locator('[role=menuitemcheckbox][aria-checked=true]').textContent()).toContain('Compact');
    await page.keyboard.press('Escape');
    await density('Titles only');
    await poll(rowHeight).toBeLessThan(compact);
    expect(await rows().first().locator('.row-date').isVisible()).toBe(true);
    await screenshots(page, 'list-titles');
    await density('Comfortable');
    await poll(rowHeight).toBe(comfortable);
  });

  it("does not repeat the feed's name on each row of the feed's own list", async () => {
    const feedRow = rows().filter({ hasNot: page.locator('text=A long read') }).first();
    await poll(() => feedRow.locator('.row-source').textContent()).toBe(FEED);
    expect(await feedRow.locator('.row-source').isVisible()).toBe(true);
    await page.locator(`.sidebar [data-place="feed:${feedId}"]`).click();
    await poll(() => page.locator('.list-title').textContent()).toBe(FEED);
    await poll(() => rows().count()).toBeGreaterThan(0);
    for (const source of await rows().locator('.row-source').all()) expect(await source.isVisible()).toBe(false);
    expect(await rows().first().locator('.row-date').isVisible()).toBe(true);
  });

  const frameScroll = () => page.locator('.reader iframe').evaluate((frame) => {
    const el = (frame as HTMLIFrameElement).contentDocument!.scrollingElement!;
    return { top: el.scrollTop, fraction: el.scrollTop / Math.max(1, el.scrollHeight - el.clientHeight) };
  });
  const scrollFrameTo = (fraction: number) => page.locator('.reader iframe').evaluate((frame, f) => {
    const el = (frame as HTMLIFrameElement).contentDocument!.scrollingElement!;
    el.scrollTop = f * (el.scrollHeight - el.clientHeight);
  }, fraction);
  const openRow = async (title: string) => {
    await rows().filter({ hasText: title }).click();
    await poll(() => page.locator('.reader iframe').evaluate((f) => (f as HTMLIFrameElement).contentDocument?.querySelector('h1')?.textContent ?? '')).toContain(title);
  };
  const fraction = async () => (await frameScroll()).fraction;
  const barWidth = () => page.locator('.reading-bar-fill').evaluate((el) => el.getBoundingClientRect().width / el.parentElement!.getBoundingClientRect().width);

  it('restores the reading position with a progress bar, after another article and after a reload', async () => {
    await page.locator('[data-place="view:all"]').click();
    await openRow('A long read');
    await poll(fraction).toBeCloseTo(0.42, 1);
    await poll(barWidth).toBeCloseTo(0.42, 1);
    await screenshots(page, 'reading-progress');
    await scrollFrameTo(0.7);
    await openRow('Bilbies in the desert');
    await poll(async () => (await archive.getArticle(longId)).progress ?? 0).toBeCloseTo(0.7, 1);
    await openRow('A long read');
    await poll(fraction).toBeCloseTo(0.7, 1);
    await scrollFrameTo(0.8);
    await poll(async () => (await archive.getArticle(longId)).progress ?? 0).toBeCloseTo(0.8, 1);
    await page.reload();
    await openRow('A long read');
    await poll(fraction).toBeCloseTo(0.8, 1);
    // An article shorter than the window keeps no position.
    const short = rows().filter({ hasText: 'Numbats' });
    const shortId = (await short.getAttribute('data-id'))!;
    await openRow('Numbats');
    await scrollFrameTo(1);
    await openRow('A long read');
    expect((await archive.getArticle(shortId)).progress ?? 0).toBe(0);
  });

  it('Space pages down the article and at its end opens the next unread one; Shift+Space goes back', async () => {
    // The read marks of the articles opened before arrive together, a moment later: wait for them first.
    const numbats = (await archive.listArticles({ limit: 100 })).items.find((a) => a.title.startsWith('Numbats'))!;
    await poll(async () => (await archive.getArticle(numbats.id)).read).toBe(true);
    const ids = (await archive.listArticles({ limit: 100 })).items.map((a) => a.id);
    await archive.setRead(ids.filter((id) => id !== longId), false);
    const next = (await archive.listArticles({ limit: 100 })).items.find((a) => a.title === 'Quokkas of Rottnest Island')!;
    await archive.setRead([next.id], true);
    await page.reload();
    await openRow('A long read');
    await scrollFrameTo(0);
    await page.locator('.reader iframe').click({ position: { x: 40, y: 40 } });
    await page.keyboard.press('Space');
    await poll(async () => (await frameScroll()).top).toBeGreaterThan(200);
    const paged = (await frameScroll()).top;
    await page.keyboard.press('Shift+Space');
    await poll(async () => (await frameScroll()).top).toBeLessThan(paged);
    await scrollFrameTo(1);
    expect(await page.locator('.list .row.unread').allTextContents()).toEqual([expect.stringContaining('Numbats'), expect.stringContaining('Bilbies'), expect.stringContaining('Hostile')]);
    await page.keyboard.press('Space');
    // Quokkas is read already: the next unread below is Numbats.
    await poll(() => page.locator('.reader iframe').evaluate((f) => (f as HTMLIFrameElement).contentDocument?.querySelector('h1')?.textContent ?? '')).toContain('Numbats');
    // From the list too: Shift+Space at the top goes back to the article before.
    await page.locator('.list').focus();
    await page.keyboard.press('Shift+Space');
    await poll(() => page.locator('.list .row.selected').textContent()).toContain('Quokkas');
  });

  it('Continue reading: the started, unfinished articles (Numbats, read last, first), with a count; empty, it says what it is for', async () => {
    const all = (await archive.listArticles({ limit: 100 })).items;
    const byTitle = (start: string) => all.find((a) => a.title.startsWith(start))!.id;
    for (const a of all) await archive.setReadingProgress(a.id, 0);
    await archive.setReadingProgress(byTitle('Quokkas'), 0.3);
    await archive.setReadingProgress(byTitle('Numbats'), 0.8);
    await archive.setReadingProgress(longId, 1);
    await page.reload();
    const item = page.locator('#view-started');
    await poll(() => item.locator('.count').textContent()).toBe('2');
    expect(await item.evaluate((el) => el.nextElementSibling?.id)).toBe('view-highlights');
    await item.click();
    await poll(() => page.locator('.list-title').textContent()).toBe('Continue reading');
    await poll(() => rows().count()).toBe(2);
    expect((await rows().allTextContents()).map((t) => t.match(/Quokkas|Numbats/)?.[0])).toEqual(['Numbats', 'Quokkas']);
    expect(await rows().locator('.row-progress').allTextContents()).toEqual(['80%', '30%']);
    await screenshots(page, 'continue-reading');
    // Finished and un-started articles leave it; empty, it says what it is for.
    await archive.setReadingProgress(byTitle('Quokkas'), 1);
    await archive.setReadingProgress(byTitle('Numbats'), 0);
    await page.reload();
    await page.locator('#view-started').click();
    await poll(() => page.locator('.list').textContent()).toContain('Nothing to continue');
    expect(await page.locator('.list').textContent()).toMatch(/started and have not finished/);
    expect(await page.locator('#view-started .count').textContent()).toBe('');
    await screenshots(page, 'continue-reading-empty');
  });

  it('Continue reading lists what was read most recently first: B read (further), then A: A first', async () => {
    const file = path.join(dir, 'second.html');
    const paragraphs = Array.from({ length: 80 }, (_, i) => `<p>Paragraph ${i + 1} of a second long article, read before the first one was opened again.</p>`).join('');
    writeFileSync(file, `<!doctype html><html lang="en"><head><title>A second long read</title></head><body><article><h1>A second long read</h1>${paragraphs}</article></body></html>`);
    const secondId = (await archive.importFile(file, { title: 'A second long read' })).id;
    await page.reload();
    await page.locator('[data-place="view:all"]').click();
    await openRow('A second long read');
    await scrollFrameTo(0.6);
    await poll(async () => (await archive.getArticle(secondId)).progress ?? 0).toBeCloseTo(0.6, 1);
    await openRow('A long read');
    await scrollFrameTo(0.3);
    await poll(async () => (await archive.getArticle(longId)).progress ?? 0).toBeCloseTo(0.3, 1);
    await page.locator('#view-started').click();
    await poll(() => page.locator('.list-title').textContent()).toBe('Continue reading');
    await poll(async () => (await rows().allTextContents()).map((t) => t.match(/A second long read|A long read/)?.[0])).toEqual(['A long read', 'A second long read']);
    expect(await rows().locator('.row-progress').allTextContents()).toEqual(['30%', '60%']);
    await screenshots(page, 'continue-reading-recent');
    await archive.deleteArticles([secondId]);
    await archive.setReadingProgress(longId, 0);
  });

  it('a search with sort:progress lists the started articles first, though the select says Best match for searches', async () => {
    const numbats = (await archive.listArticles({ limit: 100 })).items.find((a) => a.title.startsWith('Numbats'))!;
    await archive.setReadingProgress(numbats.id, 0.6);
    const box = page.locator('.search input');
    await box.fill('sort:date');
    await box.press('Enter');
    await poll(() => rows().count()).toBeGreaterThan(2);
    expect(await rows().first().textContent()).not.toContain('Numbats');
    await box.fill('sort:progress');
    await box.press('Enter');
    await poll(() => rows().first().textContent()).toContain('Numbats');
    expect(await rows().first().locator('.row-progress').textContent()).toBe('60%');
  });
}
