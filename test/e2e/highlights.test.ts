// End to end, in Debian's Chromium against browser mode: the reader's frame is same-origin but
// runs no script (the app reads its selection and scroll, and draws highlights into it), keys
// pressed in the article reach the app's shortcuts, and hostile markup still runs nothing.
// Screenshots (light and dark) go to test-results/e2e/.

import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Archive } from '../../src/api.js';
import { type Session, describeInChromium, openSession, screenshots } from './harness.js';

describeInChromium('highlights and the reader frame in Chromium', suite);

const PLAIN = `<!doctype html><html><head><title>Harbour lights</title></head><body><article><h1>Harbour lights</h1>
<p>The harbour town rebuilt its lighthouse after the storm, stone by stone, with help from every family on the coast.</p>
<p>Every evening the keeper climbed the ninety steps to light the lamp, and every morning she wrote the weather in a book.</p>
<p>The book is kept in the museum now, and visitors read the entries about fog, gales and the long calm summers.</p>
<p>Some entries mention ships that passed in the night, their names written carefully in the margin of the page.</p>
</article></body></html>`;

const HOSTILE = `<!doctype html><html><head><title>Payloads everywhere</title><meta http-equiv="refresh" content="0;url=https://evil.test/"></head><body><article><h1>Payloads everywhere</h1>
<p>This story is about a town by the sea and what happened there during the long and difficult winter of the storms.</p>
<p>Each paragraph tries something: <img src="x.png" onerror="window.top.__xss='img'"> an image that fails, <a href="javascript:window.top.__xss='link'">a link</a>.</p>
<script>window.top.__xss='script'</script>
<form action="https://evil.test/"><input name="q" onfocus="window.top.__xss='form'" autofocus></form>
<p>The last paragraph says zygomorphic so the test knows the whole article is there and has been read by the browser.</p>
</article></body></html>`;

function suite(): void {
  let session: Session | undefined;
  let archive: Archive;
  let page: Page;
  const dialogs: string[] = [];
  const ids: Record<'plain' | 'hostile', string> = { plain: '', hostile: '' };

  beforeAll(async () => {
    session = await openSession('tidings-e2e-hl-', (page) =>
      page.on('dialog', (dialog) => {
        dialogs.push(dialog.message());
        void dialog.dismiss();
      }),
    );
    ({ archive, page } = session);
    for (const [name, html] of [['hostile', HOSTILE], ['plain', PLAIN]] as const) {
      const file = path.join(session.dataDir, '..', `${path.basename(session.dataDir)}-${name}.html`);
      writeFileSync(file, html);
      ids[name] = (await archive.importFile(file)).id;
    }
    await page.reload();
  }, 120_000);

  afterAll(() => session?.close());

  const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 30_000, interval: 50 });
  const frame = () => page.frameLocator('.reader-frame');
  const readerTitle = () => frame().locator('h1').textContent();
  // Opening builds a new frame; the one before may show the same article (its title alone would
  // pass at once, and a drag made then lands on a frame about to be replaced). Wait for the new one.
  const open = async (title: string) => {
    await page.locator('#view-all').click();
    await page.evaluate(() => document.querySelector('.reader-frame')?.setAttribute('data-before-open', ''));
    await page.locator('.row', { hasText: title }).click();
    await poll(() => page.evaluate(() => {
      const doc = document.querySelector<HTMLIFrameElement>('.reader-frame:not([data-before-open])')?.contentDocument;
      return doc?.readyState === 'complete' ? doc.querySelector('h1')?.textContent ?? null : null;
    })).toBe(title);
  };

  it('shows the article in a same-origin frame that may run no script', async () => {
    await open('Harbour lights');
    const el = page.locator('.reader-frame');
    const sandbox = (await el.getAttribute('sandbox')) ?? '';
    expect(sandbox.split(/\s+/)).toContain('allow-same-origin');
    expect(sandbox).not.toContain('allow-scripts');
    expect(await el.getAttribute('srcdoc')).toMatch(/<meta http-equiv="Content-Security-Policy" content="[^"]*script-src 'none'/);
    // The app reaches into the frame: its document and its scrolling element.
    expect(await page.evaluate(() => document.querySelector<HTMLIFrameElement>('.reader-frame')!.contentDocument?.querySelector('h1')?.textContent)).toBe('Harbour lights');
  });

  it('passes keys pressed in the article to the app (j, k)', async () => {
    await open('Harbour lights');
    await frame().locator('p').first().click();
    const before = await page.locator('.row.selected .row-title, .row[aria-selected="true"] .row-title').first().textContent();
    await page.keyboard.press('j');
    await poll(readerTitle).not.toBe('Harbour lights');
    await frame().locator('p').first().click();
    await page.keyboard.press('k');
    await poll(readerTitle).toBe('Harbour lights');
    expect(before).toContain('Harbour lights');
  });

  it('runs nothing from a hostile article, even past the sanitizer', async () => {
    await open('Payloads everywhere');
    await poll(() => frame().locator('p').last().textContent()).toContain('zygomorphic');
    const box = (await page.locator('.reader-frame').boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.wheel(0, 3000);
    await frame().locator('p').first().click();
    // The second wall: write the payloads straight into the frame, skipping the sanitizer.
    await page.evaluate(() => {
      const el = document.querySelector<HTMLIFrameElement>('.reader-frame')!;
      el.srcdoc = `<p>raw</p><img src="x.png" onerror="window.top.__xss='raw-img'"><script>window.top.__xss='raw-script'</script><script src="/index.html"></script><a id="js" href="javascript:window.top.__xss='raw-link'">go</a><form action="/" ><input autofocus onfocus="window.top.__xss='raw-form'"></form><meta http-equiv="refresh" content="0;url=javascript:window.top.__xss='raw-meta'">`;
    });
    await poll(() => frame().locator('p').first().textContent()).toBe('raw');
    await frame().locator('#js').click();
    await poll(() => frame().locator('body').evaluate(() => document.readyState)).toBe('complete');
    expect(await page.evaluate(() => (window as unknown as { __xss?: string }).__xss)).toBeUndefined();
    expect(dialogs).toEqual([]);
    expect(session!.outside).toEqual([]);
  });

  /**
   * Select `from` .. `to` (texts in the article's paragraphs) and let go of the mouse, as a reader
   * selects. (Playwright's dragging inside a frame that allows no scripts never returns.)
   */
  const select = async (from: string, to: string) => {
    await frame().locator('h1').click();
    await page.evaluate(({ from, to }) => {
      const doc = document.querySelector<HTMLIFrameElement>('.reader-frame')!.contentDocument!;
      const at = (text: string): [Text, number] => {
        const walker = doc.createTreeWalker(doc.querySelector('.article-body')!, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
          const i = node.data.indexOf(text);
          if (i !== -1) return [node, i];
        }
        throw new Error(`not in the article: ${text}`);
      };
      const [a, i] = at(from);
      const [b, j] = at(to);
      doc.getSelection()!.setBaseAndExtent(a, i, b, j + to.length);
      doc.dispatchEvent(new MouseEvent('mouseup', { bubbles: true }));
    }, { from, to });
  };
  const marks = () => frame().locator('mark.tidings-hl').allTextContents();
  const stored = async () => (await archive.listHighlights({ articleId: ids.plain })).items.map((e) => e.highlight);

  it('highlights the selection when h is pressed', async () => {
    await open('Harbour lights');
    await select('lighthouse', 'the storm');
    await page.keyboard.press('h');
    await poll(marks).toEqual(['lighthouse after the storm']);
    const [first] = await stored();
    expect(first).toMatchObject({ color: 'yellow', quote: { exact: 'lighthouse after the storm', prefix: expect.stringContaining('rebuilt its ') } });
  });

  it('highlights with a colour picked in the popover by the selection', async () => {
    await select('ninety', 'steps');
    const popover = page.locator('.hl-popover');
    await poll(() => popover.isVisible()).toBe(true);
    await screenshots(page, 'highlights-popover');
    await popover.locator('[data-color="green"]').click();
    await poll(marks).toContain('ninety steps');
    expect(await frame().locator('mark.hl-green').textContent()).toBe('ninety steps');
    expect((await stored()).map((x) => [x.quote.exact, x.color])).toContainEqual(['ninety steps', 'green']);
    expect(await popover.isVisible()).toBe(false);
  });

  it('highlights across paragraphs, and over another highlight', async () => {
    await select('museum now', 'Some entries');
    await page.keyboard.press('h');
    await poll(() => frame().locator('mark.tidings-hl', { hasText: 'museum' }).count()).toBe(1);
    expect(await frame().locator('mark.tidings-hl', { hasText: 'Some entries' }).count()).toBe(1);
    expect((await stored()).find((x) => x.quote.exact.startsWith('museum'))?.quote.exact).toMatch(/^museum now.*summers\.\s+Some entries$/s);
    await select('the keeper', 'ninety');
    await page.locator('.hl-popover [data-color="blue"]').click();
    // The passage both cover is a mark of its own, in the colour of the newer.
    await poll(async () => (await frame().locator('mark.hl-blue').allTextContents()).join('')).toBe('the keeper climbed the ninety');
    expect(await frame().locator('mark.hl-blue', { hasText: 'ninety' }).getAttribute('data-ids')).toMatch(/^h\w+ h\w+$/);
    expect(await frame().locator('mark.hl-green').textContent()).toBe(' steps');
  });

  it('adds a note to a highlight and a note to the whole article', async () => {
    await frame().locator('mark.tidings-hl', { hasText: 'lighthouse' }).click();
    const popover = page.locator('.hl-popover');
    await popover.locator('[data-action="hl-note"]').click();
    await popover.locator('textarea').fill('Built again after 1953');
    await popover.locator('[data-action="hl-note-save"]').click();
    await poll(async () => (await stored()).find((x) => x.quote.exact === 'lighthouse after the storm')?.note).toBe('Built again after 1953');
    expect(await frame().locator('mark.has-note', { hasText: 'lighthouse' }).getAttribute('title')).toBe('Built again after 1953');

    await page.locator('[data-command="article-note"]').click();
    await popover.locator('textarea').fill('Read <b>again</b> before the trip');
    await popover.locator('[data-action="hl-note-save"]').click();
    await poll(() => frame().locator('.article-note p').textContent()).toBe('Read <b>again</b> before the trip');
    expect((await archive.getArticle(ids.plain)).note).toBe('Read <b>again</b> before the trip');
    await frame().locator('mark.tidings-hl', { hasText: 'lighthouse' }).click();
    await screenshots(page, 'highlights-reader');
    await page.keyboard.press('Escape');
  });

  it('draws the highlights and the note again after a reload', async () => {
    await page.reload();
    await open('Harbour lights');
    await poll(() => frame().locator('mark.tidings-hl').count()).toBeGreaterThanOrEqual(5);
    expect((await frame().locator('mark.hl-blue').allTextContents()).join('')).toBe('the keeper climbed the ninety');
    expect(await frame().locator('mark.hl-green').textContent()).toBe(' steps');
    expect(await frame().locator('.article-note p').textContent()).toBe('Read <b>again</b> before the trip');
  });

  it('removes a highlight', async () => {
    await frame().locator('mark.hl-blue').first().click();
    await page.locator('.hl-popover [data-action="hl-remove"]').click();
    await poll(() => frame().locator('mark.hl-blue').count()).toBe(0);
    expect(await frame().locator('mark.hl-green').textContent()).toBe('ninety steps');
    expect((await stored()).map((x) => x.quote.exact)).not.toContain('the keeper climbed the ninety');
  });

  it('lists every highlight, newest first, in the Highlights view, and filters them', async () => {
    await archive.addHighlight(ids.hostile, { exact: 'town by the sea', color: 'pink' });
    await page.locator('#view-highlights').click();
    const view = page.locator('.highlights-view');
    const quotes = () => view.locator('.highlight-quote').allTextContents();
    await poll(quotes).toEqual(['town by the sea', expect.stringMatching(/^museum now/), 'ninety steps', 'lighthouse after the storm']);
    const lighthouse = view.locator('.highlight-item', { hasText: 'lighthouse' });
    expect(await lighthouse.locator('.highlight-note').textContent()).toBe('Built again after 1953');
    expect(await lighthouse.locator('.highlight-article-title').textContent()).toBe('Harbour lights');
    expect(await view.locator('.highlight-item').first().getAttribute('data-color')).toBe('pink');
    // Its edge in the table's pink swatch (#ff9cc0).
    expect(await view.locator('.highlight-item').first().evaluate((el) => getComputedStyle(el).borderLeftColor)).toBe('rgb(255, 156, 192)');
    await screenshots(page, 'highlights-view');

    await view.locator('.highlights-search').fill('zygomorphic');
    await view.locator('.highlights-search').press('Enter');
    await poll(quotes).toEqual(['town by the sea']);
    await view.locator('.highlights-search').fill('');
    await view.locator('.highlights-search').press('Enter');
    await poll(quotes).toHaveLength(4);
  });

  it('opens the article of a highlight clicked in the view', async () => {
    await page.locator('#view-all').click();
    await page.locator('.row', { hasText: 'Payloads everywhere' }).click();
    await poll(readerTitle).toBe('Payloads everywhere');
    await page.locator('#view-highlights').click();
    await page.locator('.highlight-item', { hasText: 'ninety steps' }).click();
    await poll(readerTitle).toBe('Harbour lights');
    expect(await frame().locator('mark.hl-green').textContent()).toBe('ninety steps');
    await page.locator('#view-unread').click();
    expect(await page.locator('.highlights-view').isVisible()).toBe(false);
  });

  it('updates the open Highlights view live as highlights are added and removed in the reader or elsewhere', async () => {
    await page.locator('#view-highlights').click();
    const view = page.locator('.highlights-view');
    const quotes = () => view.locator('.highlight-quote').allTextContents();
    await poll(quotes).toHaveLength(4);
    await view.locator('.highlight-item', { hasText: 'ninety steps' }).click();
    await poll(readerTitle).toBe('Harbour lights');
    expect(await view.isVisible()).toBe(true);
    // Made in the reader while the view is open: it shows without reopening the view.
    await select('ships that', 'passed');
    await page.keyboard.press('h');
    await poll(quotes).toContain('ships that passed');
    expect(await view.locator('.highlights-count').textContent()).toBe('5');
    // A note given in the reader shows too.
    await frame().locator('mark.tidings-hl', { hasText: 'ships that passed' }).click();
    const popover = page.locator('.hl-popover');
    await popover.locator('[data-action="hl-note"]').click();
    await popover.locator('textarea').fill('Names in the margin');
    await popover.locator('[data-action="hl-note-save"]').click();
    await poll(() => view.locator('.highlight-item', { hasText: 'ships that passed' }).locator('.highlight-note').textContent()).toBe('Names in the margin');
    // Made elsewhere (another window, the command line): it shows too.
    await archive.addHighlight(ids.hostile, { exact: 'long and difficult winter' });
    await poll(quotes).toContain('long and difficult winter');
    // Removed in the reader: gone from the view.
    await frame().locator('mark.tidings-hl', { hasText: 'ships that passed' }).click();
    await popover.locator('[data-action="hl-remove"]').click();
    await poll(quotes).not.toContain('ships that passed');
    expect(await view.locator('.highlights-count').textContent()).toBe('5');
    await page.locator('#view-unread').click();
  });

  it('highlights a passage selected with a real mouse drag in the article', async () => {
    await open('Harbour lights');
    // Where the passage's first and last characters are on the page (the frame's boxes plus the frame's place).
    const ends = await page.evaluate((passage) => {
      const el = document.querySelector<HTMLIFrameElement>('.reader-frame')!;
      const doc = el.contentDocument!;
      const walker = doc.createTreeWalker(doc.querySelector('.article-body')!, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
        const i = node.data.indexOf(passage);
        if (i === -1) continue;
        const box = (at: number) => {
          const range = doc.createRange();
          range.setStart(node, at);
          range.setEnd(node, at + 1);
          return range.getBoundingClientRect();
        };
        const frame = el.getBoundingClientRect();
        const first = box(i);
        const last = box(i + passage.length - 1);
        return { x0: frame.left + first.left + 1, y0: frame.top + first.top + first.height / 2, x1: frame.left + last.right - 1, y1: frame.top + last.top + last.height / 2 };
      }
      throw new Error('the passage is not in the article');
    }, 'every family on the coast');
    // The browser's own mouse input (what page.mouse sends underneath): page.mouse.move with a
    // button down goes through Playwright's drag handling, which evaluates in every frame and
    // never returns from a frame that allows no scripts.
    const cdp = await page.context().newCDPSession(page);
    const mouse = (type: 'mouseMoved' | 'mousePressed' | 'mouseReleased', x: number, y: number, held: boolean) =>
      cdp.send('Input.dispatchMouseEvent', { type, x, y, button: type === 'mouseMoved' && !held ? 'none' : 'left', buttons: held ? 1 : 0, clickCount: type === 'mouseMoved' ? 0 : 1 });
    await mouse('mouseMoved', ends.x0, ends.y0, false);
    await mouse('mousePressed', ends.x0, ends.y0, true);
    for (let step = 1; step <= 10; step++) await mouse('mouseMoved', ends.x0 + ((ends.x1 - ends.x0) * step) / 10, ends.y0 + ((ends.y1 - ends.y0) * step) / 10, true);
    await mouse('mouseReleased', ends.x1, ends.y1, false);
    await cdp.detach();
    expect(await page.evaluate(() => document.querySelector<HTMLIFrameElement>('.reader-frame')!.contentDocument!.getSelection()!.toString())).toBe('every family on the coast');
    await page.keyboard.press('h');
    await poll(marks).toContain('every family on the coast');
    expect((await stored()).map((x) => x.quote.exact)).toContain('every family on the coast');
  });
}
