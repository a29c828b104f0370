// What the end-to-end tests share: Debian's Chromium (driven by playwright-core), the built
// renderer, a fixture website on 127.0.0.1, a guard that no request leaves the machine, and
// screenshots under test-results/.

import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32, deflateSync } from 'node:zlib';
import { type Browser, type Page, chromium } from 'playwright-core';
import { describe, it } from 'vitest';
import type { Archive } from '../../src/api.js';
import { openArchive } from '../../src/archive/index.js';
import { type RunningServer, startServer } from '../../src/server/index.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const fixtures = path.join(root, 'test/fixtures/e2e');
export const STATIC_DIR = path.join(root, 'dist/renderer');
export const RESULTS_DIR = path.join(root, 'test-results/e2e');
export const CHROMIUM = '/usr/bin/chromium';

/** Why the e2e tests cannot run here, or null when they can. */
export function chromiumMissing(): string | null {
  return existsSync(CHROMIUM) ? null : `Chromium is not installed at ${CHROMIUM}: run \`apt-get install -y chromium\` (.ci/run does it)`;
}

/**
 * A suite that runs in Chromium. Without Chromium it fails when CI is set and is skipped
 * otherwise, saying why. Per-test time is generous: under `npm test` the browser shares two
 * cores with every other suite.
 */
export function describeInChromium(name: string, suite: () => void): void {
  const missing = chromiumMissing();
  if (missing && process.env.CI) {
    describe(name, () => {
      it('has Chromium to run in', () => {
        throw new Error(missing);
      });
    });
  } else if (missing) {
    describe.skip(`${name} (skipped: ${missing})`, () => {
      it('runs in Chromium', () => undefined);
    });
  } else {
    describe(name, { timeout: 90_000 }, suite);
  }
}

/** Everything one e2e file drives: a temporary archive served in browser mode, the fixture site, one page. */
export interface Session {
  dataDir: string;
  archive: Archive;
  server: RunningServer;
  site: FixtureSite;
  browser: Browser;
  page: Page;
  /** Requests that tried to leave 127.0.0.1 (guardNetwork). */
  outside: string[];
  close(): Promise<void>;
}

/**
 * Open a session; `prepare` sees the page before it loads the app (to listen for dialogs).
 * What was opened is closed again, in reverse, by close() or when opening fails half-way.
 */
export async function openSession(prefix: string, prepare?: (page: Page) => void): Promise<Session> {
  ensureRendererBuilt();
  const opened: (() => Promise<unknown> | void)[] = [];
  const close = async () => {
    for (const undo of opened.splice(0).reverse()) await undo();
  };
  try {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), prefix));
    opened.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const archive = await openArchive(dataDir);
    opened.push(() => archive.close());
    const site = await startFixtureSite();
    opened.push(() => site.close());
    const server = await startServer(archive, { staticDir: STATIC_DIR });
    opened.push(() => server.close());
    const browser = await launchChromium();
    opened.push(() => browser.close());
    const page = await browser.newPage({ viewport: { width: 1360, height: 860 } });
    prepare?.(page);
    const outside = await guardNetwork(page);
    await page.goto(server.url);
    return { dataDir, archive, server, site, browser, page, outside, close };
  } catch (error) {
    await close();
    throw error;
  }
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** Build dist/renderer with Vite when it is missing or older than the renderer's sources. */
export function ensureRendererBuilt(): void {
  const built = path.join(STATIC_DIR, 'index.html');
  const sources = [path.join(root, 'vite.config.ts'), ...filesUnder(path.join(root, 'renderer'))];
  const newest = Math.max(...sources.map((f) => statSync(f).mtimeMs));
  if (existsSync(built) && statSync(built).mtimeMs >= newest) return;
  execFileSync(path.join(root, 'node_modules/.bin/vite'), ['build', '--logLevel', 'warn'], { cwd: root, stdio: 'pipe' });
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

export interface FixtureSite {
  origin: string;
  /** Paths that answer 500 from now on (a feed that breaks). */
  failing: Set<string>;
  /** Paths that answer 404 from now on (a page that moved away). */
  missing: Set<string>;
  /** Paths under /beacon/ that were requested: each one is a payload that got out. */
  beacons: string[];
  close(): Promise<void>;
}

/**
 * The fixture website: a page offering two feeds, the feeds, the posts, an image, and a
 * /beacon/ path that hostile payloads call if they ever run or load.
 */
export async function startFixtureSite(): Promise<FixtureSite> {
  const beacons: string[] = [];
  const failing = new Set<string>();
  const missing = new Set<string>();
  const png = makePng(64, 48, [0xd9, 0x8c, 0x3f]);
  let origin = '';
  const fill = (name: string) =>
    readFileSync(path.join(fixtures, name), 'utf8')
      .replaceAll('{{hostile}}', readFileSync(path.join(fixtures, 'article-full-of-xss-payloads.html'), 'utf8'))
      .replaceAll('{{origin}}', origin);
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const send = (type: string, body: string | Buffer) => res.writeHead(200, { 'Content-Type': type }).end(body);
    if (failing.has(url.pathname)) return res.writeHead(500).end('the fixture site is down');
    if (missing.has(url.pathname)) return res.writeHead(404, { 'Content-Type': 'text/html' }).end('<!doctype html><title>Not found</title><h1>Not found</h1>');
    if (url.pathname.startsWith('/beacon/')) {
      beacons.push(url.pathname);
      return res.writeHead(204).end();
    }
    if (url.pathname === '/') return send('text/html; charset=utf-8', fill('site-offering-two-feeds.html'));
    if (url.pathname === '/feed.rss') return send('application/rss+xml; charset=utf-8', fill('feed-items-with-images.rss'));
    if (url.pathname === '/feed.atom') return send('application/atom+xml; charset=utf-8', fill('feed-items-with-images.atom'));
    if (url.pathname === '/images/quokka.png') return send('image/png', png);
    if (url.pathname === '/pages/kakapo.html') return send('text/html; charset=utf-8', fill('page-to-save-with-image.html'));
    if (url.pathname.startsWith('/posts/')) return send('text/html; charset=utf-8', `<!doctype html><title>${url.pathname}</title><p>See the feed.</p>`);
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    failing,
    missing,
    beacons,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** A real PNG of one colour, so the browser decodes it and naturalWidth is its width. */
export function makePng(width: number, height: number, rgb: [number, number, number]): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const out = Buffer.alloc(8 + data.length + 4);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), 8 + data.length);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: width }, () => rgb).flat())]);
  const pixels = Buffer.concat(Array.from({ length: height }, () => row));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(pixels)), chunk('IEND', Buffer.alloc(0))]);
}

export function isLoopback(url: string): boolean {
  try {
    const { protocol, hostname } = new URL(url);
    if (protocol === 'about:' || protocol === 'data:' || protocol === 'blob:') return true;
    return hostname === '127.0.0.1' || hostname === 'localhost' || hostname === '[::1]';
  } catch {
    return false;
  }
}

/** Abort every request that would leave 127.0.0.1, and remember it: the tests expect none. */
export async function guardNetwork(page: Page): Promise<string[]> {
  const outside: string[] = [];
  page.on('request', (request) => {
    if (!isLoopback(request.url())) outside.push(request.url());
  });
  await page.route((url) => !isLoopback(url.href), (route) => {
    outside.push(route.request().url());
    return route.abort('blockedbyclient');
  });
  return outside;
}

/** Save a screenshot of the page in light and in dark, as test-results/e2e/<name>-<scheme>.png. */
export async function screenshots(page: Page, name: string): Promise<void> {
  // On CI nobody looks at them: the theme still follows each scheme (checked), the pictures are
  // not taken (two of them, and a wait for paint, in 64 places, were minutes of every run).
  const take = !process.env.CI || process.env.TIDINGS_SCREENSHOTS === '1';
  mkdirSync(RESULTS_DIR, { recursive: true });
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    await page.waitForFunction((scheme) => document.documentElement.dataset.theme === scheme, colorScheme);
    if (!take) continue;
    // The reader's frame is rebuilt for the new theme: give it time to paint (a screenshot,
    // not an assertion, depends on this).
    await page.waitForTimeout(400);
    await page.screenshot({ path: path.join(RESULTS_DIR, `${name}-${colorScheme}.png`) });
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

/**
 * An archive holding only these saved pages (the first-launch article removed), each a short
 * article with its title and `paragraph` six times, shown in the page's list. Answers the ids by title.
 */
export async function savePagesOnly(session: Pick<Session, 'archive' | 'page'>, titles: readonly string[], paragraph = 'Words to read about the matter at hand, at some length so that the page is an article.'): Promise<Map<string, string>> {
  const { archive, page } = session;
  await archive.deleteArticles((await archive.listArticles({ limit: 1000 })).items.map((a) => a.id));
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tidings-e2e-pages-'));
  const ids = new Map<string, string>();
  try {
    for (const [i, title] of titles.entries()) {
      const file = path.join(dir, `page-${i + 1}.html`);
      writeFileSync(file, `<!doctype html><html lang="en"><head><title>${title}</title></head><body><article><h1>${title}</h1>${`<p>${paragraph}</p>`.repeat(6)}</article></body></html>`);
      ids.set(title, (await archive.importFile(file, { title })).id);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  await page.reload();
  await page.waitForFunction((n) => document.querySelectorAll('.list .row[data-id]').length === n, titles.length);
  return ids;
}
