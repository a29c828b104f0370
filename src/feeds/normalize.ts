// Small, defensive conversions shared by the format adapters: dates, text, URLs, categories.

import { shortHash } from '../model/identity.js';

/**
 * Already in the form toISOString gives (rss-parser's isoDate is), a day every month has: taken
 * as it is. Days 29-31 take the long way, where Date rolls a 30 February over as toISOString would.
 */
const CANONICAL_ISO = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|1\d|2[0-8])T([01]\d|2[0-3]):[0-5]\d:[0-5]\d\.\d{3}Z$/;

/** ISO date or null: a bad date never fails a feed. */
export function parseDate(value: unknown): string | null {
  if (typeof value !== 'string' && typeof value !== 'number') return null;
  if (typeof value === 'string' && CANONICAL_ISO.test(value) && value >= '1970') return value;
  const text = String(value).trim();
  if (text === '') return null;
  const time = Date.parse(text);
  if (Number.isNaN(time)) return null;
  const year = new Date(time).getUTCFullYear();
  return year < 1970 || year > 9999 ? null : new Date(time).toISOString();
}

/** Plain one-line text from a value that may be HTML or an xml2js node. */
export function plainText(value: unknown): string {
  const text = typeof value === 'string' ? value : textOf(value);
  // Most titles and categories have no markup, no entity and single spaces: nothing to undo.
  const plain = text.includes('<') || text.includes('&') ? decodeEntities(text.replace(/<[^>]*>/g, ' ')) : text;
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

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
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
  return names.filter((name) => {
    const key = name.toLowerCase();
    if (!name || name.length > 100 || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export function fallbackKey(title: string, published: string | null, content: string | null): string {
  return `tidings:${shortHash(`${title}\n${published ?? ''}\n${content ?? ''}`)}`;
}

export function nonEmpty(value: unknown): string | null {
  const text = textOf(value).trim();
  return text === '' ? null : text;
}
