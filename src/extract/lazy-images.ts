// Lazy-loaded images into place before Readability sees the page: pages ship a placeholder in
// `src` and the real image in `data-src` / `data-srcset` (or `data-original`, `data-lazy-src`).

const SRC_ATTRS = ['data-src', 'data-original', 'data-lazy-src', 'data-actualsrc', 'data-url'];
const SRCSET_ATTRS = ['data-srcset', 'data-lazy-srcset'];
/** A data: URL this short is a placeholder pixel, not a picture. */
const PLACEHOLDER_MAX = 200;

export function fixLazyImages(doc: Document): void {
  for (const img of Array.from(doc.querySelectorAll('img, source'))) fixLazyImage(img);
}

/**
 * One <img> or <source>. The sanitizer also calls this on each <img> it keeps, before it drops
 * the data- attributes: a feed item's images are fixed on the one tree it parses. Idempotent.
 */
export function fixLazyImage(img: Element): void {
  const isImg = img.tagName.toLowerCase() === 'img';
  if (isImg && isPlaceholder(img.getAttribute('src')) && !firstAttr(img, SRC_ATTRS)) promoteSrcset(img);
  const src = firstAttr(img, SRC_ATTRS);
  // A lazy loader would swap data-src in whatever src holds (a pixel, a blurred thumbnail).
  if (src && isImg) img.setAttribute('src', src);
  const srcset = firstAttr(img, SRCSET_ATTRS);
  if (srcset && !img.getAttribute('srcset')) img.setAttribute('srcset', srcset);
}

function firstAttr(el: Element, names: string[]): string | null {
  for (const name of names) {
    const value = el.getAttribute(name)?.trim();
    if (value && !value.startsWith('data:')) return value;
  }
  return null;
}

/** An <img> with only a srcset (or only a data-srcset) gets its first candidate as src. */
function promoteSrcset(img: Element): void {
  const srcset = img.getAttribute('srcset') ?? firstAttr(img, SRCSET_ATTRS);
  const first = srcset?.trim().split(/\s+/)[0];
  if (first && !first.startsWith('data:')) img.setAttribute('src', first.replace(/,$/, ''));
}

function isPlaceholder(src: string | null): boolean {
  if (!src || !src.trim()) return true;
  const value = src.trim();
  return value.startsWith('data:') && value.length < PLACEHOLDER_MAX;
}
