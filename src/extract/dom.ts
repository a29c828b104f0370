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
  const openers = scriptAndStyleOpeners(html);
  const parts: string[] = [];
  let kept = 0;
  let match: Opener | null;
  let from = 0;
  while ((match = openers(from)) !== null) {
    const closer = new RegExp(`</${match.tag}\\s*>`, 'gi');
    closer.lastIndex = match.end;
    const close = closer.exec(html);
    if (!close) break;
    from = closer.lastIndex;
    if (match.tag === 'script' && /type\s*=\s*["']?application\/(ld\+)?json/i.test(html.slice(match.index, match.end))) continue;
    parts.push(html.slice(kept, match.index));
    kept = closer.lastIndex;
  }
  parts.push(html.slice(kept));
  return parts.join('');
}

interface Opener {
  tag: 'script' | 'style';
  index: number;
  end: number;
}

/** Opening tags no longer than this are stripped; a longer one is left to the parser. */
const OPENER_MAX = 2000;

/**
 * The <script> and <style> opening tags that /<(script|style)\b[^>]{0,2000}>/gi found, from
 * a position that only moves forward. The pattern re-read up to 2,000 characters from every
 * '<script ' with no '>' (8 s for 5 MB); here the next '>' is looked up once and remembered.
 */
function scriptAndStyleOpeners(html: string): (from: number) => Opener | null {
  const name = /<(script|style)\b/gi;
  let nextClose = -1; // the first '>' at or after the last place looked from; html.length when none
  return (from) => {
    name.lastIndex = from;
    let match: RegExpExecArray | null;
    while ((match = name.exec(html)) !== null) {
      const after = name.lastIndex;
      if (nextClose < after) {
        const close = html.indexOf('>', after);
        nextClose = close === -1 ? html.length : close;
      }
      if (nextClose === html.length) return null;
      if (nextClose - after <= OPENER_MAX) return { tag: match[1]!.toLowerCase() as Opener['tag'], index: match.index, end: nextClose + 1 };
    }
    return null;
  };
}

/** Put `<base href=url>` first in <head>, or keep the page's own <base> resolved against url. */
export function withBase(html: string, url: string): string {
  const own = ownBaseHref(html);
  const href = resolveOrNull(own ? decodeEntities(own) : null, url) ?? url;
  const tag = `<base href="${href.replace(/"/g, '&quot;')}">`;
  const end = headOpenTagEnd(html);
  if (end !== -1) return `${html.slice(0, end)}${tag}${html.slice(end)}`;
  return `<head>${tag}</head>${html}`;
}

/**
 * The href of the first <base> tag that has one (its last href, as the old single pattern
 * /<base\s[^>]*href\s*=\s*["']?([^"'\s>]+)/i found it). Tag by tag: that pattern re-read the
 * rest of the page from every '<base ' when no '>' closed it (2 s for 100 KB). A tag without
 * an href is skipped whole, since no <base inside it can have one either.
 */
export function ownBaseHref(html: string): string | undefined {
  const opener = /<base\s/gi;
  let tag: RegExpExecArray | null;
  while ((tag = opener.exec(html)) !== null) {
    const close = html.indexOf('>', opener.lastIndex);
    const end = close === -1 ? html.length : close;
    // Anchored on one tag that holds no '>', so it is read once.
    const href = /^<base\s[^>]*href\s*=\s*["']?([^"'\s>]+)/i.exec(html.slice(tag.index, end))?.[1];
    if (href !== undefined) return href;
    if (close === -1) return undefined;
    opener.lastIndex = close + 1;
  }
  return undefined;
}

/**
 * Where the page's first <head> opening tag ends, or -1. Found by its name, then its '>':
 * /<head(\s[^>]*)?>/i re-read the rest of the page from every '<head ' (4 s for 100 KB).
 */
export function headOpenTagEnd(html: string): number {
  const head = /<head(?=[\s>])/i.exec(html);
  if (!head) return -1;
  const close = html.indexOf('>', head.index + head[0].length);
  return close === -1 ? -1 : close + 1;
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
