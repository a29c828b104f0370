// What the peers-refresh scenario serves to Newsboat and to Tidings alike: 500 generated RSS
// feeds of 20 items (each about 30 KB of ordinary article HTML with one inline image on the
// feed's own host) on 50 loopback servers (127.0.0.2-51, 10 feeds each, as in feeds-refresh),
// their 10,000 images (distinct small PNGs), and a second copy of every feed whose images are
// on one slow host (127.0.0.52) that answers only after 5 s.
// Feeds carry ETag and Last-Modified and answer 304 to a matching If-None-Match or to an
// If-Modified-Since not older than their date: Newsboat sends the latter first, Tidings the former.

import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { crc32, deflateSync } from 'node:zlib';

export const FEEDS = 500;
export const HOSTS = 50;
export const ITEMS = 20;
const ITEM_BYTES = 30_000;
const IMAGE_SIDE = 32;
export const SLOW_IMAGE_MS = 5_000;
const LAST_MODIFIED = 'Thu, 26 Nov 2026 12:00:00 GMT';
const IMG_ORIGIN = '{{img-origin}}';

/** A small seeded generator (mulberry32): the same feeds and images on every run. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Words made of syllables, so the text has a vocabulary of a few thousand like prose does. */
function vocabulary(rnd: () => number): string[] {
  const syllables = ['ka', 'lo', 'ren', 'ti', 'mar', 'sel', 'ba', 'dun', 've', 'or', 'pi', 'stra', 'gen', 'ho', 'lu', 'cae', 'nes', 'quo', 'fi', 'rat', 'em', 'tor', 'wa', 'zel'];
  return Array.from({ length: 3000 }, () => Array.from({ length: 1 + Math.floor(rnd() * 3) }, () => syllables[Math.floor(rnd() * syllables.length)]).join(''));
}

function sentence(rnd: () => number, words: string[]): string {
  const n = 8 + Math.floor(rnd() * 14);
  const text = Array.from({ length: n }, () => words[Math.floor(rnd() * words.length)]).join(' ');
  return `${text[0]!.toUpperCase()}${text.slice(1)}.`;
}

function paragraph(rnd: () => number, words: string[]): string {
  return Array.from({ length: 3 + Math.floor(rnd() * 4) }, () => sentence(rnd, words)).join(' ');
}

/** One item's HTML: paragraphs, a link, an inline image on the feed's host, a list and a quote. */
function itemHtml(n: number, i: number, pool: string[], rnd: () => number, words: string[]): string {
  const pick = () => pool[Math.floor(rnd() * pool.length)]!;
  const parts = [
    `<p>Item ${i} of feed ${n}: ${sentence(rnd, words)} ${sentence(rnd, words)}</p>`,
    `<p>${pick()} See <a href="https://feed${n}.example/related/${i}">the earlier report</a> for the background.</p>`,
    `<figure><img src="${IMG_ORIGIN}/img/${n}/${i}.png" alt="Figure ${i} of feed ${n}" width="${IMAGE_SIDE}" height="${IMAGE_SIDE}"><figcaption>${sentence(rnd, words)}</figcaption></figure>`,
    `<p>${pick()}</p>`,
    `<ul>${Array.from({ length: 5 }, () => `<li>${sentence(rnd, words)}</li>`).join('')}</ul>`,
    `<blockquote><p>${pick()}</p></blockquote>`,
  ];
  let size = parts.reduce((sum, p) => sum + p.length, 0);
  while (size < ITEM_BYTES) {
    const p = `<p>${pick()}</p>`;
    parts.push(p);
    size += p.length;
  }
  return parts.join('\n');
}

/** Every feed's XML, with IMG_ORIGIN standing where its images' origin goes. */
function feedTemplates(): string[] {
  const rnd = random(13);
  const words = vocabulary(rnd);
  const pool = Array.from({ length: 400 }, () => paragraph(rnd, words));
  return Array.from({ length: FEEDS }, (_, n) => {
    const items = Array.from({ length: ITEMS }, (_, i) => {
      const day = String(1 + (i % 26)).padStart(2, '0');
      return `<item><title>Feed ${n} item ${i}: ${sentence(rnd, words).slice(0, 60)}</title><link>https://feed${n}.example/post/${i}</link><guid>feed-${n}-item-${i}</guid><pubDate>Thu, ${day} Nov 2026 ${String(i % 24).padStart(2, '0')}:00:00 GMT</pubDate><category>bench</category><description><![CDATA[${itemHtml(n, i, pool, rnd, words)}]]></description></item>`;
    }).join('\n');
    return `<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel><title>Bench feed ${n}</title><link>https://feed${n}.example/</link><description>generated</description>\n${items}\n</channel></rss>\n`;
  });
}

function pngChunk(type: string, data: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A valid 32x32 RGB PNG of seeded noise: about 3 KB, different bytes for every seed. */
function png(seed: number): Buffer {
  const rnd = random(seed);
  const header = Buffer.alloc(13);
  header.writeUInt32BE(IMAGE_SIDE, 0);
  header.writeUInt32BE(IMAGE_SIDE, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8 bits, RGB, deflate, no filter, no interlace
  const raw = Buffer.alloc(IMAGE_SIDE * (1 + IMAGE_SIDE * 3));
  for (let i = 0; i < raw.length; i++) raw[i] = i % (1 + IMAGE_SIDE * 3) === 0 ? 0 : Math.floor(rnd() * 256);
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, pngChunk('IHDR', header), pngChunk('IDAT', deflateSync(raw)), pngChunk('IEND', Buffer.alloc(0))]);
}

function etagOf(body: Buffer): string {
  return `"${createHash('sha1').update(body).digest('hex').slice(0, 16)}"`;
}

interface Body {
  bytes: Buffer;
  etag: string;
}

/** 304 for a matching If-None-Match, or (without one) an If-Modified-Since at or after our date. */
function notModified(req: http.IncomingMessage, etag: string): boolean {
  const inm = req.headers['if-none-match'];
  if (inm !== undefined) return inm.split(',').some((t) => t.trim() === etag);
  const ims = req.headers['if-modified-since'];
  return ims !== undefined && Date.parse(ims) >= Date.parse(LAST_MODIFIED);
}

export interface Counters {
  /** Feed requests answered 200, and 304. */
  feeds200: number;
  feeds304: number;
  /** Image requests answered 200 (fast hosts), and requests reaching the slow host. */
  images200: number;
  slowImages: number;
}

export interface PeersServed {
  /** Feed URLs whose images are on the feed's own host. */
  urls: string[];
  /** The same feeds with their images on the slow host. */
  slowUrls: string[];
  counters: Counters;
  /** Stop the slow host: what is waiting and what comes is refused (ends a round that waits on it). */
  stopSlow: () => Promise<void>;
  close: () => Promise<void>;
}

async function listen(handler: http.RequestListener, host: string): Promise<{ server: http.Server; origin: string }> {
  // Idle keep-alive sockets are closed by the client, never by us: with Node's 5 s default a
  // busy client reused a socket the server was closing ("connection closed by the server").
  const server = http.createServer({ keepAlive: true, keepAliveTimeout: 120_000 }, handler);
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  return { server, origin: `http://${host}:${(server.address() as AddressInfo).port}` };
}

async function closeServer(server: http.Server): Promise<void> {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
}

export async function servePeers(): Promise<PeersServed> {
  const counters: Counters = { feeds200: 0, feeds304: 0, images200: 0, slowImages: 0 };
  const images = new Map<string, Body>();
  for (let n = 0; n < FEEDS; n++) {
    for (let i = 0; i < ITEMS; i++) {
      const bytes = png(1_000_000 + n * ITEMS + i);
      images.set(`/img/${n}/${i}.png`, { bytes, etag: etagOf(bytes) });
    }
  }
  const waiting = new Set<NodeJS.Timeout>();
  const slow = await listen((req, res) => {
    counters.slowImages++;
    const timer = setTimeout(() => {
      waiting.delete(timer);
      const image = images.get(req.url ?? '');
      if (!image) return void res.writeHead(404).end();
      res.writeHead(200, { 'content-type': 'image/png', etag: image.etag, 'content-length': image.bytes.length }).end(image.bytes);
    }, SLOW_IMAGE_MS);
    waiting.add(timer);
  }, `127.0.0.${HOSTS + 2}`);

  const templates = feedTemplates();
  const feeds = new Map<string, Body>();
  const handler: http.RequestListener = (req, res) => {
    const url = req.url ?? '';
    const image = images.get(url);
    if (image) {
      if (notModified(req, image.etag)) return void res.writeHead(304, { etag: image.etag }).end();
      counters.images200++;
      return void res.writeHead(200, { 'content-type': 'image/png', etag: image.etag, 'content-length': image.bytes.length }).end(image.bytes);
    }
    const feed = feeds.get(url);
    if (!feed) return void res.writeHead(404).end();
    if (notModified(req, feed.etag)) {
      counters.feeds304++;
      return void res.writeHead(304, { etag: feed.etag, 'last-modified': LAST_MODIFIED }).end();
    }
    counters.feeds200++;
    res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8', etag: feed.etag, 'last-modified': LAST_MODIFIED, 'content-length': feed.bytes.length }).end(feed.bytes);
  };
  const hosts: { server: http.Server; origin: string }[] = [];
  for (let h = 0; h < HOSTS; h++) hosts.push(await listen(handler, `127.0.0.${h + 2}`));
  const urls: string[] = [];
  const slowUrls: string[] = [];
  templates.forEach((template, n) => {
    const origin = hosts[n % HOSTS]!.origin;
    for (const [path, imageOrigin, list] of [[`/feed/${n}.xml`, origin, urls], [`/slow/feed/${n}.xml`, slow.origin, slowUrls]] as const) {
      const bytes = Buffer.from(template.replaceAll(IMG_ORIGIN, imageOrigin));
      feeds.set(path, { bytes, etag: etagOf(bytes) });
      list.push(`${origin}${path}`);
    }
  });

  let slowStopped = false;
  const stopSlow = async () => {
    if (slowStopped) return;
    slowStopped = true;
    for (const timer of waiting) clearTimeout(timer);
    waiting.clear();
    await closeServer(slow.server);
  };
  return {
    urls,
    slowUrls,
    counters,
    stopSlow,
    close: async () => {
      await stopSlow();
      await Promise.all(hosts.map((h) => closeServer(h.server)));
    },
  };
}

export function opmlFor(urls: string[]): string {
  const outlines = urls.map((url, n) => `<outline type="rss" text="Bench feed ${n}" xmlUrl="${url}"/>`).join('\n');
  return `<?xml version="1.0"?><opml version="2.0"><head><title>bench</title></head><body>${outlines}</body></opml>`;
}
