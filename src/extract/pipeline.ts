// The DOM steps of extraction, in their order. They run inside a worker thread (worker.ts):
//   1. parse the page with the fast DOM, the page URL as its base (dom.ts)
//   2. lazy-loaded images into place (lazy-images.ts; the sanitizer does it again, a no-op here,
//      and it is the only place it happens for a feed item's HTML: see cleanFragment)
//   3. hints from <head> before Readability changes the page (metadata.ts)
//   4. Readability: the article out of the page (readable.ts), pre-cleaned in the fast DOM
//      so the sanitizer has less to build (preclean.ts; an optimisation, not a safety step)
//   5. sanitize with DOMPurify on jsdom: the LAST change to the HTML's content (sanitize.ts)
//   6. image slots for the offline-image step that follows in the main thread (image-slots.ts)
//   7. plain text and metadata from the sanitized article (text.ts, metadata.ts)
// Decoding comes before (decode.ts) and offline images after (images.ts); index.ts runs it all.

import { parsePage } from './dom.js';
import { countWords } from './plaintext.js';
import { type ImageSlots, markImages } from './image-slots.js';
import { fixLazyImages } from './lazy-images.js';
import { precleanTree } from './preclean.js';
import { type ArticleMetadata, buildMetadata, readHints } from './metadata.js';
import { readArticle } from './readable.js';
import { sanitizeHtml } from './sanitize.js';
import { htmlToText } from './text.js';

export interface ExtractedPage {
  /** Readability found an article; when false, `html`/`text` hold what little the page had. */
  readable: boolean;
  /** Why the page could not be read, when `readable` is false. */
  reason: string | null;
  meta: ArticleMetadata;
  /** Sanitized HTML with image slots still to fill (fillImages). */
  html: string;
  text: string;
  images: ImageSlots;
}

export interface CleanedFragment {
  html: string;
  text: string;
  wordCount: number;
  images: ImageSlots;
}

export function extractPage(html: string, url: string | null): ExtractedPage {
  const doc = parsePage(html, url);
  fixLazyImages(doc);
  const hints = readHints(doc, url);
  const article = readArticle(doc, (el) => precleanTree(el, url));
  if (!article) {
    const meta = buildMetadata({ article: null, hints, text: '', url, firstImage: null });
    return { readable: false, reason: 'Readability found no article in the page', meta, html: '', text: '', images: { nonce: '', urls: [] } };
  }
  const body = sanitizeHtml(article.content, url);
  const images = markImages(body);
  const text = htmlToText(body);
  const meta = buildMetadata({ article, hints, text, url, firstImage: images.urls[0] ?? null });
  if (!text.trim()) return { readable: false, reason: 'the article has no text once cleaned', meta, html: '', text: '', images: { nonce: '', urls: [] } };
  return { readable: true, reason: null, meta, html: body.innerHTML, text, images };
}

/**
 * Feed-supplied HTML (an item's content): no Readability, the same sanitizer, which also puts
 * lazy-loaded images in place. Parsed once, by the sanitizer's jsdom: thousands of items come
 * in one refresh, and a fast-DOM pass first only to fix images cost more than it saved.
 */
export function cleanFragment(html: string, baseUrl: string | null): CleanedFragment {
  const body = sanitizeHtml(html, baseUrl);
  const images = markImages(body);
  const text = htmlToText(body);
  return { html: body.innerHTML, text, wordCount: countWords(text), images };
}
