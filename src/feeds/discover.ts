// Discovery: from any URL a user types, the feeds it offers. A URL that is a feed is its own
// answer; an HTML page gives its <link rel="alternate"> feeds (RSS, Atom, JSON Feed); failing
// that, a few common paths on the same site are tried.

import { parseHTML } from 'linkedom';
import type { DiscoveredFeed } from '../api.js';
import { TidingsError } from '../errors.js';
import { CAPS, capOptional, capUrl } from '../model/caps.js';
import { normalizeUrl } from '../model/identity.js';
import { decodeBody, fetchUrl, type FetchResult } from '../net/index.js';
import { scanTags } from './markup.js';
import type { ParsedFeed } from './model.js';
import { parseBody, sniff } from './parse.js';

/** Bytes decoded to tell a feed from a page: sniff reads 2,048 characters, 4 bytes each at most. */
const SNIFF_BYTES = 8192;

export const FEED_ACCEPT =
  'application/rss+xml, application/atom+xml, application/feed+json, application/json;q=0.9, application/xml;q=0.8, text/xml;q=0.8, text/html;q=0.7, */*;q=0.5';

const COMMON_PATHS = ['/feed', '/rss', '/feed.xml', '/atom.xml', '/rss.xml', '/index.xml', '/feed.json'];

const FEED_TYPES: Record<string, DiscoveredFeed['type']> = {
  'application/rss+xml': 'rss',
  'application/rdf+xml': 'rss',
  'application/atom+xml': 'atom',
  'application/feed+json': 'json',
  'application/json': 'json',
};

/** "example.com" becomes "https://example.com"; anything but http(s) is refused. */
export function userUrl(input: string): string {
  const text = input.trim();
  const withScheme = /^[a-z][a-z0-9+.-]*:/i.test(text) ? text : `https://${text}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new TidingsError('feeds', input, 'not a valid URL', 'invalid');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new TidingsError('feeds', input, 'only http and https URLs', 'invalid');
  return url.href;
}

/** Parses a fetched body as a feed: FeedParser.parse (a worker with a time limit) in the app. */
export type BodyParser = (body: Uint8Array, contentType: string | null, url: string) => Promise<ParsedFeed>;

/**
 * `parse` defaults to parsing in this thread, which is linear in the body but still about 2 s
 * a MB of hostile XML: the archive passes its worker-backed FeedParser so that discovery never
 * stalls the thread that answers the UI.
 */
export async function discoverFeeds(input: string, signal?: AbortSignal, parse: BodyParser = parseBody): Promise<DiscoveredFeed[]> {
  const url = userUrl(input);
  const page = await fetchUrl(url, { accept: FEED_ACCEPT, signal });
  if (page.status < 200 || page.status > 299) throw new TidingsError('feeds', url, `HTTP ${page.status}`);
  const asFeed = await feedItself(page, parse);
  if (asFeed) return [asFeed];
  const contentType = page.headers['content-type'] ?? null;
  const html = decodeBody(page.body, contentType, 'html');
  const linked = feedLinks(html, page.url);
  if (linked.length > 0) return linked;
  return probeCommonPaths(page.url, parse, signal);
}

/** The most feed links one page gives: a real page has a handful; a hostile one, thousands. */
const MAX_FEED_LINKS = 50;

/** The <link rel="alternate"> feeds of an HTML page, resolved against the page (and its <base>). */
export function feedLinks(html: string, pageUrl: string): DiscoveredFeed[] {
  const { document } = parseHTML(`<html><head>${headTags(html)}</head></html>`);
  const baseHref = document.querySelector('base[href]')?.getAttribute('href') ?? null;
  const base = resolve(baseHref, pageUrl) ?? pageUrl;
  const found: DiscoveredFeed[] = [];
  const seen = new Set<string>();
  for (const link of document.querySelectorAll('link[rel][href][type]')) {
    const rel = (link.getAttribute('rel') ?? '').toLowerCase().split(/\s+/);
    const type = FEED_TYPES[(link.getAttribute('type') ?? '').toLowerCase().split(';')[0]!.trim()];
    if (!rel.includes('alternate') || !type) continue;
    const href = capUrl(resolve(link.getAttribute('href'), base));
    if (!href) continue;
    const key = normalizeUrl(href);
    if (seen.has(key)) continue;
    seen.add(key);
    found.push({ url: href, title: capOptional(link.getAttribute('title')?.trim() || null, CAPS.title), type });
    if (found.length >= MAX_FEED_LINKS) break;
  }
  // JSON Feed 1.1: prefer application/feed+json; plain application/json only as a fallback.
  return found;
}

/**
 * Only the page's <link> and <base> tags, as written. The whole page is never built into a
 * DOM here: linkedom took 28 s on a megabyte of nested <div> (discovery runs on the thread that
 * answers the UI). The linear scanner finds the tags (skipping comments and script); the DOM
 * of these few flat tags then reads their attributes and entities exactly as a browser would.
 */
function headTags(html: string): string {
  const tags: string[] = [];
  scanTags(
    html,
    (tag) => {
      if (!tag.closing && (tag.name === 'link' || tag.name === 'base') && tags.length < MAX_HEAD_TAGS) tags.push(html.slice(tag.start, tag.end));
    },
    { html: true },
  );
  return tags.join('');
}

/** <link> tags read from one page; a real page has tens (icons, styles, preloads, feeds). */
const MAX_HEAD_TAGS = 2000;

async function feedItself(page: FetchResult, parse: BodyParser): Promise<DiscoveredFeed | null> {
  const contentType = page.headers['content-type'] ?? null;
  // Only the start is decoded here, to sniff the kind: the parser decodes the whole body itself.
  const head = decodeBody(page.body.subarray(0, SNIFF_BYTES), contentType, 'xml');
  const kind = sniff(head, contentType);
  if (kind !== 'xml' && kind !== 'json') return null;
  try {
    const feed = await parse(page.body, contentType, page.url);
    return { url: page.url, title: feed.title, type: feed.format };
  } catch {
    return null;
  }
}

async function probeCommonPaths(pageUrl: string, parse: BodyParser, signal?: AbortSignal): Promise<DiscoveredFeed[]> {
  const origin = new URL(pageUrl).origin;
  const results = await Promise.all(
    COMMON_PATHS.map(async (path) => {
      try {
        const page = await fetchUrl(origin + path, { accept: FEED_ACCEPT, signal, timeoutMs: 15_000 });
        return page.status >= 200 && page.status <= 299 ? await feedItself(page, parse) : null;
      } catch {
        return null;
      }
    }),
  );
  const found: DiscoveredFeed[] = [];
  for (const feed of results) {
    if (feed && !found.some((f) => normalizeUrl(f.url) === normalizeUrl(feed.url))) found.push(feed);
  }
  return found;
}

function resolve(href: string | null, base: string): string | null {
  if (!href) return null;
  try {
    const url = new URL(href.trim(), base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}
