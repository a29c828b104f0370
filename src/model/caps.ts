// Field caps: the most of each untrusted text field we keep in a record. library.json is
// rewritten on every change, so one hostile feed item with a 5 MB title or 10,000 categories
// would slow every later write; no real title, guid or author comes near these numbers.

export const CAPS = {
  title: 1_000,
  guid: 2_000,
  /** Longer URLs are dropped rather than cut: a cut URL points somewhere else. */
  url: 8_000,
  author: 500,
  category: 200,
  categories: 100,
  enclosures: 50,
  mimeType: 200,
  excerpt: 1_000,
  siteName: 500,
} as const;

/**
 * `text` cut to at most `max` UTF-16 units, never inside a surrogate pair: half a pair is not
 * a character, JSON.stringify writes it as a lone "\udxxx" escape and other readers of
 * library.json may refuse or mangle it. The cut is deterministic, so an id made from a capped
 * guid is the same on every refresh.
 */
export function capText(text: string, max: number): string {
  if (text.length <= max) return text;
  const last = text.charCodeAt(max - 1);
  // A high surrogate as the last unit kept would be the first half of a pair: leave it out.
  const end = last >= 0xd800 && last <= 0xdbff ? max - 1 : max;
  return text.slice(0, end);
}

/** Like capText for a value that may be null. */
export function capOptional(text: string | null, max: number): string | null {
  return text === null ? null : capText(text, max);
}

/** A URL kept whole or not at all (null when longer than the cap). */
export function capUrl(url: string | null): string | null {
  return url !== null && url.length > CAPS.url ? null : url;
}

/** At most `max` items, each capped to `each` characters (empty ones dropped). */
export function capList(values: string[], max: number, each: number): string[] {
  const kept: string[] = [];
  for (const value of values) {
    if (kept.length >= max) break;
    const capped = capText(value, each);
    if (capped) kept.push(capped);
  }
  return kept;
}
