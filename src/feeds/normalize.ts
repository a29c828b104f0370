// Small, defensive conversions shared by the format adapters: dates, text, URLs, categories.

import { CAPS, capList, capOptional, capText, capUrl, shortHash } from '../model/index.js';
import type { ParsedFeed, ParsedItem } from './model.js';
import { parseDateMs } from './dates.js';
import { decodeEntities, stripTags } from './markup.js';

/**
 * ISO date or null: a bad date never fails a feed, and no date is invented (dates.ts has the
 * rules). A number is a Unix timestamp (JSON feeds). `now` is for tests: a date more than a
 * day ahead of it is not a publication date.
 */
export function parseDate(value: unknown, now: number = Date.now()): string | null {
  if (typeof value === 'number') return Number.isSafeInteger(value) && value >= 0 ? isoOf(parseDateMs(String(value), now)) : null;
  return typeof value === 'string' ? isoOf(parseDateMs(value, now)) : null;
}

const isoOf = (time: number | null): string | null => (time === null ? null : new Date(time).toISOString());

/** Plain one-line text from a value that may be HTML or an xml2js node. */
export function plainText(value: unknown): string {
  const text = typeof value === 'string' ? value : textOf(value);
  // Most titles and categories have no markup, no entity and single spaces: nothing to undo.
  // stripTags, not /<[^>]*>/: that pattern retries from every '<' of a title made of '<' alone.
  const plain = text.includes('<') || text.includes('&') ? decodeEntities(stripTags(text)) : text;
  return /\s\s|[^\S ]/.test(plain) ? plain.replace(/\s+/g, ' ').trim() : plain.trim();
}

/** The string inside an xml2js node (`"x"`, `{ _: "x" }`), or ''. */
export function textOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) return textOf(value[0]);
  if (value && typeof value === 'object' && '_' in value) return textOf((value as { _: unknown })._);
  return '';
}

/** An absolute http(s) URL resolved against `base`, or null. */
export function absoluteUrl(value: unknown, base: string | null): string | null {
  const text = textOf(value).trim();
  if (!text) return null;
  try {
    const url = base ? new URL(text, base) : new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

/** Category names from whatever shape the parser gave (strings, `{_}`, Atom `{$:{term}}`), deduplicated. */
export function categoryNames(values: unknown): string[] {
  const list = Array.isArray(values) ? values : values === undefined || values === null ? [] : [values];
  const names = list.map((value) => {
    if (value && typeof value === 'object' && '$' in value) {
      const attrs = (value as { $: Record<string, unknown> }).$;
      const name = textOf(value) || textOf(attrs.label) || textOf(attrs.term);
      return plainText(name);
    }
    return plainText(value);
  });
  const seen = new Set<string>();
  const kept: string[] = [];
  for (const name of names) {
    const key = name.toLowerCase();
    // Names over 100 characters are sentences, not categories: dropped rather than cut.
    if (!name || name.length > 100 || seen.has(key)) continue;
    seen.add(key);
    kept.push(name);
    if (kept.length >= CAPS.categories) break;
  }
  return kept;
}

/**
 * The field caps (model/caps.ts) applied to one parsed item, whatever its format: one hostile
 * item must not add megabytes to library.json. Content and summary are not capped here: they
 * are cleaned into articles/<id>.html, not kept in the record.
 */
function capItem(item: ParsedItem): ParsedItem {
  return {
    ...item,
    guid: capOptional(item.guid, CAPS.guid),
    link: capUrl(item.link),
    title: capText(item.title, CAPS.title),
    author: capOptional(item.author, CAPS.author),
    ...(item.authors ? { authors: capList(item.authors, CAPS.categories, CAPS.author) } : {}),
    categories: capList(item.categories, CAPS.categories, CAPS.category),
    enclosures: item.enclosures.filter((e) => capUrl(e.url) !== null).slice(0, CAPS.enclosures).map((e) => ({ ...e, type: capOptional(e.type, CAPS.mimeType) })),
  };
}

export function capFeed(feed: ParsedFeed): ParsedFeed {
  return { ...feed, title: capOptional(feed.title, CAPS.title), siteUrl: capUrl(feed.siteUrl), items: feed.items.map(capItem) };
}

export function fallbackKey(title: string, published: string | null, content: string | null): string {
  return `tidings:${shortHash(`${title}\n${published ?? ''}\n${content ?? ''}`)}`;
}

export function nonEmpty(value: unknown): string | null {
  const text = textOf(value).trim();
  return text === '' ? null : text;
}
