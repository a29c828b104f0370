// Feed items into articles: each new item is sanitized by the extraction service (feed HTML is
// hostile and never stored raw), then a feed's new items are stored together (storeArticles).
// An item already taken in, by id or by normalized link, is skipped, so a refresh never duplicates.

import { TidingsError, describeError } from '../errors.js';
import type { ParsedFeed, ParsedItem } from '../feeds/index.js';
import { articleIdFor, normalizeUrl, shortHash } from '../model/identity.js';
import type { Feed } from '../model/index.js';
import { type NetworkScope, scopeOf } from '../net/index.js';
import type { ArchiveContext } from './context.js';
import { type Stored, storeArticles } from './store-article.js';

/** How many keys of seen items each feed keeps (two per item: its id and its link). */
const MAX_SEEN_KEYS = 5000;
const WORDS_PER_MINUTE = 220;
const EXCERPT_CHARS = 300;

/**
 * Stores the new items of `parsed`; returns how many articles were created. An item that can
 * never be stored (its cleaning fails, it is refused, its files cannot be written while the
 * others' can) is skipped: reported as a notice and remembered, so the feed is not failed for
 * it forever. An item that failed for a passing reason (a full disk, too many open files) is
 * not remembered, and the refresh fails after storing the others, to be tried again.
 */
export async function storeFeedItems(ctx: ArchiveContext, feed: Feed, parsed: ParsedFeed): Promise<number> {
  const clean: CleanFn | undefined = ctx.services.extraction?.cleanHtml;
  if (!clean) throw new TidingsError('feeds', feed.url, 'cannot store items: no HTML sanitizer is registered (extraction service missing)');
  const seen = new Set(ctx.data.feedSeen?.[feed.id] ?? []);
  const created: string[] = [];
  // Pick the new items first (the same page twice in one feed is one item), then clean them
  // all at once: the extraction pool works on as many as it has workers.
  const taken = new Set(seen);
  const fresh: { item: ParsedItem; id: string }[] = [];
  const identities = parsed.items.map((item) => identify(feed, item));
  for (const [i, item] of parsed.items.entries()) {
    const { id, keys } = identities[i]!;
    const known = keys.some((key) => taken.has(key)) || ctx.data.articles[id] || ctx.data.tombstones[id];
    keys.forEach((key) => taken.add(key));
    if (!known) fresh.push({ item, id });
  }
  // A feed on the public internet may not make us fetch images from a private address.
  const network = fresh.length > 0 ? await scopeOf(feed.url) : 'any';
  const cleaned = await Promise.allSettled(fresh.map(({ item }) => cleanItem(clean, item, feed, network)));
  // Then store them together (files, records, hooks: one step each for the whole feed).
  const ready = fresh.flatMap(({ item, id }, i) => {
    const result = cleaned[i]!;
    return result.status === 'fulfilled' ? [{ i, article: { content: contentOf(feed, item, id, result.value), html: result.value.html, text: result.value.text } }] : [];
  });
  const stored = await storeArticles(ctx, ready.map(({ article }) => article)).catch((error: unknown) =>
    ready.map((): PromiseRejectedResult => ({ status: 'rejected', reason: error })),
  );
  // Each item's outcome in feed order: its cleaning's failure, else its storing's result.
  const outcomes = cleaned.map((result): PromiseSettledResult<Stored> | undefined => (result.status === 'rejected' ? result : undefined));
  ready.forEach(({ i }, k) => (outcomes[i] = stored[k]));
  const storeFailedAll = stored.length > 0 && stored.every((result) => result.status === 'rejected');
  const skipped: string[] = [];
  const retry: string[] = [];
  const failed = new Set<string>();
  for (const [i, { id }] of fresh.entries()) {
    const result = outcomes[i]!;
    if (result.status === 'fulfilled' && result.value.outcome === 'created') created.push(id);
    if (result.status === 'fulfilled') continue;
    const fromStore = cleaned[i]!.status === 'fulfilled';
    if (isPassing(result.reason, fromStore && storeFailedAll)) {
      failed.add(id); // not remembered: the next refresh tries it again
      retry.push(describeError(result.reason));
    } else {
      skipped.push(describeError(result.reason)); // remembered with the others: never tried again
    }
  }
  const newKeys: string[] = [];
  for (const { id, keys } of identities) {
    if (!failed.has(id)) remember(keys, seen, newKeys);
  }
  rememberInStore(ctx, feed.id, newKeys);
  if (feed.fetchFullArticle && created.length > 0) ctx.services.extraction?.enqueue(created);
  if (skipped.length > 0) {
    const message = `${skipped.length} item(s) skipped: they cannot be stored and will not be tried again (${created.length} stored): ${skipped[0]}`;
    ctx.emit({ type: 'notice', level: 'warning', message: new TidingsError('feeds', feed.url, message).message });
  }
  if (retry.length > 0) {
    // The refresh counts as failed, so the feed keeps its old body hash and the next one parses it again.
    throw new TidingsError('feeds', feed.url, `${retry.length} item(s) could not be stored for now and will be tried again at the next refresh (${created.length} stored): ${retry[0]}`);
  }
  return created.length;
}

/** Failures of the moment, not of the item: the disk, the process's limits, the workers. */
const PASSING_CODES = new Set(['ENOSPC', 'EDQUOT', 'EMFILE', 'ENFILE', 'EAGAIN', 'EBUSY', 'ENOMEM', 'EIO', 'ETIMEDOUT', 'EROFS', 'EACCES', 'EPERM']);
/** Codes that only one item's files can have (a bad name, something else in the way). */
const ITEM_CODES = new Set(['EISDIR', 'ENOTDIR', 'ENAMETOOLONG', 'EINVAL', 'EEXIST']);
const PASSING_WORKER = /pool (is|was) closed|did not start/;

/**
 * Whether an item that failed may be stored another time. An item whose files could not be
 * written while every other item of the feed failed too met a problem of the folder, not its own.
 */
function isPassing(error: unknown, wholeBatchFailed: boolean): boolean {
  const code = errnoOf(error);
  if (code && ITEM_CODES.has(code)) return false;
  if (code && PASSING_CODES.has(code)) return true;
  if (PASSING_WORKER.test(describeError(error))) return true;
  return wholeBatchFailed && !(error instanceof TidingsError && error.kind === 'invalid');
}

function errnoOf(error: unknown): string | null {
  for (let e = error as { code?: unknown; cause?: unknown } | null | undefined, depth = 0; e && depth < 5; e = e.cause as typeof e, depth++) {
    if (typeof e.code === 'string') return e.code;
  }
  return null;
}

/** The article id of an item and the keys it is remembered by (its id and its normalized link). */
export function identify(feed: Feed, item: ParsedItem): { id: string; keys: string[] } {
  const guid = item.guid ?? (item.link ? null : item.fallbackKey);
  const id = articleIdFor({ feedId: feed.id, guid, url: item.link });
  const keys = [id];
  if (item.link) keys.push(`u${shortHash(normalizeUrl(item.link))}`);
  return { id, keys };
}

type Cleaned = { html: string; text: string; wordCount: number; leadImage: string | null };

type CleanFn = (html: string, baseUrl: string | null, network?: NetworkScope) => Promise<Cleaned>;

async function cleanItem(clean: CleanFn, item: ParsedItem, feed: Feed, network: NetworkScope): Promise<Cleaned> {
  const html = item.contentHtml ?? item.summary;
  if (!html) return { html: '', text: '', wordCount: 0, leadImage: null };
  return clean(html, item.link ?? feed.url, network);
}

function contentOf(feed: Feed, item: ParsedItem, id: string, cleaned: Cleaned) {
  return {
    id,
    source: 'feed' as const,
    feedId: feed.id,
    guid: item.guid,
    url: item.link,
    title: item.title || cleaned.text.slice(0, 80).trim() || '(untitled)',
    byline: item.author,
    siteName: feed.title || null,
    lang: null,
    publishedAt: item.published,
    excerpt: excerpt(cleaned.text),
    wordCount: cleaned.wordCount,
    readingMinutes: Math.max(1, Math.round(cleaned.wordCount / WORDS_PER_MINUTE)),
    leadImage: cleaned.leadImage,
    enclosures: item.enclosures,
    suggestedTags: item.categories,
    extraction: { status: 'feed' as const, reason: null, attempts: 0, at: null },
  };
}

function excerpt(text: string): string | null {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (!flat) return null;
  if (flat.length <= EXCERPT_CHARS) return flat;
  const cut = flat.slice(0, EXCERPT_CHARS);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), EXCERPT_CHARS / 2))}…`;
}

function remember(keys: string[], seen: Set<string>, newKeys: string[]): void {
  for (const key of keys) {
    if (seen.has(key)) continue;
    seen.add(key);
    newKeys.push(key);
  }
}

function rememberInStore(ctx: ArchiveContext, feedId: string, newKeys: string[]): void {
  if (newKeys.length === 0) return;
  ctx.library.change((data) => {
    data.feedSeen ??= {};
    const keys = [...(data.feedSeen[feedId] ?? []), ...newKeys];
    data.feedSeen[feedId] = keys.length > MAX_SEEN_KEYS ? keys.slice(keys.length - MAX_SEEN_KEYS) : keys;
  });
}
