// End to end in Chromium (browser mode): importing an OPML file fetches its new feeds at once,
// the progress bar says so while they come, and their articles appear in the list; a site
// offering two feeds shows a choice (title, type, address, one click to subscribe, Esc cancels).
// Screenshots (light and dark): test-results/e2e/opml-import-*, opml-import-progress-*, feed-choice-*.

import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Archive } from '../../src/api.js';
import { type FixtureSite, type Session, describeInChromium, openSession, screenshots } from './harness.js';

describeInChromium('OPML import and feed choice in Chromium', suite);

/** Three small feeds of our own, each answering after a pause so that the progress can be seen. */
const FEEDS = ['herons', 'otters', 'lichens'];
const PAUSE_MS = 1500;

function feedXml(name: string, origin: string): string {
  const title = name[0]!.toUpperCase() + name.slice(1);
  const items = [1, 2].map((n) => `<item><guid>${origin}/${name}/${n}</guid><title>${title} field note ${n}</title><link>${origin}/${name}/${n}</link><pubDate>Mon, 0${n} Sep 2024 08:00:00 GMT</pubDate><description>Notes on ${name}, number ${n}.</description></item>`);
  return `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>${title} Weekly</title><link>${origin}/${name}</link>${items.join('')}</channel></rss>`;
}

function suite(): void {
  let session: Session | undefined;
  let archive: Archive;
  let site: FixtureSite;
  let page: Page;
  let outside: string[];
  let feeds: http.Server;
  let feedsOrigin = '';

  beforeAll(async () => {
    feeds = http.createServer((req, res) => {
      const name = /^\/(\w+)\.xml$/.exec(req.url ?? '')?.[1];
      if (!name || !FEEDS.includes(name)) return void res.writeHead(404).end();
      setTimeout(() => res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(feedXml(name, feedsOrigin)), PAUSE_MS);
    });
    await new Promise<void>((resolve) => feeds.listen(0, '127.0.0.1', resolve));
    feedsOrigin = `http://127.0.0.1:${(feeds.address() as AddressInfo).port}`;
    session = await openSession('tidings-e2e-opml-');
    ({ archive, site, page, outside } = session);
  }, 120_000);

  afterAll(async () => {
    await session?.close();
    await new Promise((resolve) => feeds?.close(resolve));
  });

  const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 45_000, interval: 50 });
  const rowTitles = () => page.locator('.row[data-id] .row-title').allTextContents();

  it('imports three feeds, shows the refresh progress, then their articles in the list', async () => {
    await poll(() => page.locator('.row[data-id]').count()).toBeGreaterThan(0);
    // The page's event stream connects a moment after the list shows (CI under load: past the
    // whole refresh, and the bar was never seen): a change made here must reach the page first.
    const [welcome] = (await archive.listArticles({})).items;
    await archive.setStarred([welcome!.id], true);
    await poll(() => page.locator('#view-starred .count').textContent()).toBe('1');
    await archive.setStarred([welcome!.id], false);
    await poll(() => page.locator('#view-starred .count').textContent()).toBe('');
    const outlines = FEEDS.map((n) => `<outline type="rss" text="${n}" xmlUrl="${feedsOrigin}/${n}.xml"/>`).join('');
    const xml = `<?xml version="1.0"?><opml version="2.0"><head><title>Nature</title></head><body><outline text="Nature">${outlines}` +
      `<outline type="rss" text="again" xmlUrl="${feedsOrigin}/herons.xml"/></outline><outline type="rss" text="bad" xmlUrl="javascript:alert(1)"/></body></opml>`;
    // Handed over as bytes: given a path, Chromium reads the file only when the page asks for its
    // text, and a file removed before that (a loaded CI run) left the import silently undone.
    await page.locator('.opml-file').setInputFiles({ name: 'nature.opml', mimeType: 'text/x-opml', buffer: Buffer.from(xml) });

    // The bar shows while the (slow) feeds are fetched, one by one.
    const bar = page.locator('.progress');
    await poll(() => page.locator('.progress-label').textContent()).toMatch(/^Refreshing \d of 3/);
    expect(await bar.isVisible()).toBe(true);
    await screenshots(page, 'opml-import-progress');

    await page.locator('#view-all').click();
    await poll(async () => (await rowTitles()).filter((t) => t.includes('field note')).length).toBe(6);
    await poll(() => page.locator('.toast', { hasText: 'OPML: 3 feeds added, 0 already there, 1 repeated in the file, 1 without a usable address, 1 folder; 6 new articles' }).count()).toBe(1);
    // The refresh is over (full texts of these teaser-like items may still be extracting).
    await poll(async () => (await bar.isVisible()) && /^(Refreshing|Importing)/.test((await page.locator('.progress-label').textContent()) ?? '')).toBe(false);
    await poll(() => page.locator('.sidebar .place', { hasText: 'otters' }).count()).toBe(1);
    await screenshots(page, 'opml-import');
    expect((await archive.listFeeds()).filter((f) => f.folder === 'Nature')).toHaveLength(3);
  });

  it('lets the user choose between two feeds with one click, typed without http://, and Esc cancels', async () => {
    const typed = site.origin.replace(/^http:\/\//, '');
    const open = async () => {
      await page.locator('.actions [data-command="add-feed"]').click();
      const dialog = page.locator('dialog#add-feed');
      await dialog.locator('input[name=url]').fill(typed);
      await dialog.locator('button[type=submit]').click();
      await poll(() => dialog.locator('.choice-row').count()).toBe(2);
      return dialog;
    };
    let dialog = await open();
    expect(await dialog.locator('.choice-row .choice-url').allTextContents()).toEqual([expect.stringMatching(/^(RSS|ATOM) · http:\/\/127\.0\.0\.1:\d+\/feed\.(rss|atom)$/), expect.stringMatching(/^(RSS|ATOM) · /)]);
    await screenshots(page, 'feed-choice');
    await page.keyboard.press('Escape');
    await poll(() => dialog.count()).toBe(0);
    expect((await archive.listFeeds()).some((f) => f.url.startsWith(site.origin))).toBe(false);

    dialog = await open();
    const second = dialog.locator('.choice-row').nth(1);
    const chosenUrl = (await second.locator('input[name=candidate]').getAttribute('value'))!;
    await second.locator('button.choice-subscribe').click();
    await poll(() => dialog.count()).toBe(0);
    await poll(async () => (await archive.listFeeds()).filter((f) => f.url.startsWith(site.origin)).map((f) => f.url)).toEqual([chosenUrl]);
    expect(outside).toEqual([]);
  });
}
