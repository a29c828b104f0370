// Feed icons end to end in Chromium (issue 11 item 7), browser mode: three fixture sites on
// 127.0.0.1, each its own origin. One feed names its icon in <image><url>, one site offers
// <link rel=icon>, one has no icon at all (its /favicon.ico is an HTML page). After subscribing,
// the sidebar shows the two archived icons (loaded from assets/, 16 px, aligned with the names)
// and a letter for the third; the list rows show the same beside the feed's name. Screenshots
// light and dark: test-results/e2e/feed-icons-{light,dark}.png.

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Archive } from '../../src/api.js';
import { type Session, describeInChromium, makePng, openSession, screenshots } from './harness.js';

describeInChromium('feed icons in Chromium', feedIcons);

interface Site {
  origin: string;
  server: Server;
}

/** A site of its own origin, answering from `routes` (path to type and body), 404 otherwise. */
async function startSite(routes: (origin: string) => Record<string, [string, string | Buffer]>): Promise<Site> {
  let table: Record<string, [string, string | Buffer]> = {};
  const server = createServer((req, res) => {
    const route = table[new URL(req.url ?? '/', 'http://x').pathname];
    if (!route) return void res.writeHead(404, { 'content-type': 'text/html' }).end('<h1>Not found</h1>');
    res.writeHead(200, { 'content-type': route[0] }).end(route[1]);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  table = routes(origin);
  return { origin, server };
}

function rss(title: string, origin: string, image: string, day: number): string {
  const items = [1, 2].map((n) => `<item><title>${title}: story ${n}</title><link>${origin}/posts/${n}</link><guid>${origin}/${n}</guid><pubDate>${new Date(Date.UTC(2026, 10, day + n, 9)).toUTCString()}</pubDate><description>Story ${n} of ${title}.</description></item>`);
  return `<?xml version="1.0"?><rss version="2.0"><channel><title>${title}</title><link>${origin}/</link>${image}${items.join('')}</channel></rss>`;
}

const RSS = 'application/rss+xml; charset=utf-8';
const HTML = 'text/html; charset=utf-8';

function feedIcons(): void {
  let session: Session | undefined;
  let archive: Archive;
  let page: Page;
  let outside: string[];
  const sites: Site[] = [];
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    session = await openSession('tidings-e2e-icons-');
    ({ archive, page, outside } = session);
    const own = await startSite((o) => ({
      '/feed.rss': [RSS, rss('Aurora Notes', o, `<image><url>${o}/art/logo.png</url><title>Aurora Notes</title><link>${o}/</link></image>`, 10)],
      '/art/logo.png': ['image/png', makePng(32, 32, [0xe8, 0x6a, 0x1c])],
    }));
    const linked = await startSite((o) => ({
      '/feed.rss': [RSS, rss('Bramble Journal', o, '', 12)],
      '/': [HTML, '<!doctype html><html><head><title>Bramble</title><link rel="icon" sizes="32x32" href="/brand-32.png"></head><body>Hello</body></html>'],
      '/brand-32.png': ['image/png', makePng(32, 32, [0x2f, 0x8f, 0x5b])],
    }));
    const none = await startSite((o) => ({
      '/feed.rss': [RSS, rss('Cobalt Weekly', o, '', 14)],
      '/': [HTML, '<!doctype html><title>Cobalt</title><p>No icon here.</p>'],
      '/favicon.ico': ['image/x-icon', '<!doctype html><p>This is not an icon.</p>'],
    }));
    sites.push(own, linked, none);
    for (const [name, site] of [['own', own], ['linked', linked], ['none', none]] as const) {
      const added = await archive.addFeed(`${site.origin}/feed.rss`);
      if (added.status !== 'added') throw new Error(`not added: ${added.status}`);
      ids[name] = added.feed.id;
    }
  }, 120_000);

  afterAll(async () => {
    await session?.close();
    for (const site of sites) await new Promise((resolve) => site.server.close(resolve));
  });

  const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 30_000, interval: 100 });
  const sideIcon = (name: string) => page.locator(`.sidebar [data-place="feed:${ids[name]}"] .feed-icon`);
  const loaded = (name: string) => sideIcon(name).locator('img').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth).catch(() => 0);

  it('looks the icons up in the background and keeps two of them', async () => {
    await poll(async () => (await archive.listFeeds()).filter((f) => f.iconCheckedAt !== undefined).length).toBe(3);
    const feeds = Object.fromEntries((await archive.listFeeds()).map((f) => [f.id, f]));
    expect(feeds[ids.own!]!.icon).toMatch(/^[0-9a-f]{64}\.png$/);
    expect(feeds[ids.linked!]!.icon).toMatch(/^[0-9a-f]{64}\.png$/);
    expect(feeds[ids.own!]!.icon).not.toBe(feeds[ids.linked!]!.icon);
    expect(feeds[ids.none!]!.icon).toBeNull();
    expect(Object.values(feeds).every((f) => f.lastError === null)).toBe(true);
  });

  it('shows the icons in the sidebar, a letter for the feed without one, aligned with the names', async () => {
    await page.reload();
    await poll(() => loaded('own')).toBe(32);
    await poll(() => loaded('linked')).toBe(32);
    expect(await sideIcon('own').locator('img').getAttribute('src')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/assets\/[0-9a-f]{64}\.png\?token=/);
    expect(await sideIcon('none').locator('img').count()).toBe(0);
    expect(await sideIcon('none').getAttribute('data-letter')).toBe('C');
    expect(await sideIcon('none').evaluate((el) => getComputedStyle(el, '::before').content)).toBe('"C"');
    const boxes = await Promise.all(['own', 'linked', 'none'].map((name) => sideIcon(name).boundingBox()));
    const names = await Promise.all(['own', 'linked', 'none'].map((name) => page.locator(`.sidebar [data-place="feed:${ids[name]}"] .place-name`).boundingBox()));
    for (const [i, box] of boxes.entries()) {
      expect(box).toMatchObject({ width: 16, height: 16, x: boxes[0]!.x });
      expect(Math.abs(box!.y + box!.height / 2 - (names[i]!.y + names[i]!.height / 2))).toBeLessThanOrEqual(2);
    }
  });

  it('shows each row its feed icon beside the feed name, and screenshots it', async () => {
    await page.locator('#view-all').click();
    // Six feed items and the seed article (a saved file: no feed, no icon).
    await poll(() => page.locator('.list .row[data-id]').count()).toBe(7);
    const rows = await page.locator('.list .row[data-id]').evaluateAll((els) =>
      els.map((row) => {
        const icon = row.querySelector<HTMLElement>('.row-top .feed-icon')!;
        const img = icon.querySelector('img');
        return { source: row.querySelector('.row-source')!.textContent, letter: icon.dataset.letter, img: img ? img.complete && img.naturalWidth > 0 : null, hidden: icon.hidden };
      }),
    );
    const bySource = (title: string) => rows.filter((r) => r.source === title);
    expect(bySource('Aurora Notes')).toEqual([{ source: 'Aurora Notes', letter: 'A', img: true, hidden: false }, { source: 'Aurora Notes', letter: 'A', img: true, hidden: false }]);
    expect(bySource('Bramble Journal').every((r) => r.img === true)).toBe(true);
    expect(bySource('Cobalt Weekly')).toEqual([{ source: 'Cobalt Weekly', letter: 'C', img: null, hidden: false }, { source: 'Cobalt Weekly', letter: 'C', img: null, hidden: false }]);
    expect(rows.filter((r) => r.hidden)).toHaveLength(1);
    await page.locator('.list .row[data-id]').nth(1).click();
    await screenshots(page, 'feed-icons');
    expect(outside).toEqual([]);
  });
}
