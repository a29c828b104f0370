// End to end in Chromium, browser mode: feed items are listed before their images arrive. A
// feed whose images answer only when the test lets them: the refresh lists its articles at
// once, the open article shows the alt-text placeholder, and the image line at the foot of the
// window says "Downloading images: N left", apart from the refresh bar (long gone by then).
// When the open article's images arrive the line offers them (showing reloads the frame, back
// at the top, so it is the reader's choice) and then the reader shows the local copy; the line
// goes away with the queue. Screenshots (light and dark): image-queue-waiting-*,
// image-queue-done-*, image-queue-offer-*.

import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type Session, describeInChromium, makePng, openSession, screenshots } from './harness.js';
import { type LocalServer, startServer } from '../net/local-server.js';

describeInChromium('the image queue in Chromium', imageQueue);

const PNG = makePng(120, 80, [0x3f, 0x9c, 0x6a]);
/** Whole articles in the feed (not teasers): no full text is fetched, only the images wait. */
const LONG = '<p>It was seen again in the afternoon, feeding on flax and kowhai nectar along the edge of the forest, calling to its neighbours from the top of a tall rimu while the rain came and went over the hills.</p>'.repeat(5);

function imageQueue(): void {
  let session: Session | undefined;
  let page: Page;
  let feeds: LocalServer;
  let live = false;
  /** Image requests held open, by path: a slow image host. */
  const held = new Map<string, () => void>();
  const release = (name: string) => {
    const answer = held.get(`/img/${name}.png`);
    held.delete(`/img/${name}.png`);
    answer?.();
    return answer !== undefined;
  };

  beforeAll(async () => {
    session = await openSession('tidings-e2e-image-queue-');
    page = session.page;
    feeds = await startServer((req, res) => {
      if (req.url === '/birds.xml') {
        const item = (slug: string, title: string) =>
          `<item><guid>${slug}</guid><title>${title}</title><link>${feeds.origin}/${slug}</link><pubDate>${slug === 'tui' ? 'Tue, 03 Nov 2026 10:00:00 GMT' : 'Mon, 02 Nov 2026 10:00:00 GMT'}</pubDate><description><![CDATA[<p>The ${title.toLowerCase()} sings at dawn.</p><p><img src="${feeds.origin}/img/${slug}.png" alt="a ${slug} on a branch"></p>${LONG}]]></description></item>`;
        const items = live ? item('tui', 'Tui') + item('kea', 'Kea') : '';
        return res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(`<?xml version="1.0"?><rss version="2.0"><channel><title>Birds of the bush</title><link>${feeds.origin}/</link><description>d</description>${items}</channel></rss>`);
      }
      if (req.url?.startsWith('/img/')) return void held.set(req.url, () => res.writeHead(200, { 'content-type': 'image/png' }).end(PNG));
      res.writeHead(404).end();
    });
  }, 120_000);

  afterAll(async () => {
    for (const answer of held.values()) answer();
    await session?.close();
    await feeds?.close();
  });

  const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 30_000, interval: 50 });
  const line = () => page.locator('.images-progress');
  const frameImages = () => page.frameLocator('.reader-frame').locator('img').count();
  const placeholder = () => page.frameLocator('.reader-frame').locator('.missing-image').allTextContents();
  const readerTitle = () => page.frameLocator('.reader-frame').locator('h1').textContent();

  it('lists the articles at once, with the images remote and the image line counting them', async () => {
    // Subscribed while empty: the refresh below is what brings the items.
    const added = await session!.archive.addFeed(`${feeds.origin}/birds.xml`);
    expect(added.status).toBe('added');
    live = true;
    await poll(() => line().isHidden()).toBe(true);
    await page.locator('[data-command="refresh"]').click();
    await poll(() => page.locator('.toast', { hasText: 'Refreshed 1 feed: 2 new articles' }).count()).toBe(1);
    await poll(() => page.locator('.row', { hasText: 'Tui' }).count()).toBe(1);
    // The refresh is over, its bar gone; the images are still on their way.
    await poll(() => page.locator('.progress').isHidden()).toBe(true);
    await poll(() => held.size).toBeGreaterThan(0);
    await poll(() => line().isVisible()).toBe(true);
    expect(await line().locator('.images-progress-text').textContent()).toBe('Downloading images: 2 left');
    await page.locator('.row', { hasText: 'Tui' }).click();
    await poll(readerTitle).toBe('Tui');
    expect(await placeholder()).toEqual(['[image: a tui on a branch]']);
    expect(await frameImages()).toBe(0);
    await screenshots(page, 'image-queue-waiting');
  });

  it('offers the open article\'s images when they arrive, and shows the local copy; the line goes away with the queue', async () => {
    const offer = line().locator('[data-action="show-arrived-images"]');
    await poll(() => held.has('/img/tui.png')).toBe(true);
    expect(release('tui')).toBe(true);
    await poll(() => offer.isVisible()).toBe(true);
    await poll(() => line().locator('.images-progress-text').textContent()).toBe('Downloading images: 1 left');
    // Not reloaded under the reader's eyes (that would scroll back to the top): offered.
    expect(await placeholder()).toEqual(['[image: a tui on a branch]']);
    await offer.click();
    await poll(frameImages).toBe(1);
    const img = page.frameLocator('.reader-frame').locator('img').first();
    expect(await img.getAttribute('src')).toMatch(new RegExp(`^${session!.server.url.split('/?')[0]}/assets/[0-9a-f]{64}\\.png\\?token=`));
    await poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth)).toBe(120);
    expect(await placeholder()).toEqual([]);
    expect(await offer.isHidden()).toBe(true);
    expect(await line().isVisible()).toBe(true);

    // The last one: the queue is empty, the line only offers the open article's images.
    await page.locator('.row', { hasText: 'Kea' }).click();
    await poll(readerTitle).toBe('Kea');
    await poll(() => held.has('/img/kea.png')).toBe(true);
    expect(release('kea')).toBe(true);
    await poll(() => offer.isVisible()).toBe(true);
    await poll(() => line().locator('.images-progress-text').isHidden()).toBe(true);
    expect(await placeholder()).toEqual(['[image: a kea on a branch]']);
    await page.mouse.move(5, 5);
    await screenshots(page, 'image-queue-offer');
    await offer.click();
    await poll(frameImages).toBe(1);
    await poll(() => line().isHidden()).toBe(true);
    expect(session!.outside).toEqual([]);
    await screenshots(page, 'image-queue-done');
  });
}
