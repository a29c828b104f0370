// End to end in Chromium (browser mode), issue 15 as a person meets it: Import… of a Pocket CSV
// (uploaded; the records, then "Fetching N of M imported articles" in the bar while slow pages
// arrive; a summary toast and the problems listed), the bookmarklet in Settings, a file dropped
// on the window, the /save confirm page (hostile title shown as text, javascript: and overlong
// addresses refused, Save from our origin; without the cookie "Open Tidings first"), and
// Export… of an archive zip as a download.
// Screenshots (light and dark): test-results/e2e/import-dialog-*, import-progress-*, import-done-*,
// settings-bookmarklet-*, drop-overlay-*, save-confirm-*, save-refused-*, export-dialog-*, and
// import-narrow-* at 800 px.

import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { unzipSync } from 'fflate';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Archive } from '../../src/api.js';
import { RESULTS_DIR, type Session, describeInChromium, openSession, screenshots } from './harness.js';

describeInChromium('Import, export, drops and saving from the browser in Chromium', suite);

/** Pages the import fetches, each after a pause, so that the progress can be seen. */
const PAGES = 12;
const PAUSE_MS = 600;

function pageHtml(n: number): string {
  const words = Array.from({ length: 80 }, (_, i) => `word${(i * n) % 17}`).join(' ');
  return `<!doctype html><html><head><title>Pocketed essay ${n}</title></head><body><article><h1>Pocketed essay ${n}</h1><p>An essay about estuaries and their birds, number ${n}. ${words}</p><p>A second paragraph, long enough for the reader view to keep it as the article text itself.</p></article></body></html>`;
}

function suite(): void {
  let session: Session | undefined;
  let archive: Archive;
  let page: Page;
  let outside: string[];
  let pages: http.Server;
  let origin = '';

  beforeAll(async () => {
    pages = http.createServer((req, res) => {
      const n = Number(/^\/essay\/(\d+)$/.exec(req.url ?? '')?.[1]);
      if (!n) return void res.writeHead(404).end();
      setTimeout(() => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(pageHtml(n)), PAUSE_MS);
    });
    await new Promise<void>((resolve) => pages.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(pages.address() as AddressInfo).port}`;
    session = await openSession('tidings-e2e-import-');
    ({ archive, page, outside } = session);
  }, 120_000);

  afterAll(async () => {
    await session?.close();
    await new Promise((resolve) => pages?.close(resolve));
  });

  const poll = <T>(read: () => T | Promise<T>, timeout = 45_000) => expect.poll(read, { timeout, interval: 50 });
  const toasts = () => page.locator('#toasts .toast').allTextContents();

  it('imports a Pocket CSV: progress in the bar while pages are fetched, then a summary with the problems', async () => {
    await poll(() => page.locator('.row[data-id]').count()).toBeGreaterThan(0);
    const rows = Array.from({ length: PAGES }, (_, i) => `"Essay, part ${i + 1}",${origin}/essay/${i + 1},${1_700_000_000 + i * 60},birds|estuaries,${i % 3 === 0 ? 'archive' : 'unread'}`);
    const csv = ['title,url,time_added,tags,status', ...rows, 'Sneaky,javascript:alert(1),1700000000,,unread'].join('\n');
    await page.locator('.actions [data-command="import-library"]').click();
    const dialog = page.locator('#import-library');
    await expect.poll(() => dialog.isVisible()).toBe(true);
    await dialog.locator('input[type="file"]').setInputFiles({ name: 'pocket-export.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await screenshots(page, 'import-dialog');
    await dialog.locator('button[type="submit"]').click();

    // Fetching goes on in the background, shown in the bar (not a modal: the list stays usable).
    await poll(() => page.locator('.progress-label').textContent()).toMatch(/^Fetching \d+ of \d+ imported articles$/);
    expect(await page.locator('.progress').isVisible()).toBe(true);
    expect(await page.locator('dialog[open]').count()).toBe(0);
    await screenshots(page, 'import-progress');

    await poll(() => toasts()).toContainEqual(expect.stringMatching(new RegExp(`^Imported from Pocket \\(CSV\\): ${PAGES} new articles.*1 entry of the file could not be imported: line \\d+: javascript:alert\\(1\\)`)));
    await poll(() => page.locator('.progress').isHidden(), 60_000).toBe(true);
    // The file's titles are the user's and stay; the fetched pages bring the text.
    await poll(() => page.locator('.row[data-id] .row-title').allTextContents()).toContainEqual('Essay, part 12');
    const status = await archive.importStatus();
    expect(status.waiting + status.running).toBe(0);
    const imported = await archive.listArticles({ tag: 'estuaries' });
    expect(imported.total).toBe(PAGES);
    const one = await archive.getArticle(imported.items[0]!.id);
    expect(one.html).toContain('estuaries and their birds');
    await screenshots(page, 'import-done');
    await page.setViewportSize({ width: 800, height: 860 });
    await screenshots(page, 'import-narrow');
    await page.setViewportSize({ width: 1400, height: 860 });
  }, 120_000);

  it('offers the bookmarklet in Settings, built from this server’s /save address, and the Wayback setting', async () => {
    await page.locator('[data-command="settings"]').click();
    const link = page.locator('#settings a.bookmarklet');
    await poll(() => link.count()).toBe(1);
    const href = (await link.getAttribute('href'))!;
    expect(href).toBe(`javascript:(function(){window.open('http://127.0.0.1:${session!.server.port}/save?url='+encodeURIComponent(location.href)+'&title='+encodeURIComponent(document.title),'_blank','noopener')})()`);
    expect(await link.getAttribute('draggable')).toBe('true');
    expect(await page.locator('#settings input[name="wayback-lookup"]').isChecked()).toBe(false);
    await link.scrollIntoViewIfNeeded();
    await screenshots(page, 'settings-bookmarklet');
    await page.locator('#settings input[name="wayback-lookup"]').check();
    await page.locator('#settings button[type="submit"]').click();
    await poll(async () => (await archive.getSettings()).waybackLookup).toBe(true);
  });

  it('saves a dropped page file as an article, with the overlay while dragging', async () => {
    const html = '<!doctype html><html><head><title>Dropped field notes</title></head><body><article><h1>Dropped field notes</h1><p>Notes on a heron colony, written on a rainy day by the estuary, long enough to be kept as an article.</p><script>fetch("/beacon/dropped")</script></article></body></html>';
    await page.evaluate(() => {
      const data = new DataTransfer();
      data.items.add(new File(['x'], 'ignored.csv'));
      window.dispatchEvent(new DragEvent('dragenter', { dataTransfer: data, bubbles: true, cancelable: true }));
    });
    await poll(() => page.locator('.drop-overlay').isVisible()).toBe(true);
    await screenshots(page, 'drop-overlay');
    await page.evaluate((content) => {
      const data = new DataTransfer();
      data.items.add(new File([content], 'field-notes.html', { type: 'text/html' }));
      window.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
    }, html);
    await poll(() => page.locator('.drop-overlay').isHidden()).toBe(true);
    await poll(() => toasts()).toContainEqual(expect.stringContaining('Saved “Dropped field notes” from field-notes.html'));
    const found = (await archive.listArticles({})).items.find((a) => a.title === 'Dropped field notes');
    expect(found).toBeDefined();
    expect((await archive.getArticle(found!.id)).html).not.toContain('<script');
    expect(page.url()).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
  });

  it('saves a dropped link (text/uri-list) as a page, and refuses a dropped javascript: link', async () => {
    const drop = (list: string) => page.evaluate((uris) => {
      const data = new DataTransfer();
      data.setData('text/uri-list', uris);
      window.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
    }, list);
    await drop(`# dragged from a page\r\n${origin}/essay/77`);
    await poll(() => toasts()).toContainEqual(expect.stringContaining('Saved “Pocketed essay 77”'));
    expect((await archive.listArticles({})).items.some((a) => a.url === `${origin}/essay/77`)).toBe(true);
    const before = (await archive.listArticles({})).total;
    await drop('javascript:fetch("/beacon/link")');
    await poll(() => toasts()).toContainEqual(expect.stringContaining('Only web addresses (http and https) can be saved.'));
    expect((await archive.listArticles({})).total).toBe(before);
  });

  it('saves from the /save confirm page: the title shown as text, Save from our origin', async () => {
    // The browser where Tidings was opened (its token cookie set), landing on /save from the bookmarklet.
    const browserContext = await session!.browser.newContext();
    const confirm = await browserContext.newPage();
    await confirm.goto(session!.server.url);
    const title = '<script>alert("x")</script><img src=x onerror=alert(1)> Quiet estuary';
    await confirm.goto(`http://127.0.0.1:${session!.server.port}/save?url=${encodeURIComponent(`${origin}/essay/42`)}&title=${encodeURIComponent(title)}`);
    expect(await confirm.locator('#title').textContent()).toBe(title);
    expect(await confirm.locator('#title img').count()).toBe(0);
    expect(await confirm.locator('#url').textContent()).toBe(`${origin}/essay/42`);
    // The confirm page follows the system's scheme (it has no theme setting for screenshots() to wait on).
    for (const colorScheme of ['light', 'dark'] as const) {
      await confirm.emulateMedia({ colorScheme });
      await confirm.screenshot({ path: path.join(RESULTS_DIR, `save-confirm-${colorScheme}.png`) });
    }
    await confirm.locator('#save').click();
    await poll(() => confirm.locator('#status').textContent()).toBe('Saved: Pocketed essay 42');
    expect((await archive.listArticles({})).items.some((a) => a.url === `${origin}/essay/42`)).toBe(true);
    await browserContext.close();
  });

  it('refuses javascript: and overlong addresses on the page, and asks to open Tidings first without the cookie', async () => {
    const browserContext = await session!.browser.newContext();
    const confirm = await browserContext.newPage();
    const base = `http://127.0.0.1:${session!.server.port}/save`;
    await confirm.goto(`${base}?url=${encodeURIComponent('javascript:alert(document.cookie)')}&title=x`);
    expect(await confirm.locator('#save').isDisabled()).toBe(true);
    expect(await confirm.locator('#status').textContent()).toBe('Only web pages (http and https) can be saved.');
    for (const colorScheme of ['light', 'dark'] as const) {
      await confirm.emulateMedia({ colorScheme });
      await confirm.screenshot({ path: path.join(RESULTS_DIR, `save-refused-${colorScheme}.png`) });
    }
    await confirm.goto(`${base}?url=${encodeURIComponent(`https://a.example/${'x'.repeat(2100)}`)}`);
    expect(await confirm.locator('#save').isDisabled()).toBe(true);
    expect(await confirm.locator('#status').textContent()).toMatch(/too long/);
    await browserContext.close();

    // Another browser profile: the app was never opened there, so no token cookie.
    const stranger = await session!.browser.newContext();
    const fresh = await stranger.newPage();
    await fresh.goto(`${base}?url=${encodeURIComponent(`${origin}/essay/7`)}`);
    await fresh.locator('#save').click();
    await poll(() => fresh.locator('#status').textContent()).toMatch(/^Open Tidings first/);
    await stranger.close();
  });

  it('exports an archive zip as a download with a dated name', async () => {
    await page.locator('[data-command="export-library"]').click();
    const dialog = page.locator('#export-library');
    await poll(() => dialog.isVisible()).toBe(true);
    await screenshots(page, 'export-dialog');
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), dialog.locator('button[type="submit"]').click()]);
    expect(download.suggestedFilename()).toMatch(/^tidings-archive-\d{4}-\d{2}-\d{2}\.zip$/);
    const file = path.join(RESULTS_DIR, 'export-download.zip');
    await download.saveAs(file);
    const entries = Object.keys(unzipSync(new Uint8Array(readFileSync(file))));
    expect(entries.length).toBeGreaterThan(PAGES);
    expect(session!.site.beacons).toEqual([]);
    expect(outside).toEqual([]);
  }, 90_000);
}
