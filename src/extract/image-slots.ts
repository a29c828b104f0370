// Images between sanitizing and storage. In the worker, each <img src> of the sanitized
// article becomes a slot, `src="tidings-slot-<nonce>-<n>"`, and its URL goes in a list; the
// main thread downloads what it can and fills every slot with `tidings-asset:<name>` or, when
// the image could not be kept, its remote URL. The nonce is random per thread plus a counter:
// new for each page and unknown to it, so no text of the page can pose as a slot. Filled
// values are HTML-escaped.

import { randomBytes } from 'node:crypto';
import { escapeHtml } from './plaintext.js';

/** At most this many images of one article are kept; the rest keep their remote URL. */
export const MAX_IMAGES = 200;

export interface ImageSlots {
  nonce: string;
  /** Remote URL of each slot, in document order. */
  urls: string[];
}

/** Random once per thread; with a counter each page's nonce is new and still unguessable by a page. */
const NONCE_PREFIX = randomBytes(8).toString('hex');
let nonceCount = 0;

export function markImages(body: HTMLElement): ImageSlots {
  const nonce = `${NONCE_PREFIX}${(nonceCount++).toString(36)}`;
  const urls: string[] = [];
  for (const img of Array.from(body.getElementsByTagName('img'))) {
    const src = img.getAttribute('src');
    if (!src) continue;
    img.setAttribute('src', `tidings-slot-${nonce}-${urls.length}`);
    urls.push(src);
  }
  return { nonce, urls };
}

/**
 * Fill every slot: `local.get(url)` is the local reference (`tidings-asset:<name>`) of a
 * downloaded image; any other image keeps its remote URL.
 */
export function fillImages(html: string, slots: ImageSlots, local: ReadonlyMap<string, string>): string {
  if (slots.urls.length === 0) return html;
  const pattern = new RegExp(`tidings-slot-${slots.nonce}-(\\d+)`, 'g');
  return html.replace(pattern, (_match, index: string) => {
    const url = slots.urls[Number(index)] ?? '';
    return escapeHtml(local.get(url) ?? url);
  });
}

/** Where each image's remote URL sits in stored HTML, to be replaced later by its local copy. */
export interface PlacedImages {
  /** Offset and length of each slot's value in the HTML, pairs in a flat list, in document order. */
  at: number[];
  /** The remote URL of each slot (the same URL may fill several slots). */
  urls: string[];
}

/**
 * Fill every slot with its remote URL (escaped), and say where each one went: the article is
 * stored at once, its images downloaded afterwards (src/archive/images.ts) and put in place by
 * offset with placeImages, never by searching the HTML (a page's text may quote any markup).
 * Only http(s) URLs are placed for later; others (data:, file:) are filled and left alone.
 */
export function fillRemote(html: string, slots: ImageSlots): { html: string } & PlacedImages {
  const at: number[] = [];
  const urls: string[] = [];
  if (slots.urls.length === 0) return { html, at, urls };
  const pattern = new RegExp(`tidings-slot-${slots.nonce}-(\\d+)`, 'g');
  let out = '';
  let last = 0;
  for (const match of html.matchAll(pattern)) {
    const url = slots.urls[Number(match[1])] ?? '';
    const value = escapeHtml(url);
    out += html.slice(last, match.index);
    if (/^https?:/i.test(url) && urls.length < MAX_IMAGES) {
      at.push(out.length, value.length);
      urls.push(url);
    }
    out += value;
    last = match.index + match[0].length;
  }
  return { html: out + html.slice(last), at, urls };
}

/**
 * Put local copies in place in HTML stored by fillRemote. `local` maps a remote URL to its
 * local reference; a slot whose URL has none keeps the remote URL and is placed again (its new
 * offset returned) when `keep(url)` says it will be tried later. Null when the HTML is not the
 * one the places were taken in (a slot does not hold its URL): nothing may be changed then.
 */
export function placeImages(
  html: string,
  placed: PlacedImages,
  local: ReadonlyMap<string, string>,
  keep: (url: string) => boolean,
): ({ html: string } & PlacedImages) | null {
  // Places from a damaged record (another device's journal, a hand edit) change nothing.
  if (placed.at.length !== 2 * placed.urls.length) return null;
  const rest: PlacedImages = { at: [], urls: [] };
  let out = '';
  let last = 0;
  for (let i = 0; i < placed.urls.length; i++) {
    const offset = placed.at[2 * i]!;
    const length = placed.at[2 * i + 1]!;
    const url = placed.urls[i]!;
    if (offset < last || html.slice(offset, offset + length) !== escapeHtml(url)) return null;
    out += html.slice(last, offset);
    const copy = local.get(url);
    const value = copy === undefined ? escapeHtml(url) : escapeHtml(copy);
    if (copy === undefined && keep(url)) {
      rest.at.push(out.length, value.length);
      rest.urls.push(url);
    }
    out += value;
    last = offset + length;
  }
  return { html: out + html.slice(last), ...rest };
}
