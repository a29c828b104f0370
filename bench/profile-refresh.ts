// Profile of the first refresh (issue 13, item 3): 500 feeds of 20 realistic items (paragraphs,
// a link, an <img>, a <ul>, a <blockquote>; about 30 KB a feed), served on 50 loopback hosts as
// bench/scenarios/feeds.ts serves them, imported by OPML into a new archive with full texts and
// images off, then refreshed once. Prints the time of the first refresh and of its phases.
//
//   node --import tsx bench/profile-refresh.ts            # time only
//   node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx bench/profile-refresh.ts
//
// Worker threads inherit the process's execArgv, so --cpu-prof writes one profile per worker
// (extraction and feed parsing) next to the main thread's. PROFILE_FEEDS / PROFILE_ITEM_CHARS
// change the size; PROFILE_KEEP=1 keeps the archive folder.

import { mkdtempSync, rmSync } from 'node:fs';
import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { openArchive } from '../src/archive/index.js';

const FEEDS = Number(process.env.PROFILE_FEEDS ?? 500);
const HOSTS = 50;
const ITEMS = 20;
/** About 30 KB a feed: 1,500 characters of HTML an item. */
const ITEM_CHARS = Number(process.env.PROFILE_ITEM_CHARS ?? 1300);

const WORDS = 'lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt ut labore et dolore magna aliqua'.split(' ');

function sentence(seed: number, words: number): string {
  const out: string[] = [];
  for (let i = 0; i < words; i++) out.push(WORDS[(seed * 7 + i * 13) % WORDS.length]!);
  return `${out.join(' ')}.`;
}

/** One item's HTML: a quote, a list, an image, a link, then paragraphs up to ITEM_CHARS. */
function itemHtml(feed: number, item: number): string {
  const parts = [
    `<p>Item ${item} of feed ${feed}: ${sentence(item, 14)} <a href="https://feed${feed}.example/post/${item}">Read more</a></p>`,
    `<p><img src="https://img${feed % HOSTS}.example/${feed}/${item}.jpg" alt="Picture ${item}" width="640" height="360"></p>`,
    `<ul><li>${sentence(item + 1, 6)}</li><li>${sentence(item + 2, 6)}</li><li>${sentence(item + 3, 6)}</li></ul>`,
    `<blockquote><p>${sentence(item + 4, 20)}</p></blockquote>`,
  ];
  let html = parts.join('');
  for (let p = 0; html.length < ITEM_CHARS; p++) html += `<p>${sentence(item + p, 24)} <em>${sentence(p, 4)}</em></p>`;
  return html;
}

function feedXml(n: number): string {
  const items = Array.from({ length: ITEMS }, (_, i) =>
    `<item><title>Feed ${n} item ${i}</title><link>https://feed${n}.example/post/${i}</link><guid>feed-${n}-item-${i}</guid><pubDate>Thu, 26 Nov 2026 ${String(i % 24).padStart(2, '0')}:00:00 GMT</pubDate><category>bench</category><description><![CDATA[${itemHtml(n, i)}]]></description></item>`,
  ).join('\n');
  return `<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel><title>Profile feed ${n}</title><link>https://feed${n}.example/</link><description>generated</description>\n${items}\n</channel></rss>\n`;
}

async function serveFeeds(): Promise<{ urls: string[]; bytes: number; close: () => Promise<void> }> {
  const bodies = Array.from({ length: FEEDS }, (_, n) => Buffer.from(feedXml(n)));
  const etags = bodies.map((b) => `"${createHash('sha1').update(b).digest('hex').slice(0, 16)}"`);
  const handler: http.RequestListener = (req, res) => {
    const n = Number(/^\/feed\/(\d+)\.xml$/.exec(req.url ?? '')?.[1] ?? -1);
    const body = bodies[n];
    if (!body) return void res.writeHead(404).end();
    if (req.headers['if-none-match'] === etags[n]) return void res.writeHead(304, { etag: etags[n] }).end();
    res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8', etag: etags[n], 'content-length': body.length }).end(body);
  };
  const servers: http.Server[] = [];
  const origins: string[] = [];
  for (let h = 0; h < HOSTS; h++) {
    const server = http.createServer({ keepAlive: true }, handler);
    const host = `127.0.0.${h + 2}`;
    await new Promise<void>((resolve) => server.listen(0, host, resolve));
    servers.push(server);
    origins.push(`http://${host}:${(server.address() as AddressInfo).port}`);
  }
  return {
    urls: Array.from({ length: FEEDS }, (_, n) => `${origins[n % HOSTS]}/feed/${n}.xml`),
    bytes: bodies.reduce((sum, b) => sum + b.length, 0),
    close: async () => {
      for (const s of servers) s.closeAllConnections();
      await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
    },
  };
}

function opmlFor(urls: string[]): string {
  const outlines = urls.map((url, n) => `<outline type="rss" text="Profile feed ${n}" xmlUrl="${url}"/>`).join('\n');
  return `<?xml version="1.0"?><opml version="2.0"><head><title>profile</title></head><body>${outlines}</body></opml>`;
}

const since = (t: bigint): number => Number(process.hrtime.bigint() - t) / 1e6;

async function main(): Promise<void> {
  const served = await serveFeeds();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tidings-profile-'));
  const out = (line: string) => process.stdout.write(`${line}\n`);
  out(`${FEEDS} feeds x ${ITEMS} items, ${(served.bytes / FEEDS / 1024).toFixed(1)} KB a feed, archive in ${dir}`);
  try {
    let t = process.hrtime.bigint();
    const archive = await openArchive(dir);
    out(`open: ${since(t).toFixed(0)} ms`);
    try {
      t = process.hrtime.bigint();
      const imported = await archive.importOpml(opmlFor(served.urls));
      if (imported.added !== FEEDS) throw new Error(`imported ${imported.added} feeds`);
      await archive.updateSettings({ downloadImages: false });
      for (const feed of await archive.listFeeds()) await archive.updateFeed(feed.id, { fullText: 'never' });
      out(`import + settings: ${since(t).toFixed(0)} ms`);
      t = process.hrtime.bigint();
      const summary = await archive.refresh({ all: true });
      const first = since(t);
      // The window to read in the CPU profiles (their timestamps are the same monotonic clock, in µs).
      out(`refresh window (µs): ${t / 1000n} ${process.hrtime.bigint() / 1000n}`);
      out(`FIRST REFRESH: ${first.toFixed(0)} ms, ${summary.newArticles} new articles, ${summary.failed} failed (${(first / Math.max(1, summary.newArticles)).toFixed(2)} ms an article)`);
      if (summary.failed > 0) out(`errors: ${JSON.stringify(summary.errors.slice(0, 3))}`);
    } finally {
      t = process.hrtime.bigint();
      await archive.close();
      out(`close: ${since(t).toFixed(0)} ms`);
    }
  } finally {
    await served.close();
    if (process.env.PROFILE_KEEP !== '1') rmSync(dir, { recursive: true, force: true });
  }
}

await main();
