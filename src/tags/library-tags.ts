// Tags across the whole library: counts, rename, merge, delete, and suggestions from the
// categories feeds gave. Functions over article records; the archive part stores the result.

import type { ArticleRecord } from '../model/index.js';
import { normalizeTag, tagKey } from './normalize.js';

export interface TagCount {
  name: string;
  count: number;
}

/** Every tag in use with how many articles carry it; most used first, then by name. */
export function countTags(articles: Iterable<ArticleRecord>): TagCount[] {
  const counts = new Map<string, TagCount>();
  for (const article of articles) {
    for (const tag of article.tags) {
      const key = tagKey(tag);
      const entry = counts.get(key);
      if (entry) entry.count++;
      else counts.set(key, { name: tag, count: 1 });
    }
  }
  return [...counts.values()].sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
}

/**
 * Replace every tag in `from` (compared without case) by `into` on one article. Renaming is
 * merging one tag; merging onto a tag the article already has leaves one copy. Returns the new
 * tag list, or null when the article has none of `from` (or nothing changes).
 */
export function replaceTags(tags: readonly string[], from: readonly string[], into: string): string[] | null {
  const fromKeys = new Set(from.map(tagKey));
  if (!tags.some((t) => fromKeys.has(tagKey(t)))) return null;
  const out: string[] = [];
  const seen = new Set<string>();
  for (const tag of tags) {
    const next = fromKeys.has(tagKey(tag)) ? into : tag;
    const key = tagKey(next);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(next);
  }
  return out.length === tags.length && out.every((t, i) => t === tags[i]) ? null : out;
}

/**
 * Tags to offer for an article: the categories its feed gave it, spelled as the library
 * already spells them when it has them, without those the article already carries.
 */
export function suggestTags(article: ArticleRecord, library: readonly TagCount[]): string[] {
  const known = new Map(library.map((t) => [tagKey(t.name), t.name]));
  const has = new Set(article.tags.map(tagKey));
  const out = new Map<string, string>();
  for (const raw of article.suggestedTags) {
    let tag: string;
    try {
      tag = normalizeTag(raw);
    } catch {
      continue; // a category that cannot be a tag (empty, too long) is no suggestion
    }
    const key = tagKey(tag);
    if (!has.has(key) && !out.has(key)) out.set(key, known.get(key) ?? tag);
  }
  return [...out.values()];
}
