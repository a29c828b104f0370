// End to end, in Debian's Chromium against browser mode: a window of any size (issue 16 item 6).
// At 1400 px three panes; at 1000 px two, the sidebar a drawer (a button opens it over the
// list, Escape or a click outside closes it, focus goes in and comes back); at 700 and 640 px
// one pane at a time with a back button (the back button, Escape and the browser's back all
// return to the list). Nothing scrolls sideways at any of these widths, light or dark, with
// long unbroken titles and URLs in the list and the reader; toolbar buttons never overlap.
// The sidebar's headings meet WCAG AA contrast (4.5:1) in light and dark (item 16.4).
// Screenshots (light and dark) at each width go to test-results/e2e/layout-*.png.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type Session, describeInChromium, openSession, screenshots } from './harness.js';

const LONG_WORD = 'Antidisestablishmentarianism'.repeat(6);
const LONG_URL = `https://example.org/${'a-very-long-path-segment-without-any-break/'.repeat(5)}${'x'.repeat(120)}?q=${'y'.repeat(80)}`;

describeInChromium('layout in Chromium: any window size', () => {
  let session: Session | undefined;
  let page: Page;
  let dir = '';

  beforeAll(async () => {
    session = await openSession('tidings-e2e-layout-');
    page = session.page;
    dir = mkdtempSync(path.join(os.tmpdir(), 'tidings-e2e-layout-files-'));
    const file = path.join(dir, 'long.html');
    writeFileSync(file, `<!doctype html><html><head><title>${LONG_WORD}</title></head><body><article><h1>${LONG_WORD}</h1><p>See ${LONG_URL} for the rest. ${'Words that wrap normally in a paragraph. '.repeat(30)}</p><p>${LONG_WORD}${LONG_WORD}</p></article></body></html>`);
    await session.archive.importFile(file, { title: `${LONG_WORD} ${LONG_URL}` });
    await page.reload();
  }, 120_000);

  afterAll(async () => {
    await session?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 30_000, interval: 50 });
  const visible = (selector: string) => page.locator(selector).first().isVisible();
  /** Inside the viewport, with a size (a drawer moved off screen is not "shown"). */
  const shown = (selector: string) => page.evaluate((sel) => {
    const el = document.querySelector(sel);
    if (!el) return false;
    const r = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    return style.visibility !== 'hidden' && style.display !== 'none' && r.width > 0 && r.height > 0 && r.right > 1 && r.left < innerWidth - 1;
  }, selector);
  const sideways = () => page.evaluate(() => ({ scroll: document.scrollingElement!.scrollWidth, inner: innerWidth }));
  /** Pairs of visible buttons of a bar whose boxes overlap. */
  const overlaps = (selector: string) => page.evaluate((sel) => {
    const found: string[] = [];
    for (const bar of document.querySelectorAll(sel)) {
      const items = [...bar.querySelectorAll<HTMLElement>('button, input, select')].filter((b) => b.getClientRects().length > 0 && getComputedStyle(b).visibility !== 'hidden');
      const boxes = items.map((b) => b.getBoundingClientRect());
      for (let i = 0; i < boxes.length; i++) {
        for (let j = i + 1; j < boxes.length; j++) {
          const a = boxes[i]!;
          const b = boxes[j]!;
          if (a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5) found.push(`${items[i]!.getAttribute('aria-label') ?? items[i]!.textContent} / ${items[j]!.getAttribute('aria-label') ?? items[j]!.textContent}`);
        }
        if (boxes[i]!.right > innerWidth + 0.5) found.push(`${items[i]!.getAttribute('aria-label') ?? items[i]!.textContent} is cut off`);
      }
    }
    return found;
  }, selector);

  async function openLongArticle(): Promise<void> {
    await page.locator('.row[data-id]', { hasText: 'Antidisestablishmentarianism' }).first().click();
    await poll(() => page.locator('.reader').getAttribute('class')).not.toContain('is-empty');
  }

  async function checkWidth(width: number): Promise<void> {
    await page.setViewportSize({ width, height: 760 });
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme });
      await poll(sideways).toEqual({ scroll: width, inner: width });
      expect(await overlaps('.topbar, .reader-toolbar, .list-header')).toEqual([]);
      // The list's title keeps room to be read (the header's controls wrap rather than squeeze it).
      if (await shown('.list-pane')) expect(await page.locator('.list-title').evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
    }
    await page.emulateMedia({ colorScheme: 'light' });
  }

  it('shows three panes at 1400 px, nothing sideways', async () => {
    await poll(() => page.locator('.row[data-id]').count()).toBe(2);
    await page.setViewportSize({ width: 1400, height: 760 });
    await openLongArticle();
    await checkWidth(1400);
    expect(await shown('.sidebar')).toBe(true);
    expect(await shown('.list-pane')).toBe(true);
    expect(await shown('.reader')).toBe(true);
    expect(await visible('.drawer-button')).toBe(false);
    await screenshots(page, 'layout-1400');
    // Just above two panes: three narrow ones, the reader's toolbar down to its icons.
    await checkWidth(1120);
    expect(await shown('.sidebar')).toBe(true);
    await screenshots(page, 'layout-1120');
  });

  it('makes the sidebar a drawer at 1000 px: a button opens it, Escape and a click outside close it', async () => {
    await checkWidth(1000);
    expect(await shown('.list-pane')).toBe(true);
    expect(await shown('.reader')).toBe(true);
    await poll(() => shown('.sidebar')).toBe(false);
    await screenshots(page, 'layout-1000');

    const button = page.locator('.drawer-button');
    await button.click();
    await poll(() => shown('.sidebar')).toBe(true);
    expect(await button.getAttribute('aria-expanded')).toBe('true');
    await poll(() => page.evaluate(() => Boolean(document.activeElement?.closest('.sidebar')))).toBe(true);
    await screenshots(page, 'layout-1000-drawer');
    await page.keyboard.press('Escape');
    await poll(() => shown('.sidebar')).toBe(false);
    expect(await button.getAttribute('aria-expanded')).toBe('false');
    await poll(() => page.evaluate(() => document.activeElement?.classList.contains('drawer-button'))).toBe(true);

    // The focus leaving the drawer (Tab past its last item) closes it: nothing focused is hidden under it.
    await button.click();
    await poll(() => shown('.sidebar')).toBe(true);
    await page.locator('.sidebar button, .sidebar [tabindex="0"]').last().focus();
    await page.keyboard.press('Tab');
    await poll(() => shown('.sidebar')).toBe(false);

    await button.click();
    await poll(() => shown('.sidebar')).toBe(true);
    await page.mouse.click(990, 400); // over the reader's frame
    await poll(() => shown('.sidebar')).toBe(false);

    // Choosing a place in the drawer closes it and shows the place.
    await button.click();
    await poll(() => shown('.sidebar')).toBe(true);
    await page.locator('.sidebar .place', { hasText: 'Starred' }).click();
    await poll(() => shown('.sidebar')).toBe(false);
    await poll(() => page.locator('.list-title').textContent()).toBe('Starred');
    await page.locator('.drawer-button').click();
    await page.locator('.sidebar .place', { hasText: 'All articles' }).click();
    await poll(() => page.locator('.list-title').textContent()).toBe('All articles');
  });

  for (const width of [700, 640]) {
    it(`shows one pane at a time at ${width} px, with a way back to the list`, async () => {
      await page.setViewportSize({ width, height: 760 });
      if (width === 700) {
        // The article opened in a wider window stays on screen: the reader shows, with its way back.
        await poll(() => shown('.reader')).toBe(true);
        expect(await shown('.list-pane')).toBe(false);
        await page.locator('.back-button').click();
        await poll(() => shown('.list-pane')).toBe(true);
      }
      await openLongArticle();
      await poll(() => shown('.reader')).toBe(true);
      expect(await shown('.list-pane')).toBe(false);
      expect(await shown('.back-button')).toBe(true);
      await checkWidth(width);
      await screenshots(page, `layout-${width}-reader`);

      await page.locator('.back-button').click();
      await poll(() => shown('.list-pane')).toBe(true);
      expect(await shown('.reader')).toBe(false);
      expect(await shown('.back-button')).toBe(false);
      await checkWidth(width);
      await screenshots(page, `layout-${width}-list`);

      await openLongArticle();
      await poll(() => shown('.reader')).toBe(true);
      await page.keyboard.press('Escape');
      await poll(() => shown('.list-pane')).toBe(true);

      // Escape pressed while reading in the article itself (the reader passes its keys on).
      await openLongArticle();
      await poll(() => shown('.reader')).toBe(true);
      await page.frameLocator('.reader-frame').locator('p').first().click();
      await page.keyboard.press('Escape');
      await poll(() => shown('.list-pane')).toBe(true);

      await openLongArticle();
      await poll(() => shown('.reader')).toBe(true);
      await page.goBack();
      await poll(() => shown('.list-pane')).toBe(true);
      expect(await shown('.reader')).toBe(false);

      // The top bar's actions that the width hid are in the ⋯ menu, and work from there.
      await page.locator('.more-actions').click();
      expect(await page.locator('.menu [role="menuitem"], .menu .menu-item').allTextContents()).toEqual(['+ Feed', 'Save page', 'Refresh', 'Import…', 'Export…', 'Import OPML', 'Export OPML']);
      await screenshots(page, `layout-${width}-more`);
      await page.locator('.menu .menu-item', { hasText: '+ Feed' }).click();
      await poll(() => page.locator('dialog[open]').count()).toBe(1);
      await page.keyboard.press('Escape');
      await poll(() => page.locator('dialog[open]').count()).toBe(0);

      // The drawer works here too, over the list.
      await page.locator('.drawer-button').click();
      await poll(() => shown('.sidebar')).toBe(true);
      await screenshots(page, `layout-${width}-drawer`);
      await page.keyboard.press('Escape');
      await poll(() => shown('.sidebar')).toBe(false);
    });
  }

  it('gives the sidebar headings WCAG AA contrast (4.5:1) in light and dark', async () => {
    await page.setViewportSize({ width: 1400, height: 760 });
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme });
      await poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe(colorScheme);
      const pairs = await page.evaluate(() => [...document.querySelectorAll('.sidebar h2')].map((h) => {
        let bg = 'rgba(0, 0, 0, 0)';
        for (let el: Element | null = h; el && /rgba\(.*, 0\)$|transparent/.test(bg); el = el.parentElement) bg = getComputedStyle(el).backgroundColor;
        return { fg: getComputedStyle(h).color, bg };
      }));
      expect(pairs.length).toBeGreaterThan(2);
      for (const { fg, bg } of pairs) expect(contrast(fg, bg), `${colorScheme}: ${fg} on ${bg}`).toBeGreaterThanOrEqual(4.5);
    }
    await page.emulateMedia({ colorScheme: 'light' });
  });
});

/** WCAG 2 contrast ratio of two computed colours ("rgb(r, g, b)"). */
function contrast(a: string, b: string): number {
  const luminance = (color: string) => {
    const [r, g, bl] = (color.match(/[\d.]+/g) ?? []).slice(0, 3).map((n) => {
      const c = Number(n) / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * bl!;
  };
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}
