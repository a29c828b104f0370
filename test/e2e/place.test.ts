// End to end, your place in Chromium against browser mode: the list's density (comfortable,
// compact, titles only) is chosen from the header and kept over a reload; a feed's own list does
// not repeat the feed's name on each row; a started article shows how far it was read ("42%").
// Screenshots: test-results/e2e/list-compact-*.png.

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
}
