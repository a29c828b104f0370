// Stable ids: the same article gets the same id on every refresh and every machine.

import { createHash } from 'node:crypto';

const TRACKING_PARAMS = /^(utm_[a-z_]+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|_hsenc|_hsmi|mkt_tok|igshid|yclid|ref_src|oly_enc_id|oly_anon_id|vero_id|wt_mc|__s)$/i;

export function shortHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

export function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/**
 * The URL with what does not change the page taken away: fragment, tracking parameters,
 * default port, trailing slash, host case. Returns the input trimmed when it is not a URL.
 */
export function normalizeUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return raw.trim();
  }
  url.hash = '';
  for (const key of [...url.searchParams.keys()]) {
    if (TRACKING_PARAMS.test(key)) url.searchParams.delete(key);
  }
  url.searchParams.sort();
  if (url.pathname.length > 1 && url.pathname.endsWith('/')) url.pathname = withoutTrailingSlashes(url.pathname);
  let text = url.toString();
  if (url.search === '' && text.endsWith('?')) text = text.slice(0, -1);
  return text;
}

/**
 * The path without its trailing slashes. A loop, not /\/+$/: that pattern runs through every
 * run of slashes in the path and fails at its end, so a path of 100,000 slashes before a
 * letter took seconds per URL.
 */
function withoutTrailingSlashes(path: string): string {
  let end = path.length;
  while (end > 0 && path.charCodeAt(end - 1) === 47) end--;
  return path.slice(0, end);
}

/** Id of a feed item: feed + guid when the feed gives one, else the normalized link. */
export function articleIdFor(input: { feedId?: string | null; guid?: string | null; url?: string | null; contentHash?: string | null }): string {
  if (input.feedId && input.guid) return shortHash(`${input.feedId}\n${input.guid.trim()}`);
  if (input.url) return shortHash(normalizeUrl(input.url));
  if (input.contentHash) return shortHash(`content\n${input.contentHash}`);
  throw new Error('identity: an article needs a guid, a URL or its content to get an id');
}

/**
 * Id of a feed item that has a link but no guid: its feed, its normalized link and its title.
 * The link alone is not enough: two feeds may carry the same page, and a feed may link every
 * item to its home page. (Archives before this scheme keyed such items by the link alone:
 * see legacyItemIdFor.)
 */
export function linkedItemIdFor(feedId: string, url: string, title: string | null): string {
  return shortHash(`${feedId}\nlink\n${normalizeUrl(url)}\n${titleKey(title)}`);
}

/** The id the old scheme gave an item without a guid: the normalized link alone, in any feed. */
export function legacyItemIdFor(url: string): string {
  return shortHash(normalizeUrl(url));
}

/** A title as identity sees it: case and runs of white space are edits, not another item. */
export function titleKey(title: string | null): string {
  return (title ?? '').normalize('NFC').replace(/\s+/g, ' ').trim().toLowerCase();
}

export function feedIdFor(url: string): string {
  return shortHash(`feed\n${normalizeUrl(url)}`);
}

/** The key two tag names are compared by: the same tag when they are equal without case. */
export function tagKey(tag: string): string {
  return tag.normalize('NFC').trim().toLocaleLowerCase('und');
}
