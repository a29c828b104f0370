// parseFeed: decoded text in, one ParsedFeed out, whatever the format. Items whose links are
// the same page (tracking parameters, fragments, trailing slashes aside) are kept once.

import { TidingsError, describeError } from '../errors.js';
import { normalizeUrl } from '../model/index.js';
import { decodeBody } from '../net/index.js';
import { parseJsonFeed } from './json-feed.js';
import type { ParsedFeed } from './model.js';
import { capFeed } from './normalize.js';
import { parseXmlFeed } from './rss.js';

export type Sniffed = 'json' | 'xml' | 'html' | 'unknown';

/** What the body looks like, from its first characters and the Content-Type. */
export function sniff(text: string, contentType: string | null = null): Sniffed {
  const head = text.slice(0, 2048).replace(/^\uFEFF/, '').trimStart();
  const type = (contentType ?? '').toLowerCase();
  if (head.startsWith('{')) return 'json';
  if (/^<!doctype html|^<html[\s>]/i.test(head)) return 'html';
  if (/<(rss|feed|rdf:RDF)[\s>]/i.test(head)) return 'xml';
  if (type.includes('html') && !/^<\?xml/i.test(head)) return 'html';
  if (head.startsWith('<')) return /<(head|body|meta|title)[\s>]/i.test(head) && !/<channel[\s>]/i.test(head) ? 'html' : 'xml';
  return 'unknown';
}

/** A fetched body (bytes and Content-Type) to the model: decoded (charset), then parsed. */
export function parseBody(body: Uint8Array, contentType: string | null, feedUrl: string, contentLocation: string | null = null): Promise<ParsedFeed> {
  return parseFeed(decodeBody(Buffer.from(body.buffer, body.byteOffset, body.byteLength), contentType, 'xml'), feedUrl, contentType, contentLocation);
}

/** `contentLocation`: the HTTP Content-Location header, the base of relative links before `feedUrl`. */
export async function parseFeed(text: string, feedUrl: string, contentType: string | null = null, contentLocation: string | null = null): Promise<ParsedFeed> {
  const kind = sniff(text, contentType);
  if (kind === 'html') throw new TidingsError('feeds', feedUrl, 'this is a web page, not a feed (try discovery)', 'invalid');
  if (kind === 'unknown') throw new TidingsError('feeds', feedUrl, 'not a feed (neither XML nor JSON)');
  let feed: ParsedFeed;
  try {
    feed = kind === 'json' ? parseJsonFeed(text, feedUrl) : await parseXmlFeed(text, feedUrl, contentLocation);
  } catch (error) {
    if (error instanceof TidingsError) throw error;
    throw new TidingsError('feeds', feedUrl, `cannot parse: ${firstLine(describeError(error))}`, 'failed', { cause: error });
  }
  const capped = capFeed(feed);
  return { ...capped, items: uniqueItems(capped.items) };
}

/**
 * The same item twice in one document is one item: the same guid, or the same page (normalized
 * link) under the same title. Items that only share a link (every item of a status feed linking
 * to its home page) stay distinct: dropping them would lose them silently.
 */
function uniqueItems(items: ParsedFeed['items']): ParsedFeed['items'] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const keys = [item.guid ? `g${item.guid}` : null, item.link ? `l${normalizeUrl(item.link)}\n${item.title ?? ''}` : null].filter((k) => k !== null);
    if (keys.some((key) => seen.has(key))) return false;
    keys.forEach((key) => seen.add(key));
    return true;
  });
}

function firstLine(text: string): string {
  return text.split('\n')[0]!.slice(0, 200);
}
