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
