// A feed's icon: found in the order good readers use, and kept only if its bytes are an image.
//   1. what the feed names itself: RSS <channel><image><url>, Atom <icon> then <logo>, JSON
//      Feed `favicon` (made for small sizes) then `icon`;
//   2. the site's <link rel="icon" | "shortcut icon" | "apple-touch-icon">, a square of at
//      least 32 px first (the sidebar shows 16 px, twice that on a high-density screen);
//   3. /favicon.ico at the site's origin (and at the feed's, when that is another).
// The first candidate whose bytes are PNG, ICO, GIF, JPEG, WebP (or AVIF, BMP) wins. SVG is
// refused, like an article's SVG images: it can carry scripts, and a favicon is not worth a
// sanitizer. Every failure (404, HTML, empty, too large, no answer) just means "no icon".
//
// The feed is fetched again here, once, because the parser keeps no icon (ParsedFeed has no
// field for it); the tags are read with the linear scanner of markup.ts.

import { looksLikeSvg, sniffImage, type ImageExt } from '../extract/index.js';
import { decodeBody, fetchUrl, IMAGE_FETCH, type NetworkScope } from '../net/index.js';
import { decodeEntities, scanTags, type Tag } from './markup.js';

/** An icon is small: anything larger is not one we keep (a 10 MB "favicon" is refused unread). */
export const ICON_MAX_BYTES = 256 * 1024;
/** The feed and the site's page are read whole to find the names in them. */
const DOCUMENT_MAX_BYTES = 4 * 1024 * 1024;
/** Requests for one feed's icon, all stages together: a hostile page naming 500 icons costs 8. */
const MAX_REQUESTS = 8;
/** Candidates tried from one stage (the feed's own, the site's links). */
const PER_STAGE = 3;
const MAX_URL_CHARS = 2048;

export interface FoundIcon {
  /** Where the bytes came from. */
  url: string;
  bytes: Buffer;
  ext: ImageExt;
}

export interface IconOptions {
  /** The scope what the feed names may reach (scopeOf the feed's URL); the feed itself is the user's choice. */
  network: NetworkScope;
  signal?: AbortSignal;
  timeoutMs?: number;
}

/** The first usable icon of a feed, or null when there is none (never throws for the network). */
export async function findFeedIcon(feed: { url: string; siteUrl: string | null }, options: IconOptions): Promise<FoundIcon | null> {
  const budget = { left: MAX_REQUESTS };
  const tried = new Set<string>();
  const attempt = async (urls: string[]) => {
    for (const url of urls.filter((u) => !tried.has(u)).slice(0, PER_STAGE)) {
      tried.add(url);
      const icon = await fetchIcon(url, options, budget);
      if (icon) return icon;
    }
    return null;
  };
  const feedText = await fetchText(feed.url, 'xml', { ...options, network: 'any' }, budget);
  const own = feedText === null ? null : await attempt(feedIconUrls(feedText.text, feedText.url));
  if (own) return own;
  const site = siteOf(feed);
  const page = await fetchText(site, 'html', options, budget);
  const linked = page === null ? null : await attempt(pageIconUrls(page.text, page.url));
  if (linked) return linked;
  return attempt([...new Set([site, feed.url].map((u) => new URL('/favicon.ico', u).href))]);
}

/** Magic bytes decide: a raster image type we keep, or null (SVG, HTML, text, empty). */
export function checkIcon(bytes: Uint8Array): ImageExt | null {
  if (bytes.length === 0 || looksLikeSvg(bytes)) return null;
  return sniffImage(bytes);
}

/** The icon URLs a feed document names for itself, best first (see the top of this file). */
export function feedIconUrls(text: string, feedUrl: string): string[] {
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{')) return jsonFeedIcons(trimmed, feedUrl);
  return xmlFeedIcons(text, feedUrl);
}

function jsonFeedIcons(text: string, feedUrl: string): string[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return [];
  }
  if (typeof doc !== 'object' || doc === null) return [];
  const record = doc as Record<string, unknown>;
  return absolute([record.favicon, record.icon].filter((v): v is string => typeof v === 'string'), feedUrl);
}

/**
 * RSS <image><url> of the channel (RSS 1.0's <image> beside the channel too) and Atom <icon>,
 * <logo> of the feed, with prefix-less names only (<itunes:image> is podcast art of 1400 px).
 * Anything inside an <item> or <entry> is the item's, not the feed's.
 */
function xmlFeedIcons(text: string, feedUrl: string): string[] {
  const found: { rss: string[]; icon: string[]; logo: string[] } = { rss: [], icon: [], logo: [] };
  let base = feedUrl;
  let inItem = 0;
  let inImage = false;
  let open: { name: string; end: number } | null = null;
  let first = true;
  scanTags(text, (tag) => {
    if (first && !tag.closing) {
      // The root's xml:base (Atom) is the base of its <icon> and <logo>.
      first = false;
      if (tag.attrs['xml:base']) base = resolveUrl(tag.attrs['xml:base'], feedUrl) ?? feedUrl;
    }
    if (isItem(tag.name)) {
      if (!tag.selfClosing) inItem = Math.max(0, inItem + (tag.closing ? -1 : 1));
      return;
    }
    if (inItem > 0) return;
    if (tag.name === 'image') inImage = !tag.closing && !tag.selfClosing;
    if (!tag.closing && !tag.selfClosing && isWanted(tag.name, inImage)) open = { name: tag.name, end: tag.end };
    else if (tag.closing && open && open.name === tag.name) {
      const value = elementText(text.slice(open.end, tag.start));
      const list = tag.name === 'url' ? found.rss : tag.name === 'icon' ? found.icon : found.logo;
      if (value) list.push(value);
      open = null;
    } else open = null;
  });
  return absolute([...found.rss, ...found.icon, ...found.logo], base);
}

function isItem(name: string): boolean {
  return name === 'item' || name === 'entry';
}

function isWanted(name: string, inImage: boolean): boolean {
  return (name === 'url' && inImage) || name === 'icon' || name === 'logo';
}

/** The text of a simple element: CDATA unwrapped, entities decoded, trimmed. */
function elementText(raw: string): string {
  const cdata = /^\s*<!\[CDATA\[([\s\S]*?)\]\]>\s*$/.exec(raw);
  return (cdata ? cdata[1]! : decodeEntities(raw)).trim();
}

interface IconLink {
  url: string;
  tier: number;
  size: number;
  order: number;
}

/**
 * The icons a page's <link> tags name, best first: squares ≥ 32 px (smallest first), unsized
 * rel=icon (often a multi-size .ico), apple-touch-icon (180 px), smaller squares (largest
 * first), other sizes. SVG ones are left out: they would be refused anyway.
 */
export function pageIconUrls(html: string, pageUrl: string): string[] {
  const links: IconLink[] = [];
  scanTags(
    html,
    (tag) => {
      if (tag.closing || tag.name !== 'link' || links.length >= 200) return;
      const link = iconLink(tag, pageUrl, links.length);
      if (link) links.push(link);
    },
    { html: true },
  );
  links.sort((a, b) => a.tier - b.tier || (a.tier === 3 ? b.size - a.size : a.size - b.size) || a.order - b.order);
  return [...new Set(links.map((l) => l.url))];
}

function iconLink(tag: Tag, pageUrl: string, order: number): IconLink | null {
  const rel = (tag.attrs.rel ?? '').toLowerCase().split(/\s+/);
  const touch = rel.includes('apple-touch-icon') || rel.includes('apple-touch-icon-precomposed');
  if (!touch && !rel.includes('icon')) return null;
  const href = tag.attrs.href ?? '';
  if ((tag.attrs.type ?? '').toLowerCase().includes('svg') || /\.svgz?(?:[?#]|$)/i.test(href)) return null;
  const [url] = absolute([href], pageUrl);
  if (!url) return null;
  const size = squareSize(tag.attrs.sizes ?? '');
  if (size === null) return { url, tier: 4, size: 0, order };
  if (size === 0) return { url, tier: touch ? 2 : 1, size: 0, order };
  return { url, tier: size >= 32 ? 0 : 3, size, order };
}

/** The largest square of `sizes` ("16x16 32x32"); 0 when none is given ("" or "any"); null when none is square. */
function squareSize(sizes: string): number | null {
  const given = sizes.toLowerCase().split(/\s+/).filter((s) => /^\d+x\d+$/.test(s));
  if (given.length === 0) return 0;
  const squares = given.map((s) => s.split('x').map(Number)).filter(([w, h]) => w === h && w! > 0);
  return squares.length === 0 ? null : Math.max(...squares.map(([w]) => w!));
}

/** http(s) URLs only, resolved against `base`, in order, without repeats. */
function absolute(values: string[], base: string): string[] {
  const urls = values.map((v) => (v.length > MAX_URL_CHARS ? null : resolveUrl(v.trim(), base)));
  return [...new Set(urls.filter((u): u is string => u !== null))];
}

function resolveUrl(value: string, base: string): string | null {
  try {
    const url = new URL(value, base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

/** The site: the feed's site URL when it is http(s), else the feed's own origin. */
function siteOf(feed: { url: string; siteUrl: string | null }): string {
  return (feed.siteUrl && resolveUrl(feed.siteUrl, feed.url)) || new URL('/', feed.url).href;
}

async function fetchIcon(url: string, options: IconOptions, budget: { left: number }): Promise<FoundIcon | null> {
  const response = await fetchOrNull(url, options, ICON_MAX_BYTES, 'image/avif,image/webp,image/png,image/x-icon,image/*;q=0.8', budget);
  if (!response) return null;
  const ext = checkIcon(response.body);
  return ext ? { url: response.url, bytes: response.body, ext } : null;
}

async function fetchText(url: string, kind: 'xml' | 'html', options: IconOptions, budget: { left: number }): Promise<{ text: string; url: string } | null> {
  const response = await fetchOrNull(url, options, DOCUMENT_MAX_BYTES, kind === 'xml' ? 'application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, */*;q=0.8' : 'text/html, */*;q=0.8', budget);
  if (!response) return null;
  return { text: decodeBody(response.body, response.headers['content-type'] ?? null, kind), url: response.url };
}

/** One GET in the image lane (an icon never holds a slot a feed or page needs); any failure is null. */
async function fetchOrNull(url: string, options: IconOptions, maxBytes: number, accept: string, budget: { left: number }) {
  if (budget.left <= 0 || options.signal?.aborted) return null;
  budget.left--;
  try {
    const response = await fetchUrl(url, {
      maxBytes,
      accept,
      kind: 'image',
      network: options.network,
      signal: options.signal,
      timeoutMs: options.timeoutMs ?? IMAGE_FETCH.timeoutMs,
      connectTimeoutMs: IMAGE_FETCH.connectTimeoutMs,
    });
    return response.status === 200 ? response : null;
  } catch {
    return null;
  }
}
