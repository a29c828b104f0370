// Relative URLs in an item's body resolved against the xml:base in force on it. The body is
// cleaned later against the item's link (src/extract/sanitize.ts), which is right for a body
// that names its images relative to the article's page, but wrong when the feed said, with
// xml:base, what they are relative to. Only tags that carry a relative URL are rewritten.

import { escapeAttribute, scanTags } from './markup.js';

const URL_ATTRIBUTES = new Set(['href', 'src', 'poster', 'cite', 'action']);

export function resolveBodyUrls(html: string, base: string): string {
  let out = '';
  let last = 0;
  scanTags(
    html,
    (tag) => {
      if (tag.closing) return;
      const entries = Object.entries(tag.attrs);
      if (!entries.some(([name, value]) => URL_ATTRIBUTES.has(name) && isRelative(value))) return;
      const attrs = entries.map(([name, value]) => ` ${name}="${escapeAttribute(URL_ATTRIBUTES.has(name) ? resolved(value, base) : value)}"`).join('');
      out += `${html.slice(last, tag.start)}<${tag.name}${attrs}${tag.selfClosing ? ' /' : ''}>`;
      last = tag.end;
    },
    { html: true },
  );
  return last === 0 ? html : out + html.slice(last);
}

function isRelative(value: string): boolean {
  return value !== '' && !/^[a-z][a-z0-9+.-]*:/i.test(value) && !value.startsWith('#');
}

function resolved(value: string, base: string): string {
  if (!isRelative(value)) return value;
  try {
    return new URL(value, base).href;
  } catch {
    return value;
  }
}
