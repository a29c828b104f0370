// The last step before storage: DOMPurify on a jsdom window (its supported host; never on
// linkedom), with an allow list. What is left is text, structure, links and images:
// no scripts, event handlers, forms, frames, embeds, meta/base/link, style (of any kind),
// SVG or MathML, data-/aria- attributes; links are http(s)/mailto only and images http(s) only
// (plus file: for a local file's own images, which the image step reads or drops), resolved
// against the page URL. Article HTML is small, so one reused window does it fast.

import { createRequire } from 'node:module';
import createDOMPurify, { type Config, type DOMPurify } from 'dompurify';
import type * as Jsdom from 'jsdom';
import { fastTextAppends } from './jsdom-text.js';
import { fixLazyImage } from './lazy-images.js';

const ALLOWED_TAGS = [
  'a', 'abbr', 'address', 'article', 'aside', 'b', 'bdi', 'bdo', 'blockquote', 'br', 'caption', 'cite', 'code',
  'col', 'colgroup', 'dd', 'del', 'details', 'dfn', 'div', 'dl', 'dt', 'em', 'figcaption', 'figure', 'footer',
  'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'i', 'img', 'ins', 'kbd', 'li', 'main', 'mark', 'ol', 'p',
  'pre', 'q', 'rp', 'rt', 'ruby', 's', 'samp', 'section', 'small', 'span', 'strong', 'sub', 'summary', 'sup',
  'table', 'tbody', 'td', 'tfoot', 'th', 'thead', 'time', 'tr', 'u', 'ul', 'var', 'wbr',
];
export const ALLOWED_ATTR = [
  'href', 'src', 'srcset', 'alt', 'title', 'width', 'height', 'colspan', 'rowspan', 'headers', 'scope', 'datetime',
  'cite', 'lang', 'dir', 'start', 'reversed', 'abbr', 'open',
];
const CONFIG: Config & { RETURN_DOM: true } = {
  ALLOWED_TAGS,
  ALLOWED_ATTR,
  ALLOWED_NAMESPACES: ['http://www.w3.org/1999/xhtml'],
  // http(s), mailto, or a relative reference (resolved against the page URL below, then checked again).
  ALLOWED_URI_REGEXP: /^(?:(?:https?|mailto):|[^a-z]|[a-z+.-]+(?:[^a-z+.\-:]|$))/i,
  ALLOW_DATA_ATTR: false,
  ALLOW_ARIA_ATTR: false,
  ALLOW_UNKNOWN_PROTOCOLS: false,
  ALLOW_SELF_CLOSE_IN_ATTR: false,
  SAFE_FOR_XML: true,
  WHOLE_DOCUMENT: false,
  RETURN_DOM: true,
  // DOMPurify walks from the parsed <body>, which is not an allowed tag: it removes it and, to
  // keep a removed element's content, first copies the whole content (deep clones) next to it,
  // clones nobody uses (the walk goes on in the body it returns). A quarter of the time of a
  // feed item. Dropping a disallowed body's content instead skips that copy and nothing else:
  // the HTML parser never puts a <body> anywhere but at that root.
  ADD_FORBID_CONTENTS: ['body'],
};
/** For a local file: file: URLs pass DOMPurify too; resolveUrls keeps them on images only. */
const FILE_CONFIG: typeof CONFIG = { ...CONFIG, ALLOWED_URI_REGEXP: /^(?:(?:https?|mailto|file):|[^a-z]|[a-z+.-]+(?:[^a-z+.\-:]|$))/i };
const URL_ATTRS = new Map(Object.entries({ a: ['href'], img: ['src'], blockquote: ['cite'], q: ['cite'], del: ['cite'], ins: ['cite'] }));
const LINK_SCHEMES = new Set(['http:', 'https:', 'mailto:']);
const IMAGE_SCHEMES = new Set(['http:', 'https:']);
/** A local HTML file's own images (file:) are kept until the offline-image step reads or drops them. */
const FILE_IMAGE_SCHEMES = new Set(['http:', 'https:', 'file:']);

/**
 * jsdom is loaded on the first sanitize, not with this module: it is most of the time a process
 * takes to start (a second of two), and a command that lists or searches never sanitizes.
 */
function loadJsdom(): typeof Jsdom {
  return createRequire(import.meta.url)('jsdom') as typeof Jsdom;
}

type Purifier = { purify: DOMPurify; document: Document };
/** One DOMPurify per config, each parsed once (setConfig): parsing it on every call cost a third. */
const purifiers = new Map<Config, Purifier>();
let jsdomWindow: Window | null = null;
/** Where the URL hook resolves against, for the length of one (synchronous) sanitize call. */
type UrlContext = { baseUrl: string | null; imageSchemes: Set<string>; noImage: Element[] };
let urls: UrlContext | null = null;

/** DOMPurify bound to one jsdom window per thread (no scripts, no resources, no console), set to `config`. */
function getPurifier(config: Config): Purifier {
  let purifier = purifiers.get(config);
  if (!purifier) {
    // jsdom first: its internals, patched by fastTextAppends, load in their own order through it.
    const { JSDOM, VirtualConsole } = loadJsdom();
    fastTextAppends();
    jsdomWindow ??= new JSDOM('<!doctype html><html><body></body></html>', { virtualConsole: new VirtualConsole() }).window as unknown as Window;
    const purify = createDOMPurify(jsdomWindow as unknown as Parameters<typeof createDOMPurify>[0]);
    purify.setConfig(config);
    // Lazy-loaded images into place while their data-src is still there (DOMPurify drops data-*
    // just after): a feed item is then parsed once, by the sanitizer. The src it gets is
    // checked by DOMPurify like any other.
    purify.addHook('beforeSanitizeAttributes', (node) => {
      if (node.nodeName === 'IMG') fixLazyImage(node as Element);
    });
    // Each kept element's URLs resolved as DOMPurify visits it (once more over the tree for
    // each URL tag cost a tenth of a feed item).
    purify.addHook('afterSanitizeAttributes', (node) => {
      if (urls) resolveUrls(node as Element, urls);
    });
    purifier = { purify, document: jsdomWindow.document };
    purifiers.set(config, purifier);
  }
  return purifier;
}

/**
 * Load jsdom and build the sanitizer now. The extraction worker does it before it says it is
 * ready: a job's time limit starts at ready, and should not pay for loading a library.
 */
export function prepareSanitizer(): void {
  getPurifier(CONFIG);
}

/**
 * Sanitize untrusted HTML. Returns the cleaned <body> element (in jsdom) for the steps that
 * follow (images, text); serialize it with `.innerHTML`. Lazy-loaded images are put in place.
 */
export function sanitizeHtml(html: string, baseUrl: string | null): HTMLElement {
  const local = baseUrl?.startsWith('file:') ?? false;
  const { purify, document } = getPurifier(local ? FILE_CONFIG : CONFIG);
  const context: UrlContext = { baseUrl, imageSchemes: local ? FILE_IMAGE_SCHEMES : IMAGE_SCHEMES, noImage: [] };
  let body: HTMLElement | null;
  urls = context;
  try {
    body = purify.sanitize(html) as unknown as HTMLElement | null;
  } finally {
    urls = null;
  }
  // An image left with no http(s) source goes (after the walk: removing it in the hook would
  // pull the node from under DOMPurify's iterator).
  for (const img of context.noImage) img.remove();
  // A document that parses without a <body> (a <frameset>) comes back as null: nothing kept.
  return body ?? document.createElement('body');
}

/**
 * Make an element's URLs absolute; drop what is not http(s)/mailto (links) or http(s)
 * (images); an image keeps the best of its srcset as its src, or is marked to go.
 */
function resolveUrls(el: Element, { baseUrl, imageSchemes, noImage }: UrlContext): void {
  const tag = el.localName;
  const attrs = URL_ATTRS.get(tag);
  if (!attrs) return;
  for (const attr of attrs) {
    const value = el.getAttribute(attr);
    if (value === null) continue;
    const url = absolute(value, baseUrl, tag === 'img' ? imageSchemes : LINK_SCHEMES);
    if (url) el.setAttribute(attr, url);
    else el.removeAttribute(attr);
  }
  if (tag !== 'img') return;
  const srcset = el.getAttribute('srcset');
  el.removeAttribute('srcset');
  const best = srcset ? bestCandidate(srcset, baseUrl, imageSchemes) : null;
  if (best) el.setAttribute('src', best);
  if (!el.getAttribute('src')) noImage.push(el);
}

function absolute(value: string, baseUrl: string | null, schemes: Set<string>): string | null {
  const trimmed = value.trim();
  if (trimmed.startsWith('#')) return trimmed;
  try {
    const url = baseUrl ? new URL(trimmed, baseUrl) : new URL(trimmed);
    return schemes.has(url.protocol) ? url.href : null;
  } catch {
    return null;
  }
}

const SPACE = /\s/;

/**
 * The candidates of a srcset, split where /,\s+|,(?=\S+\s)/ split them: at a comma followed by
 * spaces (which go with it), or at a comma followed by a word that a space ends (a comma inside
 * a URL is kept). A scan: the pattern's lookahead re-read the rest of the text from every comma
 * (24 s for a srcset of 100,000 commas).
 */
export function splitSrcset(srcset: string): string[] {
  const parts: string[] = [];
  let start = 0;
  // The first space at or after the last place looked from; srcset.length when there is none.
  let nextSpace = -1;
  for (let comma = srcset.indexOf(','); comma !== -1; comma = srcset.indexOf(',', comma + 1)) {
    const after = comma + 1;
    if (after >= srcset.length) break;
    if (SPACE.test(srcset[after]!)) {
      let end = after;
      while (end < srcset.length && SPACE.test(srcset[end]!)) end++;
      parts.push(srcset.slice(start, comma));
      start = end;
      comma = end - 1;
      continue;
    }
    if (nextSpace < after) nextSpace = firstSpace(srcset, after);
    if (nextSpace < srcset.length) {
      parts.push(srcset.slice(start, comma));
      start = after;
    }
  }
  parts.push(srcset.slice(start));
  return parts;
}

function firstSpace(text: string, from: number): number {
  let at = from;
  while (at < text.length && !SPACE.test(text[at]!)) at++;
  return at;
}

/** The widest (or densest) http(s) candidate of a srcset. */
export function bestCandidate(srcset: string, baseUrl: string | null, schemes: Set<string> = IMAGE_SCHEMES): string | null {
  let best: { url: string; size: number } | null = null;
  for (const candidate of splitSrcset(srcset)) {
    const [raw, descriptor] = candidate.trim().split(/\s+/);
    if (!raw) continue;
    const url = absolute(raw, baseUrl, schemes);
    if (!url) continue;
    const size = descriptor ? Number.parseFloat(descriptor) * (descriptor.endsWith('x') ? 1000 : 1) : 1;
    if (!best || (Number.isFinite(size) && size > best.size)) best = { url, size: Number.isFinite(size) ? size : 1 };
  }
  return best?.url ?? null;
}
