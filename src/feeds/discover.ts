// Discovery: from any URL a user types, the feeds it offers. A URL that is a feed is its own
// answer; an HTML page gives its <link rel="alternate"> feeds (RSS, Atom, JSON Feed); failing
// that, a few common paths on the same site are tried.

import { parseHTML } from 'linkedom';
import type { DiscoveredFeed } from '../api.js';
import { TidingsError } from '../errors.js';
import { CAPS, capOptional, capUrl, normalizeUrl } from '../model/index.js';
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

/**
 * The addresses to try for what a person typed, in order. A bare host or path ("example.com/blog",
 * "//example.com") and the old feed:// scheme get https first, then http; an explicit http(s)://
 * (also inside feed:https://…) is taken as written. Anything else is refused.
 */
export function typedUrls(input: string): string[] {
  let text = input.trim();
  const wrapped = /^feed:(https?:\/\/.*)$/i.exec(text);
  if (wrapped) return [parsedHttp(input, wrapped[1]!)];
  text = text.replace(/^feed:\/\//i, '').replace(/^\/\//, '');
  if (hasScheme(text)) return [parsedHttp(input, text)];
  const secure = parsedHttp(input, `https://${text}`);
  return [secure, `http:${secure.slice('https:'.length)}`];
}

/** "example.com:8080/feed" and "localhost:3000" are a host and port, not a scheme. */
function hasScheme(text: string): boolean {
  return /^[a-z][a-z0-9+.-]*:/i.test(text) && !/^[^:/?#]+:\d+(?:[/?#]|$)/.test(text);
}

function parsedHttp(input: string, text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new TidingsError('feeds', input, 'not a valid URL', 'invalid');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new TidingsError('feeds', input, 'only http and https URLs', 'invalid');
  if (!url.hostname || /\s/.test(text)) throw new TidingsError('feeds', input, 'not a valid URL', 'invalid');
  return url.href;
}

/** "example.com" becomes "https://example.com/": the first address typedUrls would try. */
export function userUrl(input: string): string {
  return typedUrls(input)[0]!;
}

/** Parses a fetched body as a feed: FeedParser.parse (a worker with a time limit) in the app. */
export type BodyParser = (body: Uint8Array, contentType: string | null, url: string) => Promise<ParsedFeed>;

/**
 * `parse` defaults to parsing in this thread, which is linear in the body but still about 2 s
 * a MB of hostile XML: the archive passes its worker-backed FeedParser so that discovery never
 * stalls the thread that answers the UI.
 */
export async function discoverFeeds(
  input: string,
  signal?: AbortSignal,
  parse: BodyParser = parseBody,
  attempts: (input: string) => string[] = typedUrls,
): Promise<DiscoveredFeed[]> {
  const page = await fetchFirst(attempts(input), signal);
  if (page.status < 200 || page.status > 299) throw new TidingsError('feeds', page.url, `HTTP ${page.status}`);
  const asFeed = await feedItself(page, parse);
  if (asFeed) return [asFeed];
  const contentType = page.headers['content-type'] ?? null;
  const html = decodeBody(page.body, contentType, 'html');
  const linked = feedLinks(html, page.url);
  if (linked.length > 0) return rankFeeds(linked);
  return rankFeeds(await probeCommonPaths(page.url, parse, signal));
}

/**
 * Fetches the first address that connects. The next one (http after https) is tried only when
 * this one could not connect at all (refused, reset, TLS failure, connect timeout): a server
 * that answered, even with an error, is the site, and a DNS failure would fail the next alike.
 */
async function fetchFirst(urls: string[], signal?: AbortSignal): Promise<FetchResult> {
  for (let i = 0; ; i++) {
    try {
      return await fetchUrl(urls[i]!, { accept: FEED_ACCEPT, signal });
    } catch (error) {
      if (i === urls.length - 1 || signal?.aborted || !cannotConnect(error)) throw error;
    }
  }
}

const CONNECT_FAILURES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT', 'EPROTO', 'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT']);

function cannotConnect(error: unknown): boolean {
  const code = (error as { cause?: { code?: unknown } }).cause?.code;
  if (typeof code !== 'string') return false;
  // TLS: no TLS on the port, an expired or self-signed certificate, a name mismatch.
  return CONNECT_FAILURES.has(code) || /^(ERR_SSL_|ERR_TLS_|CERT_)|CERT|SELF_SIGNED|UNABLE_TO_/.test(code);
}

/** Comment feeds ("Comments on: …", /comments/feed) after the feeds of posts; otherwise the page's order. */
export function rankFeeds(feeds: DiscoveredFeed[]): DiscoveredFeed[] {
  const comments = (f: DiscoveredFeed) => COMMENTS.test(f.title ?? '') || /\/comments?\//i.test(new URL(f.url).pathname + '/');
  return [...feeds.filter((f) => !comments(f)), ...feeds.filter(comments)];
}

const COMMENTS = /\b(comments?|kommentare|commentaires|comentarios)\b/i;

/** The most feed links one page gives: a real page has a handful; a hostile one, thousands. */
const MAX_FEED_LINKS = 50;

/** The <link rel="alternate"> feeds of an HTML page, resolved against the page (and its <base>). */
export function feedLinks(html: string, pageUrl: string): DiscoveredFeed[] {
  const { document } = parseHTML(`<html><head>${headTags(html)}</head></html>`);
  const baseHref = document.querySelector('base[href]')?.getAttribute('href') ?? null;
  const base = resolve(baseHref, pageUrl) ?? pageUrl;
  const found: DiscoveredFeed[] = [];
  const plainJson: DiscoveredFeed[] = [];
  const seen = new Set<string>();
  for (const link of document.querySelectorAll('link[rel][href][type]')) {
    const rel = (link.getAttribute('rel') ?? '').toLowerCase().split(/\s+/);
    const mime = (link.getAttribute('type') ?? '').toLowerCase().split(';')[0]!.trim();
    const type = FEED_TYPES[mime];
    if (!rel.includes('alternate') || !type) continue;
    const href = capUrl(resolve(link.getAttribute('href'), base));
    if (!href) continue;
    const key = normalizeUrl(href);
    if (seen.has(key)) continue;
    seen.add(key);
    const feed = { url: href, title: capOptional(link.getAttribute('title')?.trim() || null, CAPS.title), type };
    if (mime === 'application/json') {
      if (!WORDPRESS_REST.test(new URL(href).pathname)) plainJson.push(feed);
    } else {
      found.push(feed);
    }
    if (found.length + plainJson.length >= MAX_FEED_LINKS) break;
  }
  // JSON Feed 1.1: prefer application/feed+json; plain application/json only as a fallback, as
  // most such links are APIs (WordPress links every post's REST record this way), not feeds.
  return found.length > 0 ? found : plainJson;
}

/** WordPress's REST API (/wp-json/wp/v2/posts/997): JSON, linked as an alternate, never a feed. */
const WORDPRESS_REST = /\/wp-json\//i;

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
