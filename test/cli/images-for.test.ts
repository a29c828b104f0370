// `tidings refresh` stores every article first, then spends at most --images-for=SECONDS
// (default 30; 0: not at all) on their images and leaves the rest queued, saying so in one
// line; `stats` shows the queue. Run as a process (bundled: test/cli/bundle.ts), against a temp data dir and a
// feed on 127.0.0.1 whose images answer quickly, or never (until the test lets them): the
// command must end on time with those still queued, and a later run picks them up.

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openArchive } from '../../src/archive/index.js';
import { makePng } from '../e2e/harness.js';
import { type Bundle, bundle } from './bundle.js';
import { type LocalServer, startServer } from '../net/local-server.js';

const PNG = makePng(8, 6, [0x3f, 0x8c, 0xd9]);

let server: LocalServer;
let main: Bundle | null = null;
const dirs: string[] = [];
/** Image requests held open: they answer only when the test says so (a host that hangs). */
const held: (() => void)[] = [];
let holdImages = false;
/** Feeds that list their items: each is subscribed while empty, so `refresh` brings its items. */
const live = new Set<string>();

const item = (feed: string, n: number) =>
  `<item><guid>${feed}-${n}</guid><title>${feed} story ${n}</title><link>${server.origin}/${feed}/${n}</link><description><![CDATA[<p>Story ${n} of ${feed}.</p><p><img src="${server.origin}/img/${feed}-${n}.png" alt="picture ${n}"></p>]]></description></item>`;
const rss = (feed: string, count: number) =>
  `<?xml version="1.0"?><rss version="2.0"><channel><title>${feed}</title><link>${server.origin}/</link><description>d</description>${Array.from({ length: count }, (_, n) => item(feed, n)).join('')}</channel></rss>`;

beforeAll(async () => {
  main = await bundle('src/cli/main.ts');
  server = await startServer((req, res) => {
    const feed = /^\/(\w+)\.xml$/.exec(req.url ?? '');
    if (feed) return res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rss(feed[1]!, live.has(feed[1]!) ? 3 : 0));
    if (req.url?.startsWith('/img/')) {
      const answer = () => res.writeHead(200, { 'content-type': 'image/png' }).end(PNG);
      return holdImages ? void held.push(answer) : answer();
    }
    res.writeHead(404).end();
  });
});

afterAll(async () => {
  for (const answer of held.splice(0)) answer();
  await server.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  main?.remove();
});

interface Exit {
  code: number | null;
  out: string;
  err: string;
  ms: number;
  /** When the line saying it waits for the images came out (progress lines come at once). */
  waitingAt: number | null;
}

function cli(dir: string, args: string[]): Promise<Exit> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [main!.file, '--data-dir', dir, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, TIDINGS_DATA_DIR: '' } });
    let out = '';
    let err = '';
    let waitingAt: number | null = null;
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (waitingAt === null && /^downloading \d+ images?/m.test(out)) waitingAt = Date.now() - started;
    });
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out, err, ms: Date.now() - started, waitingAt }));
  });
}

async function subscribed(feed: string): Promise<string> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tidings-cli-images-for-'));
  dirs.push(dir);
  const added = await cli(dir, ['add-feed', server.url(`/${feed}.xml`)]);
  expect(added.code, added.err).toBe(0);
  live.add(feed);
  return dir;
}

async function articleHtml(dir: string): Promise<string[]> {
  const archive = await openArchive(dir);
  try {
    // The feed's articles (a new archive also holds its welcome article).
    const items = (await archive.listArticles({ limit: 100 })).items.filter((a) => a.feedId !== null);
    return await Promise.all(items.map(async (a) => (await archive.getArticle(a.id)).html));
  } finally {
    await archive.close();
  }
}

describe('refresh --images-for', { timeout: 180_000 }, () => {
  it('by default waits for the images and says how many it stored', async () => {
    const dir = await subscribed('quick');
    const run = await cli(dir, ['refresh']);
    expect(run.code, run.err).toBe(0);
    expect(run.out).toMatch(/^3 new articles|; 3 new articles$/m);
    expect(run.out).toMatch(/^images: 3 stored, 0 failed$/m);
    expect(run.out).not.toMatch(/left queued/);
    const html = await articleHtml(dir);
    expect(html).toHaveLength(3);
    for (const h of html) expect(h).toMatch(/src="tidings-asset:[0-9a-f]{64}\.png"/);
    const stats = await cli(dir, ['stats']);
    expect(stats.out).toMatch(/^images waiting 0$/m);
  });

  it('with a host that does not answer, ends on time, leaves them queued, and stats shows the queue', async () => {
    holdImages = true;
    const dir = await subscribed('stuck');
    const run = await cli(dir, ['refresh', '--images-for=2']);
    expect(run.code, run.err).toBe(0);
    expect(run.out).toMatch(/^images: 0 stored, 0 failed, 3 left queued \(they download next time Tidings runs\)$/m);
    // Two seconds on images, then it ends (the held requests do not keep it): not the 30 s default.
    expect(run.out).toMatch(/^downloading 3 images of 3 articles \(at most 2 s\)$/m);
    expect(run.ms - run.waitingAt!).toBeGreaterThanOrEqual(1_900);
    expect(run.ms - run.waitingAt!).toBeLessThan(10_000);
    // The articles are there already, their images still remote.
    const html = await articleHtml(dir);
    expect(html).toHaveLength(3);
    for (const h of html) expect(h).toContain(`${server.origin}/img/`);
    const stats = await cli(dir, ['stats']);
    expect(stats.out).toMatch(/^images waiting 3 \(in 3 articles\)$/m);
    const json = JSON.parse((await cli(dir, ['stats', '--json'])).out) as { imageQueue: { articles: number; images: number } };
    expect(json.imageQueue).toMatchObject({ articles: 3, images: 3 });
    // The host answers again: the next run downloads what was left.
    holdImages = false;
    for (const answer of held.splice(0)) answer();
    const again = await cli(dir, ['refresh', '--json']);
    expect(again.code, again.err).toBe(0);
    const summary = JSON.parse(again.out) as { feeds: number; images: { articles: number; images: number; stored: number } };
    expect(summary.feeds).toBe(1);
    expect(summary.images).toMatchObject({ articles: 0, images: 0, stored: 3 });
    for (const h of await articleHtml(dir)) expect(h).toMatch(/src="tidings-asset:[0-9a-f]{64}\.png"/);
  });

  it('--images-for=0 does not wait at all', async () => {
    holdImages = true;
    const dir = await subscribed('nowait');
    const run = await cli(dir, ['refresh', '--images-for=0']);
    expect(run.code, run.err).toBe(0);
    expect(run.out).toMatch(/^images: 0 stored, 0 failed, 3 left queued \(they download next time Tidings runs\)$/m);
    holdImages = false;
    for (const answer of held.splice(0)) answer();
  });

  it('refuses a value that is not a whole number of seconds, exit 2, before opening the archive', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tidings-cli-images-for-bad-'));
    dirs.push(dir);
    for (const bad of [['--images-for=abc'], ['--images-for=-5'], ['--images-for', '-5'], ['--images-for=86401']]) {
      const run = await cli(dir, ['refresh', ...bad]);
      expect(run.code, bad.join(' ')).toBe(2);
      expect(run.err).toMatch(/refresh: --images-for must be a whole number from 0 to 86400/);
    }
    const help = await cli(dir, ['refresh', '--help']);
    expect(help.out).toMatch(/--images-for=SECONDS\s+.*default 30/);
    const all = await cli(dir, ['--help']);
    expect(all.out).toMatch(/refresh \[ID\|--folder=F\] \[--images-for=SECONDS\]/);
    expect(all.out).toMatch(/images left over download the next time Tidings runs/);
  });
});

describe('import-opml and images', { timeout: 180_000 }, () => {
  it('waits for the images of what its first refresh stored, as refresh does', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tidings-cli-images-opml-'));
    dirs.push(dir);
    live.add('opml');
    const opml = path.join(dir, 'subscriptions.opml');
    writeFileSync(opml, `<?xml version="1.0"?><opml version="2.0"><body><outline type="rss" text="Quick" xmlUrl="${server.url('/opml.xml')}"/></body></opml>`);
    const run = await cli(dir, ['import-opml', opml]);
    expect(run.code, run.err).toBe(0);
    expect(run.out).toMatch(/^images: 3 stored, 0 failed$/m);
    for (const h of await articleHtml(dir)) expect(h).toMatch(/src="tidings-asset:[0-9a-f]{64}\.png"/);
  });
});
