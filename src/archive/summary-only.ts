// Summary-only feeds: a feed that carries only a teaser of each article would leave only the
// teaser offline, so its items' pages are queued for Readability extraction. The decision is
// made per FEED from the items of its document (most of them teaser-like), never per item: a
// short news flash in a full-text feed is not fetched. The user may say 'always' or 'never'.

import type { AddFeedOptions, FeedPatch, FullTextMode } from '../api.js';
import { decodeEntities, stripTags } from '../feeds/index.js';
import type { ParsedItem } from '../feeds/index.js';
import type { Feed } from '../model/index.js';

/** Fewer words than this, with no distinct full content, is a teaser (a typical article has hundreds). */
const SHORT_WORDS = 120;
/** A "read more" ending on a text longer than this is more likely an article that ends in an ellipsis. */
const MARKER_MAX_WORDS = 400;
/** More than this share of a document's linked items teaser-like: the feed is summary-only. */
const SUMMARY_ONLY_SHARE = 0.5;

/**
 * Endings of a teaser, in the languages of the feeds people read: "Read more", "Continue
 * reading", "[…]", "...", and their German, French, Portuguese, Polish, Spanish, Italian, Dutch forms.
 */
const READ_MORE = new RegExp(
  String.raw`(\[\s*(…|\.\.\.)\s*\]|…|\.\.\.|\b(read more|read the rest|continue reading|keep reading|read full (story|article)|weiterlesen|mehr lesen|lire la suite|leia mais|continue lendo|czytaj dalej|czytaj więcej|leer más|seguir leyendo|continua a leggere|leggi tutto|lees verder|lees meer))` +
    // What may follow: arrows, dots, and a time in parentheses ("Leia mais (09/24/2018 - 19h22)").
    String.raw`[\s.!:)\]»›→>…]*(\([^()]{1,40}\)\s*)?$`,
  'iu',
);

/** Pages that are a video player, not an article. */
const VIDEO_PAGE = /^https?:\/\/(www\.|m\.)?(youtube\.com\/(watch|shorts)|youtu\.be\/|vimeo\.com\/\d)/i;

/** What the feed's setting says: the old `fetchFullArticle: true` is 'always'; nothing set is 'auto'. */
export function fullTextMode(feed: Pick<Feed, 'fetchFullArticle' | 'fullText'>): FullTextMode {
  return feed.fullText ?? (feed.fetchFullArticle ? 'always' : 'auto');
}

/**
 * Whether the new items of this feed document get their pages extracted: always, never, or
 * (auto) when the document is summary-only.
 */
export function wantsFullText(feed: Feed, items: readonly ParsedItem[]): boolean {
  const mode = fullTextMode(feed);
  if (mode !== 'auto') return mode === 'always';
  return isSummaryOnly(items);
}

/** Most of the items that have a page to fetch are teasers (items without a link do not count). */
export function isSummaryOnly(items: readonly ParsedItem[]): boolean {
  const linked = items.filter((item) => item.link !== null);
  if (linked.length === 0) return false;
  const teasers = linked.filter(isTeaser).length;
  return teasers / linked.length > SUMMARY_ONLY_SHARE;
}

/**
 * Whether one item looks like a teaser: its text ends in "Read more" and the like, or it has no
 * full content of its own (none, or the same as its summary) and is short. A podcast episode
 * (audio or video enclosure) or a video page (YouTube's feeds) is not: its content is the
 * media, and Readability would find no article in a player's page.
 */
export function isTeaser(item: ParsedItem): boolean {
  if (item.enclosures.some((e) => /^(audio|video)\/|shockwave/i.test(e.type ?? ''))) return false;
  if (item.link && VIDEO_PAGE.test(item.link)) return false;
  const summary = plainText(item.summary ?? '');
  const content = plainText(item.contentHtml ?? '');
  // Full content is a second text beside the summary; content alone is judged by its length.
  const distinctContent = content !== '' && summary !== '' && content !== summary;
  const text = distinctContent ? content : summary || content;
  const words = wordCount(text);
  if (words < MARKER_MAX_WORDS && READ_MORE.test(text)) return true;
  if (distinctContent) return false;
  return words < SHORT_WORDS;
}

/**
 * The fields a patch or new subscription sets: `fullText` wins; the old `fetchFullArticle`
 * means 'always' when true and 'never' when false (the user turned it off). `fetchFullArticle`
 * is kept equal to `fullText === 'always'`, for front ends that read only it.
 */
export function fullTextChanges(patch: Pick<FeedPatch | AddFeedOptions, 'fullText' | 'fetchFullArticle'>): Partial<Pick<Feed, 'fullText' | 'fetchFullArticle'>> {
  const mode = patch.fullText ?? (patch.fetchFullArticle === undefined ? undefined : patch.fetchFullArticle ? 'always' : 'never');
  return mode === undefined ? {} : { fullText: mode, fetchFullArticle: mode === 'always' };
}

function plainText(html: string): string {
  return decodeEntities(stripTags(html)).replace(/\s+/g, ' ').trim();
}

function wordCount(text: string): number {
  return text === '' ? 0 : text.split(' ').length;
}
