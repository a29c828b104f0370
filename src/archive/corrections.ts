// Publisher corrections: a feed item already stored whose raw content changed at the source is
// updated in place at the next refresh (feed-items.ts applies it). What is compared is a hash of
// what the feed said (title, content and summary HTML), kept on the article as `rawHash`, so an
// unchanged item costs one hash and no write. Parts that change on every fetch without the
// story changing (HTML comments with a build time, cache-busting query strings on image and
// link URLs) are left out of the hash; an item that still changes at every refresh is updated
// at most MAX_CORRECTIONS times, and the user is told when it stops.

import type { ParsedItem } from '../feeds/index.js';
import { sha256 } from '../model/index.js';
import type { ArticleRecord, Feed, LibraryData } from '../model/index.js';

/** Corrections applied to one article before its later changes are ignored (a feed that rewrites every item). */
export const MAX_CORRECTIONS = 5;

const COMMENTS = /<!--[\s\S]*?(-->|$)/g;
/** The query string and fragment of a URL attribute's value: `?v=1700000000`, `#t=3`. */
const URL_QUERY = /(\b(?:src|href|srcset|poster|data-src|data-srcset)\s*=\s*["']?[^"'\s>?#]*)[?#][^"'\s>]*/gi;

/** The hash of what the feed said of an item, without the parts that change on every fetch. */
export function rawHashOf(item: ParsedItem): string {
  return sha256([item.title, stable(item.contentHtml), stable(item.summary)].join('\n\u0000'));
}

function stable(html: string | null): string {
  if (!html) return '';
  return html.replace(COMMENTS, '').replace(URL_QUERY, '$1').replace(/\s+/g, ' ').trim();
}

/** A stored item of this feed whose raw content changed. */
export interface Correction {
  item: ParsedItem;
  id: string;
  article: ArticleRecord;
  rawHash: string;
  /** This is the last correction applied to it (MAX_CORRECTIONS reached). */
  last: boolean;
}

/**
 * The already stored items of a feed document whose content changed (`corrections`), and those
 * stored before hashes were kept (`baselines`: their hash is recorded, nothing else changes, as
 * what they were stored from is not known). Only this feed's own feed items are looked at; the
 * first of an id given twice in the document counts.
 */
export function findCorrections(
  feed: Feed,
  items: readonly ParsedItem[],
  ids: readonly string[],
  articles: LibraryData['articles'],
): { corrections: Correction[]; baselines: { id: string; rawHash: string }[] } {
  const corrections: Correction[] = [];
  const baselines: { id: string; rawHash: string }[] = [];
  const looked = new Set<string>();
  for (const [i, item] of items.entries()) {
    const id = ids[i]!;
    const article = articles[id];
    if (looked.has(id) || !article || article.source !== 'feed' || article.feedId !== feed.id) continue;
    looked.add(id);
    const rawHash = rawHashOf(item);
    if (article.rawHash === rawHash) continue;
    if (article.rawHash === undefined) baselines.push({ id, rawHash });
    else if ((article.corrections ?? 0) < MAX_CORRECTIONS) {
      corrections.push({ item, id, article, rawHash, last: (article.corrections ?? 0) + 1 === MAX_CORRECTIONS });
    }
  }
  return { corrections, baselines };
}
