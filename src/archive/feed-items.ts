// Feed items into articles: each new item is sanitized by the extraction service (feed HTML is
// hostile and never stored raw), then a feed's new items are stored together (storeArticles).
// An item already taken in (see pickNew: its id, or its link and title under another guid) is
// skipped, so a refresh never duplicates; each stored item gets its rank in the feed (feedRank).
// A known item whose content changed at the source is updated in place (see corrections.ts), and
// the new items of a summary-only feed are queued for full-text extraction (see summary-only.ts).

import { TidingsError, describeError } from '../errors.js';
import type { ParsedFeed, ParsedItem } from '../feeds/index.js';
import { articleIdFor, legacyItemIdFor, linkedItemIdFor, normalizeUrl, shortHash, titleKey } from '../model/index.js';
import type { Feed, LibraryData } from '../model/index.js';
import { type NetworkScope, scopeOf } from '../net/index.js';
import { feedRank } from '../search/index.js';
import type { ArchiveContext } from './context.js';
import { type Correction, findCorrections, MAX_CORRECTIONS, rawHashOf } from './corrections.js';
import { type Stored, storeArticles } from './store-article.js';
import { wantsFullText } from './summary-only.js';

/** How many keys of seen items each feed keeps (two per item: its id and its link and title). */
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
  // Pick the new items first, then clean them all at once: the extraction pool works on as
  // many as it has workers.
  const { identities, fresh } = pickNew(feed, parsed.items, { seen, articles: ctx.data.articles, tombstones: ctx.data.tombstones });
  // Looked for before the new items are stored: those are not corrections.
  const { corrections, baselines } = findCorrections(feed, parsed.items, identities.map((x) => x.id), ctx.data.articles);
  const refreshedAt = Date.now();
  // A feed on the public internet may not make us fetch images from a private address.
  const network = fresh.length > 0 || corrections.length > 0 ? await scopeOf(feed.url) : 'any';
  const cleaned = await Promise.allSettled(fresh.map(({ item }) => cleanItem(clean, item, feed, network)));
  // Then store them together (files, records, hooks: one step each for the whole feed).
  const ready = fresh.flatMap(({ item, id, index }, i) => {
    const result = cleaned[i]!;
    return result.status === 'fulfilled' ? [{ i, article: { content: contentOf(feed, item, id, feedRank(refreshedAt, index), result.value), html: result.value.html, text: result.value.text } }] : [];
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
  recordBaselines(ctx, baselines);
  await applyCorrections(ctx, feed, corrections, clean, network);
  if (created.length > 0 && wantsFullText(feed, parsed.items)) {
    // Only an item with a page can have its full text fetched.
    ctx.services.extraction?.enqueue(created.filter((id) => ctx.data.articles[id]?.url));
  }
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

/**
 * The article id of an item and the keys it is remembered by: its id and, when it has a link,
 * `t<hash>` of its link and title (the same item under another guid).
 */
export function identify(feed: Feed, item: ParsedItem): Identity {
  const link = item.link ? normalizeUrl(item.link) : null;
  const pair = link ? `t${shortHash(`${link}\n${titleKey(item.title)}`)}` : null;
  let id: string;
  if (item.guid) id = articleIdFor({ feedId: feed.id, guid: item.guid });
  else if (item.link) id = linkedItemIdFor(feed.id, item.link, item.title);
  else id = articleIdFor({ feedId: feed.id, guid: item.fallbackKey, url: null });
  return {
    id,
    keys: pair ? [id, pair] : [id],
    pair,
    link,
    oldLinkKey: link ? `u${shortHash(link)}` : null,
    legacyId: !item.guid && item.link ? legacyItemIdFor(item.link) : null,
  };
}

export interface Identity {
  id: string;
  /** What the feed remembers of the item. */
  keys: string[];
  /** `t<hash>` of normalized link and title, or null without a link. */
  pair: string | null;
  link: string | null;
  /** The key the old scheme remembered the link by. */
  oldLinkKey: string | null;
  /** The id the old scheme gave an item without a guid (the link alone), or null. */
  legacyId: string | null;
}

/** What the archive already holds, as far as picking a feed's new items goes. */
export interface Known {
  /** The keys this feed remembers (feedSeen). */
  seen: Set<string>;
  articles: LibraryData['articles'];
  tombstones: LibraryData['tombstones'];
}

/**
 * The items of a feed document that are new, in feed order, with each one's position in the
 * feed. Known: the same id (here, in the feed's memory, stored or deleted); the same link and
 * title under another guid, unless several items of the document share them; or stored by the
 * old scheme (see knownByOldScheme).
 */
export function pickNew(feed: Feed, items: ParsedItem[], known: Known): { identities: Identity[]; fresh: { item: ParsedItem; id: string; index: number }[] } {
  const identities = items.map((item) => identify(feed, item));
  const pairs = countOf(identities.map((x) => x.pair));
  const links = countOf(identities.map((x) => x.link));
  const old = { scheme: isOldScheme(known.seen), links, groups: legacyGroups(items, identities) };
  const taken = new Set<string>();
  const fresh: { item: ParsedItem; id: string; index: number }[] = [];
  for (const [index, item] of items.entries()) {
    const who = identities[index]!;
    const isKnown =
      taken.has(who.id) || known.seen.has(who.id) || known.articles[who.id] !== undefined || known.tombstones[who.id] !== undefined ||
      (who.pair !== null && known.seen.has(who.pair) && pairs.get(who.pair) === 1) ||
      knownByOldScheme(feed, item, who, known, old);
    taken.add(who.id);
    if (!isKnown) fresh.push({ item, id: who.id, index });
  }
  return { identities, fresh };
}

type OldScheme = { scheme: boolean; links: Map<string | null, number>; groups: Map<string, ParsedItem[]> };

/**
 * Whether the old scheme (id = hash of the link alone, in any feed; `u<hash>` link keys) already
 * took this item in, so an upgrade brings nothing back as new. The old id was shared by every
 * guid-less item with that link, so only one of them was stored: the one whose title is the
 * stored article's (else the first); the others, and an item whose old id belongs to another
 * feed, were lost then and are new now. A saved page of that URL stays the one article.
 */
function knownByOldScheme(feed: Feed, item: ParsedItem, who: Identity, known: Known, old: OldScheme): boolean {
  if (who.legacyId === null) {
    // A guid that changed while the link did not, seen only by the old scheme's link key.
    return old.scheme && who.oldLinkKey !== null && known.seen.has(who.oldLinkKey) && old.links.get(who.link) === 1;
  }
  const stored = known.articles[who.legacyId];
  if (stored && stored.source !== 'feed') return true;
  if (stored) return stored.feedId === feed.id && isTheStoredOne(item, stored.title, old.groups.get(who.link!) ?? [item]);
  if (known.tombstones[who.legacyId] !== undefined) return true;
  return old.scheme && (known.seen.has(who.legacyId) || known.seen.has(who.oldLinkKey!));
}

function isTheStoredOne(item: ParsedItem, storedTitle: string, group: ParsedItem[]): boolean {
  if (group.length === 1) return true;
  const wanted = titleKey(storedTitle);
  const match = group.find((x) => titleKey(x.title) === wanted) ?? group[0];
  return match === item;
}

/** A feed's memory written before `t` keys existed (the first refresh after the upgrade). */
function isOldScheme(seen: Set<string>): boolean {
  if (seen.size === 0) return false;
  for (const key of seen) if (key.startsWith('t')) return false;
  return true;
}

/** The guid-less items of a document by normalized link. */
function legacyGroups(items: ParsedItem[], identities: Identity[]): Map<string, ParsedItem[]> {
  const groups = new Map<string, ParsedItem[]>();
  for (const [i, who] of identities.entries()) {
    if (who.legacyId === null || who.link === null) continue;
    const group = groups.get(who.link);
    if (group) group.push(items[i]!);
    else groups.set(who.link, [items[i]!]);
  }
  return groups;
}

function countOf(values: (string | null)[]): Map<string | null, number> {
  const counts = new Map<string | null, number>();
  for (const v of values) if (v !== null) counts.set(v, (counts.get(v) ?? 0) + 1);
  return counts;
}

type Cleaned = { html: string; text: string; wordCount: number; leadImage: string | null };

type CleanFn = (html: string, baseUrl: string | null, network?: NetworkScope) => Promise<Cleaned>;

async function cleanItem(clean: CleanFn, item: ParsedItem, feed: Feed, network: NetworkScope): Promise<Cleaned> {
  const html = item.contentHtml ?? item.summary;
  if (!html) return { html: '', text: '', wordCount: 0, leadImage: null };
  return clean(html, item.link ?? feed.url, network);
}

function contentOf(feed: Feed, item: ParsedItem, id: string, feedRank: number | undefined, cleaned: Cleaned) {
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
    ...(feedRank === undefined ? {} : { feedRank }),
    rawHash: rawHashOf(item),
    extraction: { status: 'feed' as const, reason: null, attempts: 0, at: null },
  };
}

// ---- publisher corrections ---------------------------------------------------------------

/**
 * Update in place the stored items whose content changed at the source, keeping what the user
 * did (read, starred, tags, saved and added times: storeArticles keeps the state), the item's
 * place in the list (feedRank, publishedAt) and its extraction status. An article whose full
 * text was extracted keeps it: only its title follows the feed. One whose cleaning or storing
 * fails keeps its old hash and is tried again when the feed changes next.
 */
async function applyCorrections(ctx: ArchiveContext, feed: Feed, corrections: Correction[], clean: CleanFn, network: NetworkScope): Promise<void> {
  if (corrections.length === 0) return;
  const extracted = corrections.filter((c) => c.article.extraction.status === 'done');
  const fromFeed = corrections.filter((c) => c.article.extraction.status !== 'done');
  const cleaned = await Promise.allSettled(fromFeed.map((c) => cleanItem(clean, c.item, feed, network)));
  const ready = fromFeed.flatMap((c, i) => {
    const result = cleaned[i]!;
    return result.status === 'fulfilled' ? [{ c, cleaned: result.value }] : [];
  });
  const stored = await storeArticles(ctx, ready.map(({ c, cleaned }) => correctedArticle(feed, c, cleaned))).catch(() => []);
  const outcomeOf = (k: number) => (stored[k]?.status === 'fulfilled' ? stored[k].value.outcome : null);
  // Same text as before (a title, a link or markup changed): no file is written, only the record.
  const recordOnly = [...extracted, ...ready.filter((_, k) => outcomeOf(k) === 'unchanged').map(({ c }) => c)];
  if (recordOnly.length > 0) {
    ctx.library.change((data) => {
      for (const c of recordOnly) {
        const a = data.articles[c.id];
        if (!a) continue;
        a.title = c.item.title || a.title;
        a.rawHash = c.rawHash;
        a.corrections = (a.corrections ?? 0) + 1;
      }
    });
    const ids = recordOnly.map((c) => c.id);
    await ctx.runHooks('changed', ids);
    ctx.emit({ type: 'changed', what: 'articles', ids });
  }
  const applied = new Set([...recordOnly.map((c) => c.id), ...ready.filter((_, k) => outcomeOf(k) === 'updated').map(({ c }) => c.id)]);
  const stopped = corrections.filter((c) => c.last && applied.has(c.id));
  if (stopped.length > 0) {
    const message = `${stopped.length} item(s) changed at ${MAX_CORRECTIONS} refreshes; their later changes at the source are not applied ("${stopped[0]!.article.title}")`;
    ctx.emit({ type: 'notice', level: 'warning', message: new TidingsError('feeds', feed.url, message).message });
  }
}

function correctedArticle(feed: Feed, c: Correction, cleaned: Cleaned) {
  const fresh = contentOf(feed, c.item, c.id, c.article.feedRank, cleaned);
  const content = {
    ...fresh,
    title: c.item.title || c.article.title,
    // A correction does not move the article in the list, nor forget a downloaded enclosure.
    publishedAt: c.article.publishedAt,
    enclosures: c.item.enclosures.map((e) => ({ ...c.article.enclosures.find((old) => old.url === e.url), ...e })),
    extraction: c.article.extraction,
    rawHash: c.rawHash,
    corrections: (c.article.corrections ?? 0) + 1,
  };
  return { content, html: cleaned.html, text: cleaned.text };
}

/** Items stored before raw hashes were kept get theirs now, without being rewritten. */
function recordBaselines(ctx: ArchiveContext, baselines: { id: string; rawHash: string }[]): void {
  if (baselines.length === 0) return;
  ctx.library.change((data) => {
    for (const { id, rawHash } of baselines) {
      const a = data.articles[id];
      if (a) a.rawHash = rawHash;
    }
  });
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
