// The reader UI at 50,000 articles, in Debian's Chromium against browser mode:
//   - first rows: from navigation to the first list rows on screen (goal < 2 s), against a
//     baseline that fetches the same list and renders every row without virtualization;
//   - scrolling 10,000 rows with the mouse wheel: frame times, frames over 50 ms, long tasks,
//     and how often rows still waiting for their page were on screen, against the same scroll
//     over the non-virtualized list.
// The archive is written directly (library.json) and opened once beforehand so the search index
// exists, as it would on a user's machine.

import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { openArchive } from '../../src/archive/index.js';
import type { ArticleRecord, Feed, LibraryData } from '../../src/model/index.js';
import { startServer } from '../../src/server/index.js';
import { SCHEMA_VERSION } from '../../src/store/index.js';
import { defaultSettings } from '../../src/store/defaults.js';
import { ensureRendererBuilt, launchChromium, STATIC_DIR, CHROMIUM } from '../../test/e2e/harness.js';
import { type Metric, type Scenario, percentile, round } from '../harness.js';

const ARTICLES = 50_000;
const FEEDS = 200;
const ROW_HEIGHT = 76;
const SCROLL_ROWS = 10_000;
const WHEEL_STEP = 1_600;
const RUNS = 3;
const KEY_PRESSES = 30;

const scenario: Scenario = {
  name: 'ui',
  description: `Browser mode with ${ARTICLES.toLocaleString('en')} articles in Chromium: first list rows after navigation, and scrolling ${SCROLL_ROWS.toLocaleString('en')} rows, against a list that renders every row.`,
  async run(workDir) {
    if (!existsSync(CHROMIUM)) {
      return { scenario: 'ui', description: scenario.description, metrics: [], notes: [`not run: Chromium is missing at ${CHROMIUM} (apt-get install -y chromium)`] };
    }
    ensureRendererBuilt();
    const dataDir = path.join(workDir, 'data');
    writeLibrary(dataDir);
    await warmIndex(dataDir);

    const archive = await openArchive(dataDir);
    const server = await startServer(archive, { staticDir: STATIC_DIR });
    const browser = await launchChromium();
    try {
      const firstRows: number[] = [];
      for (let i = 0; i < RUNS; i++) firstRows.push(await timeFirstRows(await freshPage(browser), server.url));
      const naiveRender: number[] = [];
      for (let i = 0; i < RUNS; i++) naiveRender.push(await timeNaiveList(await freshPage(browser), server.url, server.token));

      const keyPage = await freshPage(browser);
      await timeFirstRows(keyPage, server.url);
      const keys = await timeNextArticle(keyPage);

      const appPage = await freshPage(browser);
      await timeFirstRows(appPage, server.url);
      const ours = await scrollFrames(appPage, '.list');
      const naivePage = await freshPage(browser);
      await timeNaiveList(naivePage, server.url, server.token);
      const naive = await scrollFrames(naivePage, '#naive');

      const first = percentile(firstRows, 50);
      const base = percentile(naiveRender, 50);
      const metrics: Metric[] = [
        { name: 'first rows on screen (median)', value: round(first, 0), unit: 'ms', baseline: round(base, 0), goal: '< 2000 ms', pass: first < 2000 },
        { name: 'first rows vs render-every-row', value: round(first / base, 3), unit: 'x', goal: '< 1x', pass: first < base },
        { name: 'j: next article shown (median)', value: round(percentile(keys, 50), 0), unit: 'ms', goal: '< 100 ms', pass: percentile(keys, 50) < 100 },
        { name: 'j: next article shown (p95)', value: round(percentile(keys, 95), 0), unit: 'ms' },
        { name: 'scroll: max frame', value: round(ours.max, 1), unit: 'ms', baseline: round(naive.max, 1) },
        { name: 'scroll: p95 frame', value: round(ours.p95, 1), unit: 'ms', baseline: round(naive.p95, 1), goal: '<= 2 frames (33.4 ms)', pass: ours.p95 <= 34 },
        { name: 'scroll: frames over 50 ms', value: ours.slow, unit: 'frames', baseline: naive.slow },
        { name: 'scroll: long tasks (> 50 ms)', value: ours.longTasks, unit: 'tasks', baseline: naive.longTasks },
        { name: 'scroll: frames with rows still loading', value: round(ours.loadingShare * 100, 1), unit: '%' },
      ];
      return {
        scenario: 'ui',
        description: scenario.description,
        metrics,
        notes: [
          `First rows: ${RUNS} runs each, fresh page, from navigation start to the first painted row (ours: ${firstRows.map((t) => round(t, 0)).join(', ')} ms; baseline: ${naiveRender.map((t) => round(t, 0)).join(', ')} ms).`,
          `Baseline: the same server and data, every summary fetched (pages of 1000, in parallel) and every row put in the DOM, no virtualization.`,
          `j: ${KEY_PRESSES} presses, one after another, each timed from the key press to the reader showing the next row's title (opening marks it read, which also updates counts).`,
          `Scroll: ${Math.round((SCROLL_ROWS * ROW_HEIGHT) / WHEEL_STEP)} wheel events of ${WHEEL_STEP} px (${SCROLL_ROWS.toLocaleString('en')} rows of ${ROW_HEIGHT} px); frames measured with requestAnimationFrame (ours ${ours.frames} frames, baseline ${naive.frames}). Headless Chromium with --disable-gpu on a shared 2-core machine: absolute numbers are noisy, compare with the baseline.`,
        ],
      };
    } finally {
      await browser.close();
      await server.close();
      await archive.close();
    }
  },
};

export default scenario;

async function freshPage(browser: Browser): Promise<Page> {
  for (const context of browser.contexts()) await context.close();
  const context = await browser.newContext({ viewport: { width: 1360, height: 860 } });
  const page = await context.newPage();
  // tsx compiles this file keeping function names (`__name(fn, "name")`); functions sent to the
  // page carry those calls, so the page needs a `__name` too.
  await page.addInitScript('window.__name = (fn) => fn;');
  // Record when the first real row is painted (after a frame), relative to navigation start.
  await page.addInitScript(() => {
    const w = window as unknown as { __firstRows?: number };
    const seen = () => {
      if (w.__firstRows !== undefined || !document.querySelector('.row[data-id], #naive .row')) return false;
      requestAnimationFrame(() => (w.__firstRows ??= performance.now()));
      return true;
    };
    new MutationObserver((_, observer) => seen() && observer.disconnect()).observe(document, { childList: true, subtree: true });
  });
  return page;
}

async function timeFirstRows(page: Page, url: string): Promise<number> {
  await page.goto(url);
  try {
    await page.waitForFunction(() => (window as unknown as { __firstRows?: number }).__firstRows !== undefined, undefined, { timeout: 60_000 });
  } catch (error) {
    const shown = await page.locator('body').innerText().catch(() => '(no page)');
    throw new Error(`ui bench: no list rows within 60 s; the page says: ${shown.slice(0, 500)}`, { cause: error });
  }
  return page.evaluate(() => (window as unknown as { __firstRows: number }).__firstRows);
}

/** The baseline: fetch every summary and render every row, timed from navigation start. */
async function timeNaiveList(page: Page, url: string, token: string): Promise<number> {
  await page.goto(`${url.split('?')[0]}this-page-does-not-exist`).catch(() => undefined);
  return page.evaluate(
    async ({ token, total, rowHeight }) => {
      const call = (offset: number) =>
        fetch('/api/call/listArticles', { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` }, body: JSON.stringify([{ offset, limit: 1000 }]) })
          .then((r) => r.json() as Promise<{ result: { items: { title: string; feedTitle: string | null; publishedAt: string | null }[] } }>);
      const pages = await Promise.all(Array.from({ length: Math.ceil(total / 1000) }, (_, i) => call(i * 1000)));
      document.body.replaceChildren();
      const list = document.createElement('div');
      list.id = 'naive';
      list.style.cssText = 'height:800px;overflow-y:auto;font:13px system-ui';
      for (const page of pages) {
        for (const item of page.result.items) {
          const row = document.createElement('div');
          row.className = 'row';
          row.style.cssText = `height:${rowHeight}px;box-sizing:border-box;padding:8px;border-bottom:1px solid #ddd;overflow:hidden`;
          const top = document.createElement('div');
          top.textContent = `${item.feedTitle ?? ''} · ${item.publishedAt ?? ''}`;
          const title = document.createElement('div');
          title.textContent = item.title;
          row.append(top, title);
          list.append(row);
        }
      }
      document.body.append(list);
      await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
      return performance.now();
    },
    { token, total: ARTICLES, rowHeight: ROW_HEIGHT },
  );
}

/** Press j and wait until the reader shows the selected row's article; times in ms. */
async function timeNextArticle(page: Page): Promise<number[]> {
  await page.locator('.list').focus();
  const times: number[] = [];
  for (let i = 0; i < KEY_PRESSES; i++) {
    const start = performance.now();
    await page.keyboard.press('j');
    await page.waitForFunction(() => {
      const title = document.querySelector('.row.selected .row-title')?.textContent;
      const frame = document.querySelector<HTMLIFrameElement>('.reader-frame');
      return Boolean(title && frame?.srcdoc.includes(`<h1>${title}</h1>`));
    });
    times.push(performance.now() - start);
  }
  return times;
}

interface ScrollResult {
  frames: number;
  max: number;
  p95: number;
  slow: number;
  longTasks: number;
  loadingShare: number;
}

async function scrollFrames(page: Page, selector: string): Promise<ScrollResult> {
  const box = (await page.locator(selector).boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.evaluate(() => {
    const w = window as unknown as { __frames: number[]; __loading: number; __long: number; __stop: boolean };
    w.__frames = [];
    w.__loading = 0;
    w.__long = 0;
    w.__stop = false;
    new PerformanceObserver((list) => (w.__long += list.getEntries().length)).observe({ type: 'longtask' });
    let last = performance.now();
    const tick = (now: number) => {
      w.__frames.push(now - last);
      last = now;
      if (document.querySelector('.row.loading')) w.__loading++;
      if (!w.__stop) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  const steps = Math.round((SCROLL_ROWS * ROW_HEIGHT) / WHEEL_STEP);
  for (let i = 0; i < steps; i++) await page.mouse.wheel(0, WHEEL_STEP);
  await page.waitForTimeout(300);
  const { frames, loading, longTasks, scrolled } = await page.evaluate((sel) => {
    const w = window as unknown as { __frames: number[]; __loading: number; __long: number; __stop: boolean };
    w.__stop = true;
    return { frames: w.__frames.slice(1), loading: w.__loading, longTasks: w.__long, scrolled: document.querySelector(sel)!.scrollTop };
  }, selector);
  if (scrolled < SCROLL_ROWS * ROW_HEIGHT * 0.9) throw new Error(`ui bench: ${selector} scrolled only ${scrolled} px`);
  return {
    frames: frames.length,
    max: Math.max(...frames),
    p95: percentile(frames, 95),
    slow: frames.filter((f) => f > 50).length,
    longTasks,
    loadingShare: frames.length ? loading / frames.length : 0,
  };
}

/** Write library.json for ARTICLES feed articles directly: the API would take minutes. */
export function writeLibrary(dataDir: string): void {
  mkdirSync(path.join(dataDir, 'articles'), { recursive: true });
  mkdirSync(path.join(dataDir, 'assets'), { recursive: true });
  const now = Date.now();
  const feeds: Record<string, Feed> = {};
  for (let f = 0; f < FEEDS; f++) {
    const id = `f${f.toString(16).padStart(15, '0')}`;
    feeds[id] = {
      // .invalid never resolves, and the next refresh is a year away: the bench makes no request.
      id, url: `https://site-${f}.example.invalid/feed.xml`, siteUrl: `https://site-${f}.example.invalid/`, title: `Site number ${f}`,
      folder: f % 4 === 0 ? 'News' : f % 4 === 1 ? 'Science' : null, fetchFullArticle: false, refreshMinutes: null, retentionDays: null,
      http: { etag: null, lastModified: null, bodyHash: null }, createdAt: new Date(now).toISOString(),
      lastFetchedAt: new Date(now).toISOString(), lastSuccessAt: new Date(now).toISOString(), lastError: f % 50 === 0 ? 'HTTP 500 from the server' : null,
      errorCount: f % 50 === 0 ? 3 : 0, nextFetchAt: new Date(now + 365 * 86_400_000).toISOString(), gone: false,
    };
  }
  const feedIds = Object.keys(feeds);
  const articles: Record<string, ArticleRecord> = {};
  for (let i = 0; i < ARTICLES; i++) {
    const id = i.toString(16).padStart(16, '0');
    articles[id] = {
      id, source: 'feed', feedId: feedIds[i % FEEDS]!, guid: `https://site.example.invalid/posts/${i}`, url: `https://site.example.invalid/posts/${i}`,
      title: `A headline of ordinary length for article number ${i}`, byline: 'Jane Writer', siteName: 'Example Site', lang: 'en',
      publishedAt: new Date(now - i * 600_000).toISOString(),
      excerpt: 'An excerpt of about two hundred characters that tells the reader what the article is about, so that the list can show it.',
      wordCount: 800, readingMinutes: 4, leadImage: null, enclosures: [], suggestedTags: [], contentHash: null,
      extraction: { status: 'feed', reason: null, attempts: 0, at: null },
      read: i % 3 === 0, starred: i % 50 === 0, tags: i % 10 === 0 ? ['keep'] : [], savedAt: null, addedAt: new Date(now - i * 600_000).toISOString(),
    };
  }
  const data: LibraryData = { schemaVersion: SCHEMA_VERSION, settings: defaultSettings(), feeds, articles, tombstones: {}, rules: [], savedSearches: [], seeded: true };
  writeFileSync(path.join(dataDir, 'library.json'), JSON.stringify(data));
}

/** Open once and wait for the search index, so the measured open finds it on disk. */
export async function warmIndex(dataDir: string): Promise<void> {
  const archive = await openArchive(dataDir);
  await archive.search('headline', { limit: 1 });
  await archive.close();
}
