// The fast DOM for the Readability pass: linkedom, behind this one module so it can be swapped
// back to jsdom if it ever stops matching (see docs/extraction-fidelity.md for the measurement).
// linkedom has no document URL, so the page URL goes in as a <base> element: Readability then
// resolves relative links and image sources against it exactly as it would with jsdom's `url`.
// Never sanitize with this DOM: DOMPurify runs on jsdom (sanitize.ts).

import { parseHTML } from 'linkedom';

/** A parsed page. Typed loosely on purpose: linkedom implements the DOM, not lib.dom's types. */
export type PageDocument = Document;

export function parsePage(html: string, url: string | null): PageDocument {
  const lean = withoutScriptsAndStyles(html);
  const { document } = parseHTML(url ? withBase(lean, url) : lean);
  return document as unknown as PageDocument;
}

/**
 * Scripts and style sheets out of the page text before parsing: Readability drops them
 * anyway, and they are often most of a page's bytes. JSON-LD stays (Readability reads its
 * metadata). One pass, linear: an unclosed element ends the stripping, keeping the rest.
 */
export function withoutScriptsAndStyles(html: string): string {
  const opener = /<(script|style)\b[^>]{0,2000}>/gi;
  const parts: string[] = [];
  let kept = 0;
  let match: RegExpExecArray | null;
  while ((match = opener.exec(html)) !== null) {
    const tag = match[1]!.toLowerCase();
    const closer = new RegExp(`</${tag}\\s*>`, 'gi');
    closer.lastIndex = opener.lastIndex;
    const close = closer.exec(html);
    if (!close) break;
    opener.lastIndex = closer.lastIndex;
    if (tag === 'script' && /type\s*=\s*["']?application\/(ld\+)?json/i.test(match[0])) continue;
    parts.push(html.slice(kept, match.index));
    kept = closer.lastIndex;
  }
  parts.push(html.slice(kept));
  return parts.join('');
}

/** Put `<base href=url>` first in <head>, or keep the page's own <base> resolved against url. */
function withBase(html: string, url: string): string {
  const own = /<base\s[^>]*href\s*=\s*["']?([^"'\s>]+)/i.exec(html)?.[1];
  const href = resolveOrNull(own ? decodeEntities(own) : null, url) ?? url;
  const tag = `<base href="${href.replace(/"/g, '&quot;')}">`;
  const head = /<head(\s[^>]*)?>/i.exec(html);
  if (head) return `${html.slice(0, head.index + head[0].length)}${tag}${html.slice(head.index + head[0].length)}`;
  return `<head>${tag}</head>${html}`;
}

/** The page's own <base>, resolved; only an http(s) or file base counts (never javascript: and the like). */
function resolveOrNull(href: string | null, base: string): string | null {
  if (!href) return null;
  try {
    const url = new URL(href, base);
    return ['http:', 'https:', 'file:'].includes(url.protocol) ? url.href : null;
  } catch {
    return null;
  }
}

function decodeEntities(text: string): string {
  return text.replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#39;/g, "'");
}
